#!/usr/bin/env bash
# Builds the release tarball a technician unpacks without a Swift toolchain:
#   bash Scripts/release.sh [OUT-DIR]      (default .build-release/dist)
# The binary carries the Swift runtime (--static-swift-stdlib) and needs only glibc, libstdc++
# and the system's libssl3. The tarball holds it, the README, LICENSE.txt, CHANGELOG.md,
# bash/zsh/fish completions, a man page, the Windows terminal's agent
# (windows/succession-agent.exe, cross-compiled with mingw-w64, with its own .sha256 to check on
# the Windows PC) and SHA256SUMS over every file. Rerunnable: the same commit gives the same
# tarball.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-release
out=${1:-$scratch/dist}
say() { echo "release: $*"; }

say "building succession (release, static Swift runtime) in $scratch"
swift build -c release --static-swift-stdlib --product succession --scratch-path "$scratch"
bin=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)
version=$("$bin/succession" --version)
arch=$(uname -m)
name=succession-$version-linux-$arch
# A fixed date from the commit keeps the man page and the tarball the same on every rerun.
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
commit=$(git describe --tags --always --dirty 2>/dev/null || echo unknown)
say "version $version ($commit), $arch"

mkdir -p "$out"
stage=$(mktemp -d "$scratch/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dir=$stage/$name
mkdir -p "$dir/completions" "$dir/man" "$dir/windows"

cp "$bin/succession" "$dir/succession"
# Debug info is most of the size; the symbol table stays, so a crash's backtrace keeps names.
strip --strip-debug "$dir/succession"
cp README.md "$dir/README.md"
# Apache 2.0, section 4(a): whoever gets the binary gets the licence; and what changed.
cp LICENSE.txt "$dir/LICENSE.txt"
cp CHANGELOG.md "$dir/CHANGELOG.md"
# Resource bundles are looked up beside the executable: ship every one the build made.
for bundle in "$bin"/*.resources; do
    [ -e "$bundle" ] || continue
    say "resource bundle $(basename "$bundle")"
    cp -R "$bundle" "$dir/"
done
"$dir/succession" --generate-completion-script bash > "$dir/completions/succession.bash"
"$dir/succession" --generate-completion-script zsh > "$dir/completions/_succession"
"$dir/succession" --generate-completion-script fish > "$dir/completions/succession.fish"
# From every command's --help: ArgumentParser's generate-manual would drop the Japanese words.
python3 Scripts/man-page.py "$dir/succession" "$date" > "$dir/man/succession.1"
echo "$version $commit" > "$dir/VERSION"
# The agent the Windows terminal runs (`job init --windows-agent`): reproducible bytes, system
# DLLs only (the build script refuses any other import).
say "building the Windows agent"
bash Scripts/windows-agent-build.sh >/dev/null
cp Windows/Agent/build/succession-agent.exe "$dir/windows/succession-agent.exe"
cp Windows/Agent/PROTOCOL.md "$dir/windows/PROTOCOL.md"
(cd "$dir/windows" && sha256sum succession-agent.exe > succession-agent.exe.sha256)

(cd "$dir" && find . -type f | LC_ALL=C sort | sed 's|^\./||' | xargs -d '\n' sha256sum > ../SHA256SUMS)
mv "$stage/SHA256SUMS" "$dir/SHA256SUMS"

tarball=$out/$name.tar.gz
tar --sort=name --mtime="$date 00:00Z" --owner=0 --group=0 --numeric-owner \
    -C "$stage" -cf - "$name" | gzip -n -9 > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
say "wrote $tarball ($(du -h "$tarball" | cut -f1)) and $name.tar.gz.sha256"
