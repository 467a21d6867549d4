#!/usr/bin/env bash
# Make a development CA and a localhost server certificate signed by it, with the openssl CLI.
#
#   certs/make-dev-cert.sh [OUTDIR]        (default: certs/out, git-ignored)
#
# Writes OUTDIR/ca.key, ca.pem (the CA: ECDSA P-256, valid 10 years, allowed to sign only for
# localhost, 127.0.0.0/8 and ::1) and OUTDIR/server.key, server.pem (ECDSA P-256, SAN
# DNS:localhost IP:127.0.0.1 IP:::1, serverAuth, valid 825 days). Keys are mode 600.
#
# Idempotent: does nothing while the certificate is valid for more than 7 more days and chains
# to the CA. A server certificate about to expire is re-issued by the same CA, so a browser that
# trusts the CA keeps trusting it. These files are for development only; see certs/README.md for
# real certificates. Never commit them.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$script_dir/out}"
ca_days=3650
server_days=825          # the longest validity Apple platforms accept for a TLS server certificate
renew_seconds=$((7 * 24 * 3600))

mkdir -p "$out"
cd "$out"

valid() { # valid CERT: the certificate exists and is good for more than 7 days
    [[ -s "$1" ]] && openssl x509 -in "$1" -noout -checkend "$renew_seconds" >/dev/null 2>&1
}

if [[ -s ca.key ]] && valid ca.pem && [[ -s server.key ]] && valid server.pem &&
    openssl verify -CAfile ca.pem server.pem >/dev/null 2>&1; then
    echo "certs: development certificate in $out is valid; nothing to do"
    exit 0
fi

umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Our own openssl configuration, so that the system's openssl.cnf adds nothing.
cat >"$work/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
# A leaked development CA key can mint certificates for these names only.
nameConstraints = critical, permitted;DNS:localhost, permitted;IP:127.0.0.0/255.0.0.0, permitted;IP:::1/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

new_key() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"
    chmod 600 "$1"
}

if [[ -s ca.key ]] && valid ca.pem; then
    echo "certs: reusing the development CA in $out"
else
    echo "certs: making a development CA in $out"
    new_key "$work/ca.key"
    openssl req -config "$work/openssl.cnf" -new -x509 -key "$work/ca.key" -sha256 \
        -days "$ca_days" -subj "/O=Sirkel development/CN=Sirkel development CA ($(hostname))" \
        -extensions ca_ext -out "$work/ca.pem"
    mv -f "$work/ca.key" ca.key
    mv -f "$work/ca.pem" ca.pem
fi

echo "certs: making a server certificate for localhost in $out"
new_key "$work/server.key"
openssl req -config "$work/openssl.cnf" -new -key "$work/server.key" -subj "/CN=localhost" \
    -out "$work/server.csr"
openssl x509 -req -in "$work/server.csr" -CA ca.pem -CAkey ca.key \
    -set_serial "0x$(openssl rand -hex 16)" -days "$server_days" -sha256 \
    -extfile "$work/openssl.cnf" -extensions server_ext -out "$work/server.pem" 2>/dev/null
openssl verify -CAfile ca.pem "$work/server.pem" >/dev/null
mv -f "$work/server.key" server.key
mv -f "$work/server.pem" server.pem
chmod 600 ca.key server.key
chmod 644 ca.pem server.pem
echo "certs: done; trust $out/ca.pem in a browser to skip its warning (certs/README.md)"
