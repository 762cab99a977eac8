#!/bin/sh
# Regenerates examples/federation/: three peers of a small federation, each a git bundle of an
# OpenPGP-signed history (real gpg, Ed25519) holding service files and certificates (real
# openssl, valid ten years), their public keys (`keyring`), a meta configuration naming the
# bundles by relative path, and a layout. Run from the repository root:
#   sh scripts/make-example-federation.sh
set -eu

out=examples/federation
work=$(mktemp -d)
trap 'gpgconf --kill gpg-agent >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

export GNUPGHOME="$work/gnupg"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
mkdir -m 700 "$GNUPGHOME"
echo 'personal-digest-preferences SHA256' >"$GNUPGHOME/gpg.conf"
mkdir -p "$out"
rm -f "$out"/*.bundle "$out/keyring"
cat >"$out/meta.yml" <<'YAML'
# The peers of an example federation (SPEC §2.3). Each URL here is a git bundle beside this file
# (a relative path is read from this folder); real peers use https://, ssh:// or git:// URLs.
YAML

cert() { # cert FILE CN
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
    -out "$1" -subj "/CN=$2" -days 3650 2>/dev/null
}

# peer NAME: a key, a repository, and two signed commits.
peer() {
  name=$1
  gpg --batch --passphrase '' --quick-gen-key "$name <smtp-fp@$name.example>" ed25519 sign 0 2>/dev/null
  fpr=$(gpg --batch --with-colons --list-keys "smtp-fp@$name.example" 2>/dev/null | awk -F: '/^fpr:/ { print $10; exit }')
  repo="$work/$name"
  git init -q -b main "$repo"
  git -C "$repo" config user.name "$name"
  git -C "$repo" config user.email "smtp-fp@$name.example"
  git -C "$repo" config user.signingkey "$fpr"
  git -C "$repo" config commit.gpgsign true
  mkdir -p "$repo/certs" "$repo/keys"
  gpg --batch --armor --export "$fpr" >"$repo/keys/$name.asc"
  {
    printf '%s:\n' "$name"
    printf '  urls:\n    - %s.bundle\n  fingerprints:\n    - %s\n' "$name" "$fpr"
  } >>"$out/meta.yml"
}

peer potager
cert "$work/potager/certs/mail.potager.example.pem" mail.potager.example
cat >"$work/potager/smtp.yml" <<'YAML'
version: 1
config:
  - valid_after: 2024-01-01
    domains:
      - domain: potager.example
        cert: certs/mail.potager.example.pem
YAML
git -C "$work/potager" add -A && git -C "$work/potager" commit -q -m 'smtp: potager.example'
cert "$work/potager/certs/lists.potager.example.pem" lists.potager.example
cat >>"$work/potager/smtp.yml" <<'YAML'
      - domain: lists.potager.example
        cert: certs/lists.potager.example.pem
YAML
git -C "$work/potager" add -A && git -C "$work/potager" commit -q -m 'smtp: lists.potager.example'

peer poivron
cert "$work/poivron/certs/mx.poivron.example.pem" mx.poivron.example
cat >"$work/poivron/smtp.yml" <<'YAML'
version: 1
config:
  - valid_after: 2024-06-01 12:00
    domains:
      - domain: poivron.example
        cert: certs/mx.poivron.example.pem
      - domain: anargeek.example
        cert: certs/mx.poivron.example.pem
        hidden_service: 2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion
YAML
git -C "$work/poivron" add -A && git -C "$work/poivron" commit -q -m 'smtp: poivron.example, anargeek.example'

peer navet
cert "$work/navet/certs/navet.example.pem" navet.example
cat >"$work/navet/smtp.yml" <<'YAML'
version: 1
config:
  - valid_after: 2025-01-01T00:00:00Z
    domains:
      - domain: navet.example
        cert: certs/navet.example.pem
YAML
git -C "$work/navet" add -A && git -C "$work/navet" commit -q -m 'smtp: navet.example'

for name in potager poivron navet; do
  git -C "$work/$name" bundle create -q "$PWD/$out/$name.bundle" HEAD main
done
# The consumer's keyring: every peer's public key, as `smtpfp update-keyring` would write it.
gpg --batch --armor --export >"$out/keyring"
echo "wrote $out: $(ls "$out" | tr '\n' ' ')"
