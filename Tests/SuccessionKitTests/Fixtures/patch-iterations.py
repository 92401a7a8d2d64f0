#!/usr/bin/env python3
"""Writes a copy of a PKCS#12 file whose MAC iteration count is 2**31 - 1.

No openssl run could derive such a MAC in reasonable time, so the count is written into a real
file's MacData (PFX = SEQUENCE { version, authSafe, macData }, macData = SEQUENCE { mac,
macSalt, iterations }) and the two enclosing lengths are re-encoded. Used by make-fixtures.sh.

    python3 patch-iterations.py IN.p12 OUT.p12
"""
import sys


def read_tlv(data, offset):
    """(tag, header length, content length) of the TLV at offset."""
    tag = data[offset]
    first = data[offset + 1]
    if first < 0x80:
        return tag, 2, first
    count = first & 0x7F
    length = int.from_bytes(data[offset + 2:offset + 2 + count], "big")
    return tag, 2 + count, length


def encode_length(length):
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + encode_length(len(content)) + content


def children(data):
    offset, items = 0, []
    while offset < len(data):
        _, header, length = read_tlv(data, offset)
        items.append(data[offset:offset + header + length])
        offset += header + length
    return items


source, target = sys.argv[1], sys.argv[2]
data = open(source, "rb").read()
_, header, length = read_tlv(data, 0)
version, auth_safe, mac_data = children(data[header:header + length])
_, mac_header, mac_length = read_tlv(mac_data, 0)
mac, salt, _iterations = children(mac_data[mac_header:mac_header + mac_length])
huge = tlv(0x02, (2**31 - 1).to_bytes(4, "big"))
patched = tlv(0x30, version + auth_safe + tlv(0x30, mac + salt + huge))
open(target, "wb").write(patched)
