#!/usr/bin/env python3
"""Writes succession(1) from the binary's own help: every command's --help, verbatim.

usage: man-page.py SUCCESSION-BINARY DATE > succession.1

ArgumentParser's generate-manual drops every non-ASCII character (1.8.2), which leaves
"succession work () for  terminals": the help's Japanese terms are the manual's words, so the
page is made here from the same help text, kept whole.
"""
import json
import os
import subprocess
import sys

binary, date = sys.argv[1], sys.argv[2]
# Help is wrapped to the terminal's width: fix it, so the page is the same on every machine.
env = dict(os.environ, COLUMNS="78")


def run(*args):
    return subprocess.run([binary, *args], env=env, check=True, capture_output=True, text=True).stdout


def roff(text):
    """Text for a no-fill block: backslashes escaped, no line read as a request."""
    lines = []
    for line in text.rstrip("\n").split("\n"):
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def commands(command, path):
    yield path, command
    for sub in command.get("subcommands", []):
        if sub.get("shouldDisplay", True) and sub["commandName"] != "help":
            yield from commands(sub, path + [sub["commandName"]])


root = json.loads(run("--experimental-dump-help"))["command"]
version = run("--version").strip()
out = [
    f'.TH SUCCESSION 1 "{date}" "succession {version}" "User Commands"',
    ".SH NAME",
    f"succession \\- {roff(root['abstract'])}",
    ".SH SYNOPSIS",
    ".B succession",
    ".I command",
    "[options]",
    ".SH DESCRIPTION",
    roff(root.get("discussion", "")),
    ".PP",
    "Each command below is shown as its own --help prints it.",
    ".SH COMMANDS",
]
for path, _ in commands(root, []):
    out += [f'.SS "{" ".join(["succession", *path])}"', ".nf", roff(run(*path, "--help")), ".fi"]
out += [
    ".SH EXIT STATUS",
    "0 when every check passes, 1 when a check fails, 2 on a usage error or an unreadable input.",
    ".SH SEE ALSO",
    "README.md beside the binary in the release tarball.",
]
sys.stdout.write("\n".join(out) + "\n")
