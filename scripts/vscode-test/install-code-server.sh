#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 for the browser, the newest line on Node 20) into
# .vscode-test/code-server (git-ignored): the npm package, its VS Code dependencies, Debian's rg in
# place of the ripgrep download, and native modules rebuilt for this Node. Idempotent: a marker file
# records a finished install; a half-finished one is redone. npm's output goes to a log file.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.100.3
D="$PWD/.vscode-test/code-server"
MARK="$D/.installed-$VERSION"
bash scripts/setup-system.sh
[ -f "$MARK" ] && exit 0

LOG="$PWD/test-results/install-code-server.log"
mkdir -p "$(dirname "$LOG")"
for cmd in rg node npm; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "install-code-server: '$cmd' is missing (run scripts/setup-system.sh as root)" >&2; exit 1; }
done

mkdir -p "$D"
echo "installing code-server $VERSION into $D (npm output: $LOG)"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# The package's postinstall refuses to run as root without unsafe_perm; we do its steps by hand.
npm_config_unsafe_perm=true npm install --prefix "$D" --no-save --no-audit --no-fund \
  --ignore-scripts "code-server@$VERSION" >>"$LOG" 2>&1
(
  cd "$D/node_modules/code-server/lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund >>"$LOG" 2>&1
  # @vscode/ripgrep downloads from GitHub (blocked here): use Debian's rg.
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm_config_yes=true npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid >>"$LOG" 2>&1
  ln -sfn node_modules node_modules.asar
)
(cd "$D" && npm rebuild argon2 --build-from-source >>"$LOG" 2>&1)
touch "$MARK"
echo "code-server $VERSION installed in $D (log: $LOG)"
