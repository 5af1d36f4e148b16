#!/usr/bin/env bash
# System packages for the extension-host and browser tests: Debian's chromium (driven by
# playwright-core), libkrb5-dev (code-server's kerberos module builds against it) and ripgrep
# (copied into code-server, whose own ripgrep download is blocked here). Idempotent: installs only
# what is missing, runs `apt-get update` at most once.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "blast-radius tests need system packages: ${missing[*]} (as root: apt-get install -y ${missing[*]}, or run scripts/setup-system.sh as root)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
