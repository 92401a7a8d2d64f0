#!/usr/bin/env python3
"""Rewrites every bag's iteration count 8388608 (INTEGER 02 04 00 80 00 00) as 2**31 - 1.

openssl writes a MAC-less file with -iter 8388608 in seconds; the same length of INTEGER then
holds 2**31 - 1, which no open could derive in reasonable time (minutes per bag). The count
of occurrences is checked, so a salt that happened to hold the same bytes fails loudly.

    python3 patch-bag-iterations.py IN.p12 OUT.p12 BAGS
"""
import sys

source, target, bags = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(source, "rb").read()
old, new = bytes.fromhex("020400800000"), bytes.fromhex("02047fffffff")
assert data.count(old) == bags, (source, data.count(old))
open(target, "wb").write(data.replace(old, new))
