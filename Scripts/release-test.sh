#!/usr/bin/env bash
# Runs the release tarball where no Swift was ever installed: a minimal Debian bookworm root
# (debootstrap --variant=minbase) given exactly the packages that ldd says the binary lacks
# there, nothing else. Needs root (debootstrap, chroot, mount).
#   bash Scripts/release-test.sh [TARBALL]   (default: the one Scripts/release.sh made)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-release
mirror=http://deb.debian.org/debian
base=$scratch/debian-bookworm-minbase   # cached: debootstrap takes minutes, a copy seconds
root=$scratch/debian-root               # made again from the cache on every run
debs=$scratch/debian-debs               # the packages added, cached for reruns
say() { echo "release-test: $*"; }
fail() { echo "release-test: FAILED: $*" >&2; exit 1; }

# shellcheck disable=SC2012 # the newest by time; our own names have no odd characters
tarball=${1:-$(ls -t "$scratch"/dist/succession-*-linux-"$(uname -m)".tar.gz 2>/dev/null | head -n 1)}
[ -f "$tarball" ] || fail "no tarball; run Scripts/release.sh first"
name=$(basename "$tarball" .tar.gz)
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, mount)"
command -v debootstrap > /dev/null || fail "debootstrap is missing (apt-get install -y debootstrap)"

serve_pid=
cleanup() {
    if [ -n "$serve_pid" ]; then kill "$serve_pid" 2> /dev/null || true; wait "$serve_pid" 2> /dev/null || true; fi
    if mountpoint -q "$root/proc" 2> /dev/null; then umount "$root/proc"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM # so that the EXIT trap unmounts /proc then too

if [ ! -e "$base/.complete" ]; then
    say "making a minbase Debian bookworm root from $mirror (once; cached in $base)"
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror"
    cp /etc/resolv.conf "$base/etc/resolv.conf"
    chroot "$base" apt-get update
    touch "$base/.complete"
fi
cleanup # a run killed before its trap may have left /proc mounted: never rm -rf through it
rm -rf "$root"
cp -a "$base" "$root"
mount -t proc proc "$root/proc"

# In the root, as a technician's shell would run it: no variable of the build machine.
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

say "unpacking $tarball into /opt and checking SHA256SUMS"
tar -xzf "$tarball" -C "$root/opt"
dir=/opt/$name
in_root sh -c "cd $dir && sha256sum --quiet -c SHA256SUMS" || fail "SHA256SUMS does not match"
listed=$(wc -l < "$root$dir/SHA256SUMS")
files=$(find "$root$dir" -type f ! -name SHA256SUMS | wc -l)
[ "$listed" = "$files" ] || fail "SHA256SUMS lists $listed files, the tarball has $files"

# What ldd finds missing in minbase, mapped to the package that holds it on this (bookworm) machine.
missing=$(in_root ldd "$dir/succession" | awk '/not found/ { print $1 }')
packages=
for library in $missing; do
    package=$(dpkg -S "$library" 2> /dev/null | awk -F': ' -v lib="$library" '$2 ~ "/" lib "$" { print $1; exit }')
    [ -n "$package" ] || fail "no package of this machine holds $library"
    packages="$packages ${package%%:*}"
done
packages=$(echo "$packages" | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ')
say "ldd in minbase: missing ${missing//$'\n'/, }; adding: $packages"
installed() { in_root dpkg-query -W -f "\${Package}\n" | sort; }
installed > "$scratch/packages-before"
if [ -n "$packages" ]; then
    mkdir -p "$debs"
    cp "$debs"/*.deb "$root/var/cache/apt/archives/" 2> /dev/null || true
    # shellcheck disable=SC2086 # one word per package
    DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -q -o Dpkg::Use-Pty=0 --no-install-recommends $packages \
        > "$scratch/apt.log" 2>&1 || { cat "$scratch/apt.log" >&2; fail "apt-get install $packages"; }
    cp "$root"/var/cache/apt/archives/*.deb "$debs/" 2> /dev/null || true
fi
installed > "$scratch/packages-after"
added=$(comm -13 "$scratch/packages-before" "$scratch/packages-after" | tr '\n' ' ')
say "packages added to minbase: ${added:-none}"
[ "$added" = "$packages" ] || fail "apt added more than ldd asked for: $added"
if in_root ldd "$dir/succession" | grep -q 'not found'; then fail "ldd still finds a library missing"; fi

expect() {
    # $1 = what the output must contain; the rest = the command, run in the root
    local want=$1 output status=0
    shift
    say "run: $*"
    output=$(in_root "$@" 2>&1) || status=$?
    [ "$status" = 0 ] || { echo "$output" >&2; fail "$* exited $status"; }
    grep -qF -- "$want" <<< "$output" || { echo "$output" >&2; fail "$* did not print '$want'"; }
}
expect "USAGE: succession" "$dir/succession" --help
expect "Tokyo" "$dir/succession" code check 1310110049 --lang en
expect "東京都・医科" "$dir/succession" code check 1310110049 --lang ja
expect "All steps done" "$dir/succession" demo --lang en
expect "complete -o filenames -F _succession succession" bash -c "cat $dir/completions/succession.bash"
in_root bash -n "$dir/completions/succession.bash" || fail "the bash completion does not parse"
[ -s "$root$dir/completions/_succession" ] || fail "no zsh completion"
[ -s "$root$dir/completions/succession.fish" ] || fail "no fish completion"
grep -q '^\.TH SUCCESSION 1' "$root$dir/man/succession.1" || fail "the man page has no .TH SUCCESSION 1 header"
grep -q '^\.SS "succession job run"' "$root$dir/man/succession.1" || fail "the man page lacks job run"
grep -q '承継工事' "$root$dir/man/succession.1" || fail "the man page lost its Japanese"
# The Windows agent: a PE32+ executable whose .sha256 checks, as a technician checks it on the PC.
in_root sh -c "cd $dir/windows && sha256sum --quiet -c succession-agent.exe.sha256" ||
    fail "windows/succession-agent.exe does not match its .sha256"
[ "$(head -c 2 "$root$dir/windows/succession-agent.exe")" = MZ ] || fail "windows/succession-agent.exe is not a Windows executable"

# The guided page: started in the root, fetched from outside through loopback, then stopped.
say "run: $dir/succession serve"
mkdir -p "$root/tmp/work"
log=$scratch/serve.log
chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    "$dir/succession" serve --terminal /tmp/work --lang en > "$log" 2>&1 &
serve_pid=$!
url=
for _ in $(seq 1 100); do
    # A loopback address of the page's own (127.X.Y.Z), so its cookie reaches no other local service.
    url=$(grep -oE 'http://127\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+/\?t=[0-9a-zA-Z_-]+' "$log" || true)
    [ -n "$url" ] && break
    kill -0 "$serve_pid" 2> /dev/null || { cat "$log" >&2; fail "serve stopped before printing its address"; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; fail "serve printed no address in 10 s"; }
# The token is traded for a cookie on a redirect, as a browser does.
page=$(curl -fsSL --max-time 10 -c "$scratch/cookies" -b "$scratch/cookies" "$url") || fail "the page at ${url%%\?*} did not answer"
grep -q '<form' <<< "$page" || fail "the page has no form"
refused=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "${url%%\?*}" || true)
[ "$refused" = 403 ] || fail "the page answered $refused without its token (403 expected)"
kill "$serve_pid"
wait "$serve_pid" 2> /dev/null || true
serve_pid=
say "serve answered at ${url%%\?*} (token withheld) and stopped"

echo "release-test: OK: $name runs in a minbase Debian bookworm root with only: ${added:-nothing}"
