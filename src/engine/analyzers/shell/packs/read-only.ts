// Commands known to read only (ls, cat, grep, jq, git-free inspection tools…), and what is left
// when no pack knows a command: the read-only table, the write modes of a few read tools (curl -o,
// wget), and otherwise "changes something" — the vocabulary of the unknown (unknown.ts) decides
// whether its own words say it destroys.
import type { Arg, Invocation, Sink } from '../types';
import type { Pack } from './kit';
import { judgeUnknown, UNKNOWN_RULES } from './unknown';

export const READ_ONLY = new Set([
  'ls', 'll', 'la', 'dir', 'cat', 'bat', 'less', 'more', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'wc', 'echo', 'printf', 'pwd',
  'which', 'type', 'whereis', 'whatis', 'hash', 'stat', 'file', 'du', 'df', 'date', 'cal', 'whoami', 'id', 'groups', 'uname', 'hostname',
  'ps', 'pgrep', 'top', 'htop', 'tree', 'diff', 'cmp', 'comm', 'sort', 'uniq', 'cut', 'tr', 'jq', 'yq', 'test', '[', 'true', 'false',
  'sleep', 'man', 'help', 'info', 'history', 'basename', 'dirname', 'realpath', 'readlink', 'md5sum', 'sha1sum', 'sha256sum',
  'sha512sum', 'shasum', 'cksum', 'base64', 'xxd', 'od', 'hexdump', 'column', 'nl', 'tac', 'rev', 'seq', 'yes', 'cd', 'pushd', 'popd',
  'export', 'set', 'unset', 'alias', 'read', 'local', 'declare', 'typeset', 'readonly', 'shift', 'return', 'exit', 'break', 'continue',
  ':', 'env', 'printenv', 'uptime', 'free', 'vmstat', 'iostat', 'lsof', 'netstat', 'ss', 'ip', 'ifconfig', 'ping', 'dig', 'nslookup',
  'host', 'traceroute', 'whois', 'tldr', 'fd', 'fzf', 'locate', 'strings', 'nm', 'objdump', 'ldd', 'lsblk', 'blkid', 'mount', 'findmnt',
  'free', 'nproc', 'lscpu', 'getconf', 'tput', 'clear', 'wait', 'jobs', 'fg', 'bg', 'disown', 'trap', 'umask', 'ulimit', 'shopt',
  'source', '.', 'let', 'expr', 'bc', 'dc', 'awk', 'gawk', 'mawk', 'column', 'fold', 'fmt', 'pr', 'paste', 'join', 'split', 'expand',
  'unexpand', 'iconv', 'look', 'zcat', 'zless', 'zgrep', 'bzcat', 'xzcat', 'lz4cat', 'tee', 'gh', 'code', 'open', 'xdg-open', 'say',
  'node', 'python', 'python3', 'time', 'tty', 'stty', 'logname', 'users', 'who', 'w', 'last', 'dmesg', 'journalctl', 'systemctl',
  'watch', 'timeout', 'nice', 'nohup', 'ionice', 'stdbuf', 'sed', 'curl', 'wget', 'ssh', 'scp', 'rsync',
]);
// Of READ_ONLY, these have write modes handled elsewhere or change state: the set above only says
// "no finding by name alone"; mutation is decided per command.
const PURE_READ = new Set([...READ_ONLY].filter((n) => !['tee', 'gh', 'code', 'open', 'xdg-open', 'say', 'node', 'python', 'python3', 'systemctl', 'sed', 'curl', 'wget', 'ssh', 'scp', 'rsync', 'source', '.', 'awk', 'gawk', 'mawk', 'split', 'export', 'set', 'unset', 'alias', 'read', 'local', 'declare', 'typeset', 'readonly', 'trap', 'umask', 'ulimit', 'shopt', 'let'].includes(n)));

export function readOnlyFallback(inv: Invocation, s: Sink, name: string, rest: Arg[]): void {
  const vals = rest.map((a) => a.value);
  if (PURE_READ.has(name)) return;
  if ((name === 'curl' || name === 'wget') && !vals.some((v) => /^-(o|O|X|d|F|T)|^--(output|data|form|upload|request|remote-name)/.test(v ?? ''))) {
    if (name === 'wget' && !vals.some((v) => v === '-O-' || v === '-O' || v === '-qO-' || v === '--spider')) s.mutates();
    return;
  }
  if (name === 'systemctl' && ['status', 'show', 'list-units', 'list-unit-files', 'is-active', 'is-enabled', 'cat'].includes(vals[0] ?? '')) return;
  s.mutates();
  if (!READ_ONLY.has(name)) judgeUnknown(inv, s, name, rest);
}

export const READ_ONLY_PACK: Pack = {
  family: 'read-only',
  covers: 'Commands that only read; nothing is reported for them. Commands no pack knows are judged by their own words (unknown.ts).',
  commands: {},
  rules: UNKNOWN_RULES,
};
