#!/usr/bin/env bash
# System packages for the extension-host tests, the browser tests and the demo: Debian's chromium
# (driven by playwright-core), libkrb5-dev (code-server's kerberos module builds against it) and
# ripgrep (copied into code-server, whose own ripgrep download is blocked here), strace (a unit
# test checks which files the hook's audit path opens). Installs only what
# is missing, and never silently: it says in one line what apt would install and upgrade (from a
# simulation, which changes nothing), asks when run from a terminal, and sends the package
# manager's output to a log file instead of the screen.
#   BR_INSTALL_SYSTEM=1   install without asking (CI)
#   BR_SETUP_DRY_RUN=1    say what would be installed, install nothing, exit 0
#   BR_SETUP_LOG=FILE     the log (default: test-results/setup-system.log)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v strace >/dev/null 2>&1 || missing+=(strace)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "blast-radius tests need system packages: ${missing[*]} (as root: apt-get install -y --no-install-recommends ${missing[*]}, or run scripts/setup-system.sh as root)" >&2
  exit 1
fi

log="${BR_SETUP_LOG:-$PWD/test-results/setup-system.log}"
mkdir -p "$(dirname "$log")"
export DEBIAN_FRONTEND=noninteractive
# What apt would do, without doing it: "Inst name (version …)" for a new package, "Inst name [old]
# (new …)" for an upgrade of one already installed.
plan=$(apt-get install -s --no-install-recommends "${missing[@]}" 2>>"$log" || true)
new=$(printf '%s\n' "$plan" | grep -E '^Inst [^ ]+ \(' | awk '{print $2}' || true)
upgraded=$(printf '%s\n' "$plan" | grep -E '^Inst [^ ]+ \[' | awk '{print $2}' || true)
count() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }
n=$(count "$new")
words="installs ${missing[*]}"
if [ "$n" -gt 0 ]; then words="$words ($n packages with their dependencies)"; fi
if [ -n "$upgraded" ]; then words="$words and upgrades $(count "$upgraded"): $(printf '%s' "$upgraded" | tr '\n' ' ' | sed 's/ $//')"; fi
echo "blast-radius: apt-get $words; its output goes to $log" >&2

if [ -n "${BR_SETUP_DRY_RUN:-}" ]; then
  exit 0
fi
if [ "${BR_INSTALL_SYSTEM:-}" != "1" ] && [ -t 0 ]; then
  read -r -p "Install them now? [y/N] " answer
  case "$answer" in
    y | Y | yes | YES) ;;
    *)
      echo "blast-radius: nothing installed; install them yourself (apt-get install -y --no-install-recommends ${missing[*]}) and run again" >&2
      exit 1
      ;;
  esac
fi
{
  echo "== $(date -u +%FT%TZ) apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
} >>"$log" 2>&1 || {
  echo "blast-radius: apt-get failed; see $log" >&2
  exit 1
}
echo "blast-radius: installed ${missing[*]}" >&2
