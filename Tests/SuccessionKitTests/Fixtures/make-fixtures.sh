#!/usr/bin/env bash
# Makes the PKCS#12 test fixtures with the real `openssl` CLI. Rerunnable: it rebuilds
# everything from scratch in this folder (keys and certificates are new each run; tests
# depend on their properties, never on their bytes).
#
#   bash Tests/SuccessionKitTests/Fixtures/make-fixtures.sh
#
# What it makes (PIN 1357, the manual's example, unless said otherwise):
#   ca.pem                  "Online Billing NW Common Root CA" (named like the real issuer)
#   new-modern.p12          new code 1310110049, AES-256-CBC/PBKDF2, SHA-256 MAC
#   new-legacy.p12          new code, RC2-40 + 3DES, SHA-1 MAC (needs OpenSSL's legacy provider)
#   reissued.p12            a second, distinct certificate for the new code (a re-issue)
#   old.p12                 old code 0110113719
#   expired.p12             new code, validity 2021-03-10..2024-06-10
#   other-issuer.p12        new code, issued by "Other Test CA"
#   ec-empty-pass.p12       EC P-256 key, empty passphrase, friendly name, chain of 2 CAs
#   nomac.p12               no MAC at all (-nomac)
#   sha512mac-0042.p12      a SHA-512 MAC, PIN 0042 (PIN recovery's OpenSSL path)
#   forged-issuer.p12       the new code's certificate by a self-made CA named like the real root
#   forged-chain.p12        the same certificate with the real root's certificate as its chain
#   two-codes.p12           a subject with two CNs: the old code and the new one
#   huge-iterations.p12     a MAC iteration count of 2^31-1 (patch-iterations.py), PIN 0000
#   nomac-huge-pbkdf2.p12   no MAC, both bags PBKDF2 with 2^31-1 iterations (patch-bag-iterations.py)
#   nomac-huge-pbe.p12      no MAC, both bags PKCS#12-PBE (legacy) with 2^31-1 iterations
#   nomac-sum-iterations.p12 no MAC, two bags of 5,000,001 iterations each: each under the limit,
#                           their sum over it
#   mac-8388608.p12         new-modern.p12's certificate alone, unencrypted, behind a SHA-256 MAC of
#                           8,388,608 iterations (allowed: a PIN search's batch takes minutes), PIN 1357
#   pin/sha256-ITER-PIN.p12 the new certificate, SHA-256 MAC, ITER iterations (1, 2, 2048, 10000), PIN
#                           0000, 0001, 5000, 7777 or 9999
#   pin/sha1-ITER-PIN.p12   the same, legacy algorithms with a SHA-1 MAC (PIN recovery's kernels)
#   cert-only.p12           certificates, no private key
#   key-only.p12            a private key, no certificate
#   key-mismatch.p12        a key and a certificate of another key
#   unsupported.p12         certificate encryption OID changed to an unknown PBE
#   damaged.p12             one byte flipped in the encrypted certificate
#   truncated.p12           the first half of new-modern.p12
#   not-pkcs12.p12          a text file
#   notice-new.txt          the paper 電子証明書取得に関する情報 【工事手順①】 of new-modern.p12 (and
#                           new-legacy.p12): 発行先 the new code, its validity read from the
#                           certificate by `openssl x509` and written as days in Japan time
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PIN=1357

cat > "$work/ca.cnf" <<'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
certificate = $dir/cert.pem
private_key = $dir/key.pem
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
[ subca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
CNF

# A CA in its own folder $1 with subject $2; signed by itself, or by CA $3 when given.
make_ca() {
    local folder=$1 subject=$2 parent=${3:-}
    mkdir -p "$work/$folder/newcerts"
    : > "$work/$folder/index.txt"
    echo 1000 > "$work/$folder/serial"
    if [ -z "$parent" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/$folder/key.pem" -out "$work/$folder/cert.pem" \
            -subj "$subject" -days 7300 -sha256 -utf8 \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    else
        issue "$parent" "$folder-ca" "$subject" 20250101000000Z 20400101000000Z rsa subca
        cp "$work/$folder-ca.key" "$work/$folder/key.pem"
        cp "$work/$folder-ca.pem" "$work/$folder/cert.pem"
    fi
}

# A certificate signed by CA $1: $2 name, $3 subject, $4 start, $5 end, $6 key type, $7 extensions.
issue() {
    local ca=$1 name=$2 subject=$3 start=$4 end=$5 keytype=${6:-rsa} ext=${7:-client}
    if [ "$keytype" = ec ]; then
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" 2>/dev/null
    else
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$name.key" 2>/dev/null
    fi
    openssl req -new -key "$work/$name.key" -subj "$subject" -utf8 -out "$work/$name.csr" 2>/dev/null
    (cd "$work/$ca" && openssl ca -batch -config ../ca.cnf -extensions "$ext" -utf8 -notext \
        -startdate "$start" -enddate "$end" -in "../$name.csr" -out "../$name.pem" 2>/dev/null)
}

make_ca root "/C=JP/O=Online Billing NW/CN=Online Billing NW Common Root CA"
make_ca other "/C=JP/O=Example/CN=Other Test CA"
make_ca sub "/C=JP/O=Online Billing NW/CN=Test Intermediate CA" root
# A self-made CA that only borrows the real root's name.
make_ca forged "/C=JP/O=Online Billing NW/CN=Online Billing NW Common Root CA"
cp "$work/root/cert.pem" ca.pem

issue root new "/C=JP/O=オンライン資格確認/OU=総合受付/CN=1310110049" 20250101000000Z 20350101000000Z
issue root reissued "/C=JP/O=オンライン資格確認/OU=総合受付/CN=1310110049" 20260101000000Z 20360101000000Z
issue root old "/C=JP/O=オンライン資格確認/OU=総合受付/CN=0110113719" 20230101000000Z 20330101000000Z
issue root expired "/C=JP/O=オンライン資格確認/OU=総合受付/CN=1310110049" 20210310000000Z 20240610000000Z
issue other otherissuer "/C=JP/O=オンライン資格確認/CN=1310110049" 20250101000000Z 20350101000000Z
issue sub ec "/C=JP/O=Other Tool/CN=Clinic 1310110049 terminal" 20250101000000Z 20350101000000Z ec
issue forged forged "/C=JP/O=オンライン資格確認/OU=総合受付/CN=1310110049" 20250101000000Z 20350101000000Z
# Valid from 2026/11/28 00:00 in Japan (15:00 UTC the day before): people must read 2026/11/28.
issue root midnight "/C=JP/O=オンライン資格確認/OU=総合受付/CN=1310110049" 20261127150000Z 20361127150000Z
issue root twocodes "/C=JP/O=オンライン資格確認/CN=0110113719/CN=1310110049" 20250101000000Z 20350101000000Z

modern=(-keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256)
openssl pkcs12 -export "${modern[@]}" -inkey "$work/new.key" -in "$work/new.pem" -certfile ca.pem \
    -name "1310110049" -passout "pass:$PIN" -out new-modern.p12
openssl pkcs12 -export -legacy -inkey "$work/new.key" -in "$work/new.pem" -certfile ca.pem \
    -passout "pass:$PIN" -out new-legacy.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/reissued.key" -in "$work/reissued.pem" \
    -passout "pass:$PIN" -out reissued.p12
openssl pkcs12 -export -legacy -inkey "$work/old.key" -in "$work/old.pem" -certfile ca.pem \
    -passout "pass:$PIN" -out old.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/midnight.key" -in "$work/midnight.pem" \
    -passout "pass:$PIN" -out midnight-jst.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/expired.key" -in "$work/expired.pem" \
    -passout "pass:$PIN" -out expired.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/otherissuer.key" -in "$work/otherissuer.pem" \
    -passout "pass:$PIN" -out other-issuer.p12
cat "$work/sub/cert.pem" ca.pem > "$work/chain.pem"
openssl pkcs12 -export "${modern[@]}" -inkey "$work/ec.key" -in "$work/ec.pem" -certfile "$work/chain.pem" \
    -name "受付端末 EC" -caname "Test Intermediate CA" -caname "Online Billing NW Common Root CA" \
    -passout pass: -out ec-empty-pass.p12
openssl pkcs12 -export "${modern[@]}" -nomac -inkey "$work/new.key" -in "$work/new.pem" \
    -passout "pass:$PIN" -out nomac.p12
openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha512 -inkey "$work/new.key" -in "$work/new.pem" \
    -passout pass:0042 -out sha512mac-0042.p12
# The forged CA's certificate for the new code: with the forged CA in the file (a good signature
# by a CA of the right name), and with the real root's certificate in its place (a bad one).
openssl pkcs12 -export "${modern[@]}" -inkey "$work/forged.key" -in "$work/forged.pem" \
    -certfile "$work/forged/cert.pem" -passout "pass:$PIN" -out forged-issuer.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/forged.key" -in "$work/forged.pem" -certfile ca.pem \
    -passout "pass:$PIN" -out forged-chain.p12
openssl pkcs12 -export "${modern[@]}" -inkey "$work/twocodes.key" -in "$work/twocodes.pem" -certfile ca.pem \
    -passout "pass:$PIN" -out two-codes.p12
mkdir -p pin
for iter in 1 2 2048 10000; do
    for pin in 0000 0001 5000 7777 9999; do
        openssl pkcs12 -export -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256 -iter "$iter" \
            -inkey "$work/new.key" -in "$work/new.pem" -passout "pass:$pin" -out "pin/sha256-$iter-$pin.p12"
        openssl pkcs12 -export -legacy -macalg sha1 -iter "$iter" \
            -inkey "$work/new.key" -in "$work/new.pem" -passout "pass:$pin" -out "pin/sha1-$iter-$pin.p12"
    done
done
openssl pkcs12 -export "${modern[@]}" -nokeys -in "$work/new.pem" -certfile ca.pem \
    -passout "pass:$PIN" -out cert-only.p12
openssl pkcs12 -export "${modern[@]}" -nocerts -inkey "$work/new.key" \
    -passout "pass:$PIN" -out key-only.p12 2>/dev/null
# -nocerts with -certfile stores a key and an unrelated certificate without a localKeyID.
openssl pkcs12 -export "${modern[@]}" -nocerts -inkey "$work/old.key" -certfile "$work/new.pem" \
    -passout "pass:$PIN" -out key-mismatch.p12 2>/dev/null

# The certificate bag's PBE OID pbeWithSHAAnd40BitRC2-CBC (1.2.840.113549.1.12.1.6) → 1.12.1.99,
# which no provider implements.
python3 - <<'PY'
data = open("new-legacy.p12", "rb").read()
oid = bytes.fromhex("060a2a864886f70d010c0106")
assert data.count(oid) == 1, data.count(oid)
open("unsupported.p12", "wb").write(data.replace(oid, bytes.fromhex("060a2a864886f70d010c0163")))
# Flip one byte inside the encrypted certificate data (the MAC then fails for every PIN).
data = bytearray(open("new-modern.p12", "rb").read())
data[len(data) // 3] ^= 0x55
open("damaged.p12", "wb").write(bytes(data))
data = open("new-modern.p12", "rb").read()
open("truncated.p12", "wb").write(data[: len(data) // 2])
PY
printf 'This is not a PKCS#12 file.\n' > not-pkcs12.p12
# The notice as the paper lays it out (tab-separated rows), for the certificate it was issued
# with: its validity is the certificate's first and last day in Japan time.
japan_day() { TZ=Asia/Tokyo date -d "$(openssl x509 -noout "$1" -in "$2" | cut -d= -f2)" +%Y/%m/%d; }
{
    printf '発行者\tOnline Billing NW Common Root CA\n'
    printf '発行先\t1310110049\n'
    printf '端末名称\t総合受付\n'
    printf '電子証明書ダウンロードサイトリクエストID\t123456789012345\n'
    printf '電子証明書ダウンロードサイトリファレンスID\tAB12CD34EF\n'
    printf '電子証明書有効期間\t%s~%s\n' "$(japan_day -startdate "$work/new.pem")" "$(japan_day -enddate "$work/new.pem")"
    printf '電子証明書ダウンロードサイト有効期限\t2027/06/30\n'
} > notice-new.txt
python3 patch-iterations.py pin/sha256-2048-0000.p12 huge-iterations.p12
# openssl writes 8388608 (a 4-byte INTEGER) in seconds; the patch writes 2^31-1 in its place.
openssl pkcs12 -export "${modern[@]}" -nomac -iter 8388608 -inkey "$work/new.key" -in "$work/new.pem" \
    -passout "pass:$PIN" -out "$work/pbkdf2.p12"
python3 patch-bag-iterations.py "$work/pbkdf2.p12" nomac-huge-pbkdf2.p12 2
openssl pkcs12 -export -legacy -nomac -iter 8388608 -inkey "$work/new.key" -in "$work/new.pem" \
    -passout "pass:$PIN" -out "$work/pbe.p12"
python3 patch-bag-iterations.py "$work/pbe.p12" nomac-huge-pbe.p12 2
openssl pkcs12 -export "${modern[@]}" -nomac -iter 5000001 -inkey "$work/new.key" -in "$work/new.pem" \
    -passout "pass:$PIN" -out nomac-sum-iterations.p12
# A deep MAC and nothing else to derive (no key, the certificate bags unencrypted): about 2 KB,
# about a second to make. From new-modern.p12, so this part also runs alone.
openssl pkcs12 -in new-modern.p12 -nokeys -passin "pass:$PIN" -out "$work/deep.pem"
openssl pkcs12 -export -nokeys -certpbe NONE -macalg sha256 -iter 8388608 -in "$work/deep.pem" \
    -passout "pass:$PIN" -out mac-8388608.p12
echo "fixtures written to $(pwd)"
