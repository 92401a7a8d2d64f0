#!/usr/bin/env bash
# Builds Windows/Agent/build/succession-agent.exe with Debian's mingw-w64 cross-compiler
# (package gcc-mingw-w64-x86-64-win32) and prints its SHA-256. Links system DLLs only.
# The build is reproducible (no timestamp in the PE header): the same source gives the same hash.
set -euo pipefail
cd "$(dirname "$0")/../Windows/Agent"
CC=${CC:-x86_64-w64-mingw32-gcc}
WINDRES=${WINDRES:-x86_64-w64-mingw32-windres}
command -v "$CC" >/dev/null || { echo "missing $CC: apt-get install gcc-mingw-w64-x86-64-win32" >&2; exit 2; }
mkdir -p build
"$WINDRES" -O coff -I src src/agent.rc build/agent.res.o
# -municode: wmain (UTF-16 argv). __USE_MINGW_ANSI_STDIO: mingw's C99 printf family, not msvcrt's.
# -static-libgcc: no libgcc DLL beside the .exe. --no-insert-timestamp: reproducible bytes.
"$CC" -std=c11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -municode \
    -D__USE_MINGW_ANSI_STDIO=1 -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00 \
    -o build/succession-agent.exe src/*.c build/agent.res.o \
    -static-libgcc -Wl,--no-insert-timestamp -s \
    -lcrypt32 -ladvapi32 -lncrypt -lshell32 -lole32
# Every DLL it imports must be one that Windows itself ships.
shopt -s nocasematch
allowed='^(kernel32|advapi32|crypt32|ncrypt|shell32|ole32|msvcrt)\.dll$'
dlls=$(x86_64-w64-mingw32-objdump -p build/succession-agent.exe | awk '/DLL Name:/ {print $3}')
for d in $dlls; do
    if ! [[ $d =~ $allowed ]]; then
        echo "unexpected DLL import: $d" >&2
        exit 1
    fi
done
echo "imports: $(echo $dlls | tr '\n' ' ')"
sha256sum build/succession-agent.exe | awk '{print "succession-agent.exe sha256 " $1}'
ls -l build/succession-agent.exe | awk '{print "size " $5 " bytes"}'
