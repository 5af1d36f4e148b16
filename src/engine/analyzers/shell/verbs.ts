// What each command does, once wrappers are peeled off: destructive verbs of coreutils and disk
// tools, git, Terraform/OpenTofu, Pulumi, CDK, Serverless, AWS/gcloud/az, kubectl/helm/eksctl,
// docker/podman, database clients (their SQL goes to the SQL analyzer), shells and interpreters
// that run code given as a string. Read-only commands are known by name and change nothing.
// Does not catch: subcommands it does not list (an unknown `aws` operation that is not
// delete-/terminate-… is taken as a write, not as destructive), project scripts (`npm run clean`).
import type { ActionClass, Level, Reversibility, Target } from '../../schema';
import { describeClass, type PathClass } from './paths';
import { parseOpts } from './opts';
import { type Arg, type FindingSpec, type Invocation, type Sink, argText, ev, staticArg } from './types';
import { analyzeInterpreterCode, interpreterCodeArg } from './interp';
import { analyzePwshOrCmd } from './pwsh';

const READ_ONLY = new Set([
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
// Of READ_ONLY, these have write modes handled below or change state: the set above only says
// "no finding by name alone"; mutation is decided per command.
const PURE_READ = new Set([...READ_ONLY].filter((n) => !['tee', 'gh', 'code', 'open', 'xdg-open', 'say', 'node', 'python', 'python3', 'systemctl', 'sed', 'curl', 'wget', 'ssh', 'scp', 'rsync', 'source', '.', 'awk', 'gawk', 'mawk', 'split', 'export', 'set', 'unset', 'alias', 'read', 'local', 'declare', 'typeset', 'readonly', 'trap', 'umask', 'ulimit', 'shopt', 'let'].includes(n)));

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox-sh']);
const INTERPRETERS = new Set(['python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'perl', 'ruby', 'php', 'deno', 'bun', 'lua', 'osascript']);

export function commandName(value: string): string {
  let n = value.replace(/\\/g, '/');
  n = n.slice(n.lastIndexOf('/') + 1).toLowerCase();
  n = n.replace(/\.exe$/, '');
  if (/^python\d(\.\d+)?$/.test(n)) n = 'python3';
  return n;
}

const f = (rule: string, level: Level, message: string, cls: ActionClass, rev: Reversibility, targets?: Target[]): FindingSpec => (targets ? { rule, level, message, cls, rev, targets } : { rule, level, message, cls, rev });

/** Re-dispatches the command a wrapper runs. */
function again(inv: Invocation, s: Sink, args: Arg[], via: string, extra: Partial<Invocation> = {}): void {
  if (args.length === 0) return;
  s.dispatch({ ...inv, args, via: [...inv.via, via], ...extra });
}

export function runVerb(inv: Invocation, s: Sink): void {
  const head = inv.args[0]!;
  const name = commandName(head.value!);
  const rest = inv.args.slice(1);
  const vals = rest.map((a) => a.value);
  switch (name) {
    // ---------------------------------------------------------------- wrappers
    case 'sudo':
    case 'doas':
    case 'run0':
    case 'pkexec': {
      const o = parseOpts(rest, ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user', '--close-from', '--command-timeout'], true);
      if (o.pos.length === 0) {
        if (o.has('-i', '-s', '--login', '--shell')) s.mutates();
        return;
      }
      again(inv, s, o.pos, name, { sudo: true });
      return;
    }
    case 'env': {
      const o = parseOpts(rest, ['-u', '--unset', '-C', '--chdir', '-P', '-S', '--split-string', '-a', '--argv0'], true);
      let pos = o.pos;
      if (pos[0]?.value === '-') pos = pos.slice(1);
      const split = o.get('-S', '--split-string');
      const env = new Map(inv.env);
      while (pos.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(pos[0]!.value ?? '')) {
        const v = pos[0]!.value!;
        env.set(v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1));
        pos = pos.slice(1);
      }
      if (split !== undefined) {
        const words = split.split(/\s+/).filter(Boolean).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
        pos = [...words.map(staticArg), ...pos];
      }
      again(inv, s, pos, 'env', { env });
      return;
    }
    case 'command': {
      const o = parseOpts(rest, [], true);
      if (o.has('-v', '-V')) return;
      again(inv, s, o.pos, 'command');
      return;
    }
    case 'builtin':
    case 'nohup':
    case 'chronic':
    case 'caffeinate':
    case 'unbuffer':
    case 'torsocks':
    case 'proxychains':
    case 'proxychains4':
    case 'catchsegv':
    case 'setsid':
    case 'stdbuf':
    case 'time':
    case 'exec':
    case 'nice':
    case 'ionice':
    case 'strace':
    case 'ltrace':
    case 'xvfb-run':
    case 'dbus-run-session':
    case 'systemd-run':
    case 'firejail':
    case 'script':
    case 'faketime':
    case 'npx':
    case 'pnpx':
    case 'bunx':
    case 'dotenv':
    case 'with-contenv':
    case 'aws-vault':
    case 'op': {
      const withValue: Record<string, string[]> = {
        nice: ['-n', '--adjustment'],
        ionice: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'],
        time: ['-f', '-o', '--format', '--output'],
        exec: ['-a'],
        stdbuf: ['-i', '-o', '-e', '--input', '--output', '--error'],
        strace: ['-e', '-o', '-p', '-s', '-u', '-E'],
        ltrace: ['-e', '-o', '-p', '-s', '-u'],
        'systemd-run': ['-p', '-u', '--unit', '--property', '-E', '--setenv', '-M', '--machine', '--uid', '--gid'],
        npx: ['-p', '--package', '-c', '--call'],
        faketime: ['-f'],
        'aws-vault': ['--duration', '--region', '-d'],
        script: ['-c', '--command'],
      };
      let args = rest;
      if (name === 'aws-vault' || name === 'op') {
        const dd = vals.indexOf('--');
        args = dd >= 0 ? rest.slice(dd + 1) : [];
        again(inv, s, args, name);
        return;
      }
      if (name === 'faketime' && args.length && !(args[0]!.value ?? '').startsWith('-')) args = args.slice(1);
      const o = parseOpts(args, withValue[name] ?? [], true);
      if ((name === 'npx' || name === 'script') && o.get('-c', '--call', '--command')) {
        s.nestedShell(o.get('-c', '--call', '--command')!, inv, name);
        return;
      }
      let pos = o.pos;
      if (name === 'nice' && /^-\d+$/.test(vals[0] ?? '')) pos = rest.slice(1);
      again(inv, s, pos, name);
      return;
    }
    case 'timeout': {
      const o = parseOpts(rest, ['-s', '-k', '--signal', '--kill-after'], true);
      again(inv, s, o.pos.slice(1), 'timeout');
      return;
    }
    case 'watch': {
      const o = parseOpts(rest, ['-n', '--interval', '-d', '-q', '--equexit'], true);
      if (o.has('-x', '--exec')) again(inv, s, o.pos, 'watch');
      else if (o.pos.length) runJoined(inv, s, o.pos, 'watch');
      return;
    }
    case 'flock': {
      const lockFirst = rest.length && !(rest[0]!.value ?? '').startsWith('-') ? rest.slice(1) : rest;
      const o = parseOpts(lockFirst, ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'], true);
      const c = o.get('-c', '--command');
      if (c !== undefined) s.nestedShell(c, inv, 'flock -c');
      else again(inv, s, lockFirst === rest ? o.pos.slice(1) : o.pos, 'flock');
      return;
    }
    case 'busybox':
    case 'toybox':
      again(inv, s, rest, name);
      return;
    case 'su': {
      const o = parseOpts(rest, ['-c', '--command', '-s', '--shell', '-g', '--group', '-w']);
      const c = o.get('-c', '--command');
      if (c !== undefined) s.nestedShell(c, { ...inv, sudo: true }, 'su -c');
      else s.mutates();
      return;
    }
    case 'chroot':
    case 'nsenter':
    case 'unshare': {
      const o = parseOpts(rest, ['--userspec', '--groups', '-t', '--target', '-S', '--setuid', '-G', '--setgid'], true);
      again(inv, s, name === 'chroot' ? o.pos.slice(1) : o.pos, name);
      return;
    }
    case 'trap': {
      // trap 'cmd' SIGNAL: the command runs later, on the signal or at exit.
      const body = rest.find((a) => !(a.value ?? '').startsWith('-'));
      if (body && rest.length >= 2) {
        if (body.value === undefined) s.add(inv, f('shell.unanalysable', 'medium', 'trap runs a command built at run time', 'broad-change', 'unknown'));
        else if (body.value) s.nestedShell(body.value, inv, 'trap');
      }
      return;
    }
    case 'alias':
      s.mutates();
      for (const a of rest) {
        const m = /^[^=]+=(.*)$/s.exec(a.value ?? '');
        if (m && m[1]) s.nestedShell(m[1], inv, 'alias');
      }
      return;
    case 'rsync': {
      s.mutates();
      const o = parseOpts(rest, ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--rsync-path', '--backup-dir', '--suffix', '--log-file', '--password-file', '--port', '-T', '--temp-dir', '--partial-dir', '--files-from', '--exclude-from', '--include-from', '--chmod', '--chown', '--max-size', '--min-size', '--timeout', '--bwlimit', '--compare-dest', '--copy-dest', '--link-dest']);
      if (![...o.flags].some((x) => /^--(delete|del|remove-source-files)/.test(x)) || o.pos.length < 2) return;
      const dest = o.pos[o.pos.length - 1]!;
      if (/^[^/]*:/.test(dest.value ?? '') && !(dest.value ?? '').startsWith('/')) {
        s.add(inv, f('shell.rsync-delete', 'medium', `rsync --delete removes files on ${argText(dest)} that are not in the source`, 'destructive', 'irreversible', [{ kind: 'path', name: argText(dest), op: 'overwrite' }]));
        return;
      }
      const cls = s.where(dest.shape).cls;
      const level: Level = cls === 'root' || cls === 'system' || cls === 'home' ? 'critical' : cls === 'temp' || cls === 'regenerable' ? 'low' : cls === 'workspace' ? 'medium' : 'high';
      s.add(inv, f('shell.rsync-delete', level, `rsync --delete removes files in ${argText(dest)} (${describeClass(cls)}) that are not in the source`, level === 'critical' ? 'environment-teardown' : 'destructive', 'irreversible', [{ kind: 'path', name: argText(dest), op: 'overwrite' }]));
      return;
    }
    case 'tee':
    case 'cp':
    case 'install':
    case 'ln': {
      s.mutates();
      const o = parseOpts(rest, ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group']);
      const dests = name === 'tee' ? o.pos : o.get('-t', '--target-directory') ? [staticArg(o.get('-t', '--target-directory')!)] : o.pos.slice(-1);
      if (name !== 'tee' && o.pos.length < 2 && !o.get('-t', '--target-directory')) return;
      for (const d of dests) {
        const cls = s.where(d.shape).cls;
        if (cls === 'root' || cls === 'system' || cls === 'system-sub') {
          s.add(inv, f('shell.write-system', 'high', `${name} writes into ${argText(d)} (${describeClass(cls)})`, 'destructive', 'unknown', [{ kind: 'path', name: argText(d), op: 'overwrite' }]));
        }
      }
      return;
    }
    case 'npm':
    case 'pnpm':
    case 'yarn':
      s.mutates();
      if (vals[0] === 'unpublish') s.add(inv, f('shell.npm-unpublish', 'high', `Unpublishes ${vals.slice(1).filter((v) => v && !v.startsWith('-')).join(' ') || 'the package'} from the registry`, 'destructive', 'irreversible'));
      return;
    case 'xargs':
      xargs(inv, s, rest);
      return;
    case 'parallel':
      parallel(inv, s, rest);
      return;
    case 'ssh':
    case 'mosh':
    case 'autossh': {
      const o = parseOpts(rest, ['-p', '-i', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-c', '-e', '-m', '-O', '-Q', '-S', '-W', '-w', '-E', '-B', '-I', '-M'], true);
      const host = o.pos[0];
      if (host) s.hint('host', argText(host));
      const cmd = o.pos.slice(1);
      if (cmd.length) {
        s.mutates();
        runJoined(inv, s, cmd, `ssh ${argText(host)}`);
      }
      return;
    }
    // ---------------------------------------------------------------- code runners
    case 'eval':
      if (rest.length === 0) return;
      runJoined(inv, s, rest, 'eval');
      return;
    case 'source':
    case '.': {
      const file = rest[0];
      if (!file) return;
      if (/^\$\(…\)/.test(file.shape)) {
        if (inv.stdin.kind === 'network' || /curl|wget/.test(inv.evidence)) s.add(inv, f('shell.unanalysable', 'high', 'Sources a script fetched from the network', 'broad-change', 'unknown'));
        else s.add(inv, f('shell.unanalysable', 'medium', 'Sources the output of a command, which cannot be analysed', 'broad-change', 'unknown'));
      }
      return;
    }
    case 'pwsh':
    case 'powershell':
      powershellCli(inv, s, rest);
      return;
    case 'cmd': {
      const i = vals.findIndex((v) => /^\/[ck]$/i.test(v ?? ''));
      if (i >= 0) {
        const text = rest.slice(i + 1).map(argText).join(' ').replace(/^"(.*)"$/, '$1');
        s.nestedShell(text, inv, 'cmd /c', 'cmd');
      }
      return;
    }
    case 'rimraf':
    case 'del-cli':
    case 'trash':
    case 'trash-put':
    case 'gio':
      if (name === 'trash' || name === 'trash-put' || (name === 'gio' && vals[0] === 'trash')) {
        s.mutates();
        return;
      }
      if (name === 'gio') return;
      rm(inv, s, [staticArg('-rf'), ...rest.filter((a) => !(a.value ?? '').startsWith('-'))], name);
      return;
    // ---------------------------------------------------------------- files and disks
    case 'rm':
    case 'unlink':
    case 'del':
      rm(inv, s, rest, name);
      return;
    case 'rmdir':
      s.mutates();
      return;
    case 'find':
      find(inv, s, rest);
      return;
    case 'shred':
    case 'wipe':
    case 'srm': {
      const o = parseOpts(rest, ['-n', '-s', '--iterations', '--size', '--random-source']);
      if (name === 'srm' && o.pos.length === 1) s.mutates();
      const targets = o.pos.map((a) => ({ kind: 'path' as const, name: argText(a), op: 'delete' as const }));
      if (!targets.length) return;
      const worst = worstClass(s, o.pos);
      const level: Level = worst === 'root' || worst === 'system' || worst === 'home' ? 'critical' : worst === 'temp' ? 'low' : worst === 'workspace' || worst === 'regenerable' ? 'medium' : 'high';
      s.add(inv, f('shell.shred', level, `Overwrites ${names(o.pos)} so it can never be recovered`, level === 'critical' ? 'environment-teardown' : 'destructive', 'irreversible', targets));
      return;
    }
    case 'truncate': {
      const o = parseOpts(rest, ['-s', '--size', '-r', '--reference', '-o']);
      const size = o.get('-s', '--size') ?? '';
      if (!o.pos.length) return;
      const shrink = /^(0|-|<|\/|%)/.test(size) || size === '' ? true : false;
      s.add(inv, f('shell.truncate', shrink ? 'medium' : 'low', `Truncates ${names(o.pos)}${size ? ` to ${size}` : ''}, discarding its contents`, 'destructive', 'irreversible', o.pos.map((a) => ({ kind: 'path', name: argText(a), op: 'overwrite' }))));
      return;
    }
    case 'dd': {
      const of = vals.find((v) => v?.startsWith('of='))?.slice(3);
      if (!of) return;
      if (/^\/dev\/(sd|nvme|hd|vd|xvd|disk|rdisk|mmcblk|md|dm-|mapper|loop)/.test(of)) {
        s.add(inv, f('shell.disk-write', 'critical', `Writes raw data over the disk ${of}, destroying everything on it`, 'environment-teardown', 'irreversible', [{ kind: 'path', name: of, op: 'overwrite' }]));
      } else {
        const w = s.where(of);
        s.add(inv, f('shell.dd', w.cls === 'system' || w.cls === 'system-sub' ? 'high' : 'low', `Writes ${of} with dd`, 'targeted-patch', 'unknown', [{ kind: 'path', name: of, op: 'overwrite' }]));
      }
      return;
    }
    case 'mkswap':
    case 'wipefs':
    case 'fdisk':
    case 'sfdisk':
    case 'gdisk':
    case 'sgdisk':
    case 'parted':
    case 'blkdiscard':
    case 'cryptsetup':
    case 'diskutil':
    case 'format':
    case 'mkfs':
      if (name === 'format' && inv.dialect !== 'cmd' && inv.dialect !== 'pwsh') {
        s.mutates();
        return;
      }
      if (vals.some((v) => v === '--help' || v === '-h' || v === '-l' || v === '--list' || v === 'list' || v === 'info')) return;
      if (name === 'diskutil' && !vals.some((v) => /^(erase|partition|zero|secureErase|reformat|apfs)/i.test(v ?? ''))) return;
      s.add(inv, f('shell.disk-format', 'critical', `${name} rewrites a disk or partition table, destroying its data`, 'environment-teardown', 'irreversible', rest.filter((a) => /^\/dev\/|^[A-Za-z]:$/.test(argText(a))).map((a) => ({ kind: 'path', name: argText(a), op: 'overwrite' }))));
      return;
    case 'chmod':
    case 'chown':
    case 'chgrp':
    case 'setfacl':
    case 'chattr': {
      s.mutates();
      const o = parseOpts(rest, ['--reference', '--from']);
      const recursive = o.has('-R', '--recursive');
      const targets = o.pos.slice(name === 'chattr' || name === 'setfacl' ? 0 : 1);
      const worst = worstClass(s, targets);
      if (!worst) return;
      const wide = worst === 'root' || worst === 'system' || worst === 'home';
      if (recursive && (wide || worst === 'system-sub' || worst === 'outside' || worst === 'home-sub' || worst === 'unknown')) {
        const level: Level = wide ? 'critical' : 'high';
        s.add(inv, f('shell.chmod-recursive', level, `Changes ${name === 'chmod' ? 'permissions' : 'ownership'} recursively on ${names(targets)} (${describeClass(worst)})`, wide ? 'environment-teardown' : 'broad-change', 'irreversible', targets.map((a) => ({ kind: 'path', name: argText(a), op: 'modify' }))));
      } else if (wide || worst === 'system-sub') {
        s.add(inv, f('shell.chmod-system', 'medium', `Changes ${name === 'chmod' ? 'permissions' : 'ownership'} of ${names(targets)} (${describeClass(worst)})`, 'broad-change', 'unknown', targets.map((a) => ({ kind: 'path', name: argText(a), op: 'modify' }))));
      }
      return;
    }
    case 'mv': {
      s.mutates();
      const o = parseOpts(rest, ['-t', '--target-directory', '-S', '--suffix']);
      if (o.pos.length < 2) return;
      const dest = argText(o.pos[o.pos.length - 1]);
      const srcs = o.pos.slice(0, -1);
      const worst = worstClass(s, srcs);
      if (dest === '/dev/null') {
        s.add(inv, f('shell.rm', worst === 'root' || worst === 'system' || worst === 'home' ? 'critical' : 'high', `Moves ${names(srcs)} to /dev/null, which deletes it`, 'destructive', 'irreversible', srcs.map((a) => ({ kind: 'path', name: argText(a), op: 'delete' }))));
      } else if (worst === 'root' || worst === 'system' || worst === 'home') {
        s.add(inv, f('shell.mv-system', 'high', `Moves ${names(srcs)} (${describeClass(worst)}) away`, 'environment-teardown', 'unknown', srcs.map((a) => ({ kind: 'path', name: argText(a), op: 'move' }))));
      } else if (worst === 'system-sub') {
        s.add(inv, f('shell.mv-system', 'medium', `Moves ${names(srcs)} (${describeClass(worst)})`, 'broad-change', 'unknown', srcs.map((a) => ({ kind: 'path', name: argText(a), op: 'move' }))));
      }
      return;
    }
    case 'shutdown':
    case 'reboot':
    case 'halt':
    case 'poweroff':
    case 'stop-computer':
    case 'restart-computer':
      if (vals.some((v) => v === '--help' || v === '-c')) return;
      s.add(inv, f('shell.shutdown', 'high', `${name} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
      return;
    case 'init':
    case 'telinit':
      if (vals[0] === '0' || vals[0] === '6') s.add(inv, f('shell.shutdown', 'high', `init ${vals[0]} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
      return;
    case 'kill':
    case 'pkill':
    case 'killall':
      s.mutates();
      if (vals.includes('-1') && name === 'kill') s.add(inv, f('shell.kill-all', 'high', 'Kills every process the user can signal', 'broad-change', 'recoverable'));
      return;
    case 'crontab':
      s.mutates();
      if (vals.some((v) => /^-[a-z]*r/.test(v ?? ''))) s.add(inv, f('shell.crontab-remove', 'high', 'Removes the whole crontab', 'destructive', 'irreversible'));
      return;
    // ---------------------------------------------------------------- version control
    case 'git':
      git(inv, s, rest);
      return;
    case 'gh':
      gh(inv, s, rest);
      return;
    // ---------------------------------------------------------------- infrastructure
    case 'terraform':
    case 'tofu':
    case 'terragrunt':
      terraform(inv, s, rest, name);
      return;
    case 'pulumi':
      pulumi(inv, s, rest);
      return;
    case 'cdk':
    case 'cdktf':
      cdk(inv, s, rest, name);
      return;
    case 'serverless':
    case 'sls':
      if (vals.includes('remove')) s.add(inv, f('shell.serverless-remove', 'high', 'Removes the deployed Serverless service and its stack', 'environment-teardown', 'irreversible', stackTargets(rest, ['--stage', '-s'])));
      else if (vals.includes('deploy')) s.mutates();
      return;
    case 'aws':
      aws(inv, s, rest);
      return;
    case 'gcloud':
      gcloud(inv, s, rest);
      return;
    case 'az':
      azure(inv, s, rest);
      return;
    case 'kubectl':
    case 'oc':
    case 'k':
      kubectl(inv, s, rest, name);
      return;
    case 'helm':
      helm(inv, s, rest);
      return;
    case 'eksctl': {
      const o = parseOpts(rest, ['--name', '-n', '--region', '-r', '--profile', '-p', '--cluster', '-f', '--config-file']);
      s.context({ system: 'kube' });
      s.context({ system: 'aws', ...(o.get('--profile', '-p') ? { context: o.get('--profile', '-p')! } : {}), ...(o.get('--region', '-r') ? { region: o.get('--region', '-r')! } : {}) });
      if (vals[0] === 'delete') {
        const what = vals[1] ?? '';
        const target = o.get('--name', '-n') ?? argText(o.pos[2]) ?? '';
        const teardown = what === 'cluster';
        s.add(inv, f('shell.eksctl-delete', teardown ? 'high' : 'medium', `Deletes the EKS ${what}${target ? ` ${target}` : ''}`, teardown ? 'environment-teardown' : 'destructive', 'irreversible', target ? [{ kind: teardown ? 'cluster' : 'resource', name: target, op: 'delete' }] : []));
      } else if (!['get', 'utils', 'version', 'info', 'help'].includes(vals[0] ?? '')) s.mutates();
      return;
    }
    case 'docker':
    case 'podman':
    case 'nerdctl':
      docker(inv, s, rest, name);
      return;
    case 'docker-compose':
      docker(inv, s, [staticArg('compose'), ...rest], 'docker');
      return;
    // ---------------------------------------------------------------- databases
    case 'psql':
    case 'mysql':
    case 'mariadb':
    case 'sqlite3':
    case 'sqlite':
    case 'duckdb':
    case 'mongosh':
    case 'mongo':
    case 'redis-cli':
    case 'valkey-cli':
    case 'clickhouse-client':
    case 'cockroach':
    case 'sqlcmd':
      database(inv, s, rest, name);
      return;
    case 'dropdb':
    case 'mysqladmin': {
      if (name === 'mysqladmin' && !vals.some((v) => v === 'drop')) {
        s.mutates();
        return;
      }
      const db = argText(rest.filter((a) => !(a.value ?? '').startsWith('-')).pop());
      s.context({ system: 'database', ...(db ? { context: db } : {}) });
      s.add(inv, f('shell.db-drop', 'high', `Drops the database ${db}`, 'environment-teardown', 'irreversible', db ? [{ kind: 'database', name: db, op: 'delete' }] : []));
      return;
    }
    default:
      break;
  }
  if (SHELLS.has(name)) {
    shell(inv, s, rest, name);
    return;
  }
  if (INTERPRETERS.has(name) || /^python\d/.test(name)) {
    interpreter(inv, s, rest, name);
    return;
  }
  // A PowerShell cmdlet sent as a bash command (agents on Windows do): judge it as pwsh.
  if (/^(remove|clear|format|stop|restart|invoke)-[a-z]+$/.test(name) && inv.dialect !== 'pwsh') {
    analyzePwshOrCmd((inv.stdin.kind !== 'none' ? 'Write-Output stdin | ' : '') + inv.args.map((a) => (a.value !== undefined && /[\s;|&]/.test(a.value) ? `'${a.value.replace(/'/g, "''")}'` : argText(a))).join(' '), 'pwsh', s);
    return;
  }
  if (/^mkfs(\.|$)/.test(name)) {
    if (vals.some((v) => v === '--help' || v === '-V')) return;
    s.add(inv, f('shell.disk-format', 'critical', `${name} creates a new file system, destroying the data on ${vals.filter((v) => v && !v.startsWith('-')).pop() ?? 'the device'}`, 'environment-teardown', 'irreversible'));
    return;
  }
  if (PURE_READ.has(name)) {
    if (name === 'env' || name === 'time') return;
    return;
  }
  if (name === 'sed' && !vals.some((v) => /^-[a-zA-Z]*i|^--in-place/.test(v ?? ''))) return;
  if (name === 'sed') {
    const files = rest.filter((a) => !(a.value ?? '').startsWith('-')).slice(1);
    const sys = files.filter((a) => ['root', 'system', 'system-sub'].includes(s.where(a.shape).cls));
    if (sys.length) s.add(inv, f('shell.write-system', 'high', `sed -i edits ${names(sys)} (a system file) in place`, 'destructive', 'unknown', sys.map((a) => ({ kind: 'path', name: argText(a), op: 'modify' }))));
  }
  if ((name === 'curl' || name === 'wget') && !vals.some((v) => /^-(o|O|X|d|F|T)|^--(output|data|form|upload|request|remote-name)/.test(v ?? ''))) {
    if (name === 'wget' && !vals.some((v) => v === '-O-' || v === '-O' || v === '-qO-' || v === '--spider')) s.mutates();
    return;
  }
  if (name === 'systemctl' && ['status', 'show', 'list-units', 'list-unit-files', 'is-active', 'is-enabled', 'cat'].includes(vals[0] ?? '')) return;
  s.mutates();
}

// ------------------------------------------------------------------------------------------------
// Helpers

function names(args: Arg[]): string {
  const list = args.map(argText);
  return list.length <= 3 ? list.join(', ') : `${list.slice(0, 3).join(', ')} and ${list.length - 3} more`;
}

const CLASS_RANK: PathClass[] = ['temp', 'regenerable', 'workspace', 'cwd-all', 'unknown', 'outside', 'home-sub', 'system-sub', 'system', 'home', 'root'];

function worstClass(s: Sink, args: Arg[]): PathClass | undefined {
  let worst: PathClass | undefined;
  for (const a of args) {
    const c = s.where(a.shape).cls;
    if (!worst || CLASS_RANK.indexOf(c) > CLASS_RANK.indexOf(worst)) worst = c;
  }
  return worst;
}

/** `eval a b`, `ssh host a b`, `watch a b`: the words are joined and parsed again as a command. */
function runJoined(inv: Invocation, s: Sink, args: Arg[], via: string): void {
  if (args.some((a) => a.value === undefined)) {
    s.add(inv, f('shell.unanalysable', 'medium', `${via} runs a command built at run time (${ev(args.map((a) => a.shape).join(' '), 60)}), which cannot be analysed`, 'broad-change', 'unknown'));
    return;
  }
  s.nestedShell(args.map((a) => a.value!).join(' '), inv, via);
}

// ------------------------------------------------------------------------------------------------
// rm and find

/** Flags of rm; `args` excludes the command name. */
function rm(inv: Invocation, s: Sink, args: Arg[], via: string): void {
  s.mutates();
  const o = parseOpts(args, []);
  if (o.has('--help', '--version')) return;
  const recursive = o.has('-r', '-R', '--recursive', '-d', '--dir') && !(o.has('-d', '--dir') && !o.has('-r', '-R', '--recursive')) || via === 'rimraf' || via === 'del-cli';
  const force = o.has('-f', '--force');
  const noPreserve = o.has('--no-preserve-root');
  if (o.pos.length === 0) {
    if (inv.stdin.kind !== 'none' && via !== 'rm') return;
    return;
  }
  removePaths(inv, s, o.pos, { recursive, force, noPreserve, verb: via === 'rm' || via === 'unlink' || via === 'del' ? `rm${recursive ? ' -r' : ''}${force ? 'f' : ''}` : via });
}

export interface RemoveOptions {
  recursive: boolean;
  force: boolean;
  noPreserve?: boolean;
  verb: string;
  /** Deletion by pattern under the given roots (find -delete). */
  find?: boolean;
  /** find with a filter (-name, -type…): only matching files go, not the whole tree. */
  filtered?: boolean;
}

/** Judges deleting `paths` (rm, rimraf, find -delete, interpreters' rmtree, Remove-Item). */
export function removePaths(inv: Invocation, s: Sink, paths: Arg[], opt: RemoveOptions): void {
  s.mutates();
  const byClass = new Map<PathClass, Arg[]>();
  for (const p of paths) {
    const w = s.where(p.shape);
    let cls = w.cls;
    // `rm -rf .*` and `rm -rf *` at the working directory reach everything in it.
    if (p.glob && (cls === 'workspace') && /^(\.\/)?\.?\*$/.test(p.shape)) cls = 'cwd-all';
    if (opt.filtered && cls === 'cwd-all') cls = 'workspace';
    const list = byClass.get(cls) ?? [];
    list.push(p);
    byClass.set(cls, list);
  }
  const rule = opt.find ? 'shell.find-delete' : opt.recursive ? 'shell.rm-recursive' : 'shell.rm';
  const sudo = inv.sudo ? ' with root privileges' : '';
  for (const [cls, list] of byClass) {
    const targets: Target[] = list.map((a) => ({ kind: 'path', name: argText(a), op: 'delete' }));
    const what = names(list).replace(/(\S+)\/\(matches\)/g, 'the files find matches under $1');
    const place = describeClass(cls);
    // `find … -exec rm {}` deletes every match in a tree walk: judged like find -delete.
    const deep = opt.recursive || opt.find || list.some((a) => a.shape.includes('/(matches)'));
    // "Deletes ./src recursively", "Deletes files found under . (find -delete)", "Deletes a.txt".
    const del = opt.find ? `Deletes files found under ${what}` : `Deletes ${what}${opt.recursive ? ' recursively' : ''}`;
    let spec: FindingSpec;
    switch (cls) {
      case 'root':
      case 'home':
      case 'system':
        spec = deep || opt.noPreserve
          ? f(rule, 'critical', `${del} — ${place}${sudo}: an environment teardown`, 'environment-teardown', 'irreversible', targets)
          : f(rule, 'high', `${del} — ${place}${sudo}`, 'destructive', 'irreversible', targets);
        break;
      case 'system-sub':
      case 'home-sub':
      case 'outside':
        spec = deep
          ? f(rule, 'high', `${del} — ${place}${sudo}; git cannot bring it back`, 'destructive', 'irreversible', targets)
          : f(rule, cls === 'system-sub' ? 'high' : 'medium', `${del} — ${place}${sudo}`, 'destructive', 'irreversible', targets);
        break;
      case 'unknown':
        spec = deep
          ? f(rule, 'high', `${del} — ${place} (it could be anywhere, even /)`, 'destructive', 'unknown', targets)
          : f(rule, 'medium', `${del} — ${place}`, 'destructive', 'unknown', targets);
        break;
      case 'cwd-all':
        spec = deep
          ? f(rule, 'high', `${del} — everything in the working directory`, 'destructive', 'unknown', targets)
          : f(rule, 'medium', `${del} — every file in the working directory`, 'destructive', 'unknown', targets);
        break;
      case 'workspace':
        if (deep && list.some((a) => /(^|\/)\.git\/?$/.test(argText(a)))) spec = f(rule, 'high', `${del}: the git repository itself, with its history, branches and stashes`, 'destructive', 'irreversible', targets);
        else if (deep) spec = f(rule, 'medium', `${del}, inside the working directory`, 'destructive', 'unknown', targets);
        else if (list.some((a) => a.glob)) spec = f(rule, 'low', `${del} (files matching a pattern)`, 'targeted-patch', 'unknown', targets);
        else spec = f(rule, 'low', del, 'targeted-patch', 'unknown', targets);
        break;
      case 'regenerable':
        spec = f('shell.rm-regenerable', 'low', `${del}: build output or caches that can be regenerated`, 'targeted-patch', 'recoverable', targets);
        break;
      case 'temp':
        spec = f('shell.rm-temp', 'low', `${del} in a temporary folder`, 'targeted-patch', 'recoverable', targets);
        break;
    }
    // Deleting as root reaches what the user could not: never waved through silently.
    if (inv.sudo && spec.level === 'low' && cls !== 'temp') spec = { ...spec, level: 'medium', message: `${spec.message} (as root)` };
    s.add(inv, spec);
  }
}

const FIND_VALUE_OPTS = new Set([
  '-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-type', '-xtype', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime',
  '-cmin', '-newer', '-anewer', '-cnewer', '-user', '-group', '-perm', '-maxdepth', '-mindepth', '-printf', '-fprintf', '-fprint',
  '-fprint0', '-fls', '-wholename', '-iwholename', '-lname', '-ilname', '-samefile', '-inum', '-links', '-uid', '-gid', '-fstype',
  '-context', '-used', '-regextype', '-files0-from', '-newermt', '-newerct', '-newerat',
]);

function find(inv: Invocation, s: Sink, args: Arg[]): void {
  let i = 0;
  while (i < args.length && /^-(H|L|P|O\d*)$/.test(args[i]!.value ?? '')) i++;
  if (args[i]?.value === '-D') i += 2;
  const roots: Arg[] = [];
  while (i < args.length) {
    const v = args[i]!.value;
    if (v !== undefined && (v.startsWith('-') || v === '(' || v === '!' || v === ')')) break;
    roots.push(args[i]!);
    i++;
  }
  if (!roots.length) roots.push(staticArg('.'));
  let deletes = false;
  let filtered = false;
  // Filters decide what `{}` stands for: `-name node_modules` makes it a node_modules folder.
  let leaf: string | undefined;
  for (let j = i; j < args.length; j++) {
    const v = args[j]!.value ?? '';
    if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') break;
    if ((v === '-name' || v === '-iname') && args[j + 1]?.value && !/[*?[]/.test(args[j + 1]!.value!)) leaf = args[j + 1]!.value;
    if (FIND_VALUE_OPTS.has(v) && v !== '-maxdepth' && v !== '-mindepth' && v !== '-regextype') filtered = true;
  }
  for (; i < args.length; i++) {
    const v = args[i]!.value ?? '';
    if (FIND_VALUE_OPTS.has(v) || v.startsWith('-newer')) {
      if (v !== '-maxdepth' && v !== '-mindepth' && v !== '-regextype') filtered = true;
      i++;
      continue;
    }
    if (v === '-delete') deletes = true;
    else if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
      let j = i + 1;
      while (j < args.length && args[j]!.value !== ';' && args[j]!.value !== '+') j++;
      const cmd = args.slice(i + 1, j);
      i = j;
      if (!cmd.length) continue;
      // `{}` stands for each file found under the roots.
      const tail = leaf ?? (filtered ? '(matches)' : '*');
      const each = roots.map((r) => ({ shape: `${r.shape.replace(/\/$/, '')}/${tail}`, glob: tail === '*', value: `${argText(r).replace(/\/$/, '')}/${tail}` }));
      const sub = cmd.flatMap((a) => (a.value === '{}' ? each : [a.value?.includes('{}') ? { ...a, value: a.value.split('{}').join(argText(roots[0])), shape: a.shape.split('{}').join(argText(roots[0])) } : a]));
      s.dispatch({ ...inv, args: sub, via: [...inv.via, `find ${v}`] });
    }
  }
  if (deletes) removePaths(inv, s, roots, { recursive: true, force: true, verb: 'find -delete', find: true, filtered });
}

// ------------------------------------------------------------------------------------------------
// xargs and GNU parallel: a command run with arguments from standard input or a list

/** Arguments read from standard input: blank-separated words, or whole lines (xargs -I, parallel). */
function stdinWords(inv: Invocation, lines = false): Arg[] {
  if (inv.stdin.kind === 'text') return inv.stdin.text.split(lines ? /\n/ : /\s+/).filter((x) => x.trim()).slice(0, 20).map(staticArg);
  return [{ shape: '$(stdin)', glob: false }];
}

function substitute(args: Arg[], token: string, value: Arg): Arg[] {
  return args.map((a) => {
    if (a.value === undefined || !a.value.includes(token)) return a;
    if (a.value === token) return value;
    if (value.value === undefined) return { shape: a.value.split(token).join(value.shape), glob: a.glob };
    const v = a.value.split(token).join(value.value);
    return { value: v, shape: v, glob: a.glob };
  });
}

function xargs(inv: Invocation, s: Sink, args: Arg[]): void {
  // -i[R] takes its replace string attached; normalise it before getopt.
  let iReplace: string | undefined;
  const norm = args.map((a) => {
    const m = /^-i(.*)$/.exec(a.value ?? '');
    if (m) {
      iReplace = m[1] || '{}';
      return staticArg('--replace=' + iReplace);
    }
    return a;
  });
  const o = parseOpts(norm, ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '-I', '-J', '-R', '-S', '--process-slot-var'], true);
  let cmd = o.pos;
  if (!cmd.length) cmd = [staticArg('echo')];
  const replace = o.get('-I', '-J', '--replace') ?? (o.has('--replace') ? '{}' : undefined) ?? iReplace;
  const replTok = replace === '' ? '{}' : replace;
  const words = o.has('-a', '--arg-file') ? [{ shape: '$(file)', glob: false } as Arg] : stdinWords(inv, Boolean(replTok));
  const next = { ...inv, stdin: { kind: 'none' } as const };
  if (replTok) {
    for (const w of words.slice(0, 5)) s.dispatch({ ...next, args: substitute(cmd, replTok, w), via: [...inv.via, 'xargs'] });
  } else s.dispatch({ ...next, args: [...cmd, ...words], via: [...inv.via, 'xargs'] });
}

function parallel(inv: Invocation, s: Sink, args: Arg[]): void {
  const sep = args.findIndex((a) => a.value === ':::' || a.value === '::::' || a.value === ':::+' || a.value === '::::+');
  const head = sep >= 0 ? args.slice(0, sep) : args;
  const o = parseOpts(head, ['-j', '--jobs', '-S', '--sshlogin', '--results', '--joblog', '-N', '--max-args', '-n', '--delay', '--timeout', '--tmpdir', '--colsep', '-C', '--env', '--workdir', '--wd', '--basefile', '-a', '--arg-file', '-I', '--memfree', '--load', '-L', '--retries', '--halt', '--tag-string', '--sshloginfile', '--slf'], true);
  const cmd = o.pos;
  const groups: Arg[][] = [];
  if (sep >= 0) {
    let cur: Arg[] = [];
    for (const a of args.slice(sep + 1)) {
      if (a.value === ':::' || a.value === '::::' || a.value === ':::+' || a.value === '::::+') {
        groups.push(cur);
        cur = [];
      } else cur.push(a);
    }
    groups.push(cur);
  } else groups.push(stdinWords(inv, true));
  const firsts = groups[0] ?? [];
  const via = [...inv.via, 'parallel'];
  const next = { ...inv, stdin: { kind: 'none' } as const, via };
  if (!cmd.length) {
    // The values are the commands.
    for (const v of firsts.slice(0, 10)) {
      if (v.value === undefined) s.add(inv, f('shell.unanalysable', 'medium', 'parallel runs commands only known at run time', 'broad-change', 'unknown'));
      else s.nestedShell(v.value, inv, 'parallel');
    }
    return;
  }
  const hasPlaceholder = cmd.some((a) => /\{\d*\}/.test(a.value ?? ''));
  const combos = firsts.length ? firsts.slice(0, 10) : [{ shape: '$(stdin)', glob: false } as Arg];
  combos.forEach((v, idx) => {
    let c = cmd;
    if (hasPlaceholder) {
      c = substitute(c, '{}', v);
      c = substitute(c, '{1}', v);
      groups.slice(1).forEach((g, gi) => {
        c = substitute(c, `{${gi + 2}}`, g[Math.min(idx, g.length - 1)] ?? { shape: '$(stdin)', glob: false });
      });
      // A shell string with the placeholder inside: `bash -c 'rm -rf {}'`.
      s.dispatch({ ...next, args: c });
    } else s.dispatch({ ...next, args: [...c, v, ...groups.slice(1).map((g) => g[Math.min(idx, g.length - 1)]!).filter(Boolean)] });
  });
}

// ------------------------------------------------------------------------------------------------
// Shells and interpreters

function shell(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const dialect = name === 'zsh' ? 'zsh' : name === 'sh' || name === 'dash' || name === 'ash' ? 'sh' : 'bash';
  let i = 0;
  let cmdMode = false;
  let stdinMode = false;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === undefined || !/^[-+]/.test(v) || v === '-' || v === '--') break;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v)) cmdMode = true;
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(v)) stdinMode = true;
    if ((v === '-o' || v === '+o' || v === '-O' || v === '+O') && i + 1 < args.length) i++;
  }
  if (args[i]?.value === '--' || args[i]?.value === '-') i++;
  const via = `${name} -c`;
  if (cmdMode) {
    const code = args[i];
    if (!code) return;
    if (code.value === undefined) {
      s.add(inv, f('shell.unanalysable', 'medium', `${name} -c runs a command built at run time (${ev(code.shape, 60)})`, 'broad-change', 'unknown'));
      return;
    }
    s.nestedShell(code.value, inv, via, dialect);
    return;
  }
  if (i < args.length && !stdinMode) {
    s.mutates();
    const script = args[i]!;
    if (/^\$\(…\)/.test(script.shape) || script.shape.startsWith('/dev/fd')) {
      s.add(inv, f('shell.unanalysable', /curl|wget/.test(inv.evidence) ? 'high' : 'medium', `${name} runs a script produced by another command${/curl|wget/.test(inv.evidence) ? ' from the network' : ''}`, 'broad-change', 'unknown'));
    }
    return;
  }
  stdinCode(inv, s, name, (text) => s.nestedShell(text, inv, `${name} reading standard input`, dialect));
}

/** Code read from standard input: a heredoc, a static echo, the network, or unknown. */
function stdinCode(inv: Invocation, s: Sink, name: string, analyse: (text: string) => void): void {
  const st = inv.stdin;
  switch (st.kind) {
    case 'none':
      s.mutates();
      return;
    case 'text':
      analyse(st.text);
      return;
    case 'network':
      s.add(inv, f('shell.unanalysable', 'high', `Pipes code from the network (${st.from}) into ${name}: it runs unseen`, 'broad-change', 'unknown'));
      return;
    case 'decoded':
      s.add(inv, f('shell.unanalysable', 'medium', `Pipes decoded or transformed data (${st.from}) into ${name}: it cannot be analysed`, 'broad-change', 'unknown'));
      return;
    case 'unknown':
      s.add(inv, f('shell.unanalysable', 'medium', `Pipes the output of another command (${st.from}) into ${name}: it cannot be analysed`, 'broad-change', 'unknown'));
      return;
  }
}

function interpreter(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const lang = /^python|^pypy/.test(name) ? 'python' : name === 'nodejs' || name === 'bun' || name === 'deno' ? 'node' : name;
  const found = interpreterCodeArg(lang, name, args);
  if (found.kind === 'read-only') return;
  if (found.kind === 'code') {
    if (found.code.value === undefined) {
      s.add(inv, f('shell.unanalysable', 'medium', `${name} runs code built at run time`, 'broad-change', 'unknown'));
      return;
    }
    analyzeInterpreterCode(inv, s, lang, name, found.code.value);
    return;
  }
  if (found.kind === 'script') {
    s.mutates();
    return;
  }
  stdinCode(inv, s, name, (text) => analyzeInterpreterCode(inv, s, lang, name, text));
}

function powershellCli(inv: Invocation, s: Sink, args: Arg[]): void {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i]!.value ?? '').toLowerCase();
    if (/^[-/](c|command)$/.test(v)) {
      const rest = args.slice(i + 1);
      if (rest.some((a) => a.value === undefined)) {
        s.add(inv, f('shell.unanalysable', 'medium', 'powershell -Command with a command built at run time', 'broad-change', 'unknown'));
        return;
      }
      s.nestedShell(rest.map((a) => a.value!).join(' '), inv, 'powershell -Command', 'pwsh');
      return;
    }
    if (/^[-/](e|ec|enc|encodedcommand|en|enco|encod|encode|encoded)$/.test(v)) {
      const b64 = args[i + 1]?.value;
      const text = b64 ? decodeUtf16Base64(b64) : undefined;
      if (text === undefined) s.add(inv, f('shell.unanalysable', 'high', 'powershell -EncodedCommand hides the command it runs', 'broad-change', 'unknown'));
      else {
        s.add(inv, f('shell.encoded-command', 'medium', 'powershell -EncodedCommand hides the command it runs (decoded and analysed)', 'broad-change', 'unknown'));
        s.nestedShell(text, inv, 'powershell -EncodedCommand', 'pwsh');
      }
      return;
    }
    if (/^[-/](f|file)$/.test(v)) {
      s.mutates();
      return;
    }
    if (/^[-/](executionpolicy|ep|ex|workingdirectory|wd|configurationname|outputformat|inputformat|windowstyle|w|version|v)$/.test(v)) i++;
  }
  s.mutates();
}

/** Base64 of UTF-16LE text, as `powershell -EncodedCommand` takes it. Pure, no Buffer. */
export function decodeUtf16Base64(b64: string): string | undefined {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = b64.replace(/[\s=]/g, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length < 4 || clean.length > 200_000) return undefined;
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    buf = (buf << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

// ------------------------------------------------------------------------------------------------
// git and GitHub

const GIT_READ = new Set(['status', 'log', 'diff', 'show', 'blame', 'rev-parse', 'ls-files', 'ls-tree', 'ls-remote', 'describe', 'shortlog', 'grep', 'help', 'version', 'whatchanged', 'reflog', 'rev-list', 'cat-file', 'for-each-ref', 'show-ref', 'name-rev', 'merge-base', 'count-objects', 'fsck', 'check-ignore', 'check-attr', 'var', 'bisect', 'range-diff', 'cherry', 'instaweb', 'fetch', 'remote', 'config', 'tag', 'branch', 'stash', 'worktree', 'submodule', 'notes', 'archive', 'bundle', 'format-patch', 'verify-commit', 'verify-tag']);

function git(inv: Invocation, s: Sink, args: Arg[]): void {
  let i = 0;
  const g = (n: number): string | undefined => args[n]?.value;
  for (; i < args.length; i++) {
    const v = g(i);
    if (v === undefined) break;
    if (v === '--') {
      i++;
      break;
    }
    if (['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--list-cmds', '--attr-source'].includes(v)) {
      i++;
      continue;
    }
    if (!v.startsWith('-')) break;
  }
  const sub = g(i);
  if (sub === undefined) return;
  const a = args.slice(i + 1);
  const av = a.map((x) => x.value ?? '');
  const o = parseOpts(a, ['-m', '-F', '--message', '--file', '-C', '-c', '-b', '-B', '--orphan', '-U', '--unified', '--conflict', '--inter-hunk-context', '-o', '--origin', '-u', '--upload-pack', '--repo', '--receive-pack', '--exec', '--source', '-s', '-X', '--strategy-option', '--depth', '--author', '--date', '--pathspec-from-file', '--format', '--pretty']);
  const branchCtx = (): void => s.context({ system: 'git' });
  switch (sub) {
    case 'push': {
      branchCtx();
      const lease = av.some((v) => v.startsWith('--force-with-lease'));
      const force = !lease && (o.has('-f', '--force', '--forc', '--for') || av.some((v) => /^--force=/.test(v) || v === '--force-if-includes' && false)) || (!lease && o.pos.slice(1).some((p) => (p.value ?? '').startsWith('+')));
      const remote = argText(o.pos[0]) || 'the default remote';
      const refs = o.pos.slice(1).map((p) => argText(p).replace(/^\+/, ''));
      const branchNames = refs.map((r) => r.split(':').pop() || r).filter(Boolean);
      if (o.has('--mirror')) {
        s.add(inv, f('shell.git-push-force', 'high', `Mirror-pushes to ${remote}: every remote branch is overwritten or deleted to match`, 'destructive', 'unknown', [{ kind: 'repository', name: remote, op: 'overwrite' }]));
        return;
      }
      if (o.has('-d', '--delete') || refs.some((r) => r.startsWith(':'))) {
        const del = o.has('-d', '--delete') ? refs : refs.filter((r) => r.startsWith(':')).map((r) => r.slice(1));
        s.add(inv, f('shell.git-push-delete', 'high', `Deletes the remote branch ${del.join(', ') || '(unnamed)'} on ${remote}`, 'destructive', 'unknown', del.map((b) => ({ kind: 'branch', name: b, op: 'delete' }))));
        return;
      }
      if (force) {
        const b = branchNames.length ? branchNames.join(', ') : 'the current branch';
        s.add(inv, f('shell.git-push-force', 'high', `Force-pushes ${b} to ${remote}, rewriting its history`, 'destructive', 'unknown', (branchNames.length ? branchNames : ['HEAD']).map((n) => ({ kind: 'branch', name: n, op: 'overwrite' }))));
        return;
      }
      s.mutates();
      return;
    }
    case 'reset': {
      if (o.has('--hard')) {
        branchCtx();
        s.add(inv, f('shell.git-reset-hard', 'high', `Resets the working tree${o.pos[0] ? ` to ${argText(o.pos[0])}` : ''}, discarding every uncommitted change`, 'destructive', 'irreversible', [{ kind: 'path', name: '.', op: 'overwrite' }]));
      } else if (o.has('--merge') || o.has('--keep')) {
        branchCtx();
        s.add(inv, f('shell.git-reset-hard', o.has('--merge') ? 'medium' : 'low', `git reset ${o.has('--merge') ? '--merge' : '--keep'} moves HEAD and updates files in the working tree`, 'broad-change', 'unknown', [{ kind: 'path', name: '.', op: 'overwrite' }]));
      } else s.mutates();
      return;
    }
    case 'clean': {
      const dry = o.has('-n', '--dry-run') || o.has('--help');
      const forced = o.has('-f', '--force') || av.some((v) => /^-[a-zA-Z]*f/.test(v));
      if (dry || !forced) {
        if (!dry) s.mutates();
        return;
      }
      branchCtx();
      const ignored = o.has('-x', '-X') || av.some((v) => /^-[a-zA-Z]*[xX]/.test(v));
      const dirs = o.has('-d') || av.some((v) => /^-[a-zA-Z]*d/.test(v));
      s.add(inv, f('shell.git-clean', ignored ? 'high' : 'medium', `Deletes untracked${dirs ? ' files and directories' : ' files'}${ignored ? ', ignored ones too (.env files, local config)' : ''}; git cannot bring them back`, 'destructive', 'irreversible', (o.pos.length ? o.pos : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'delete' }))));
      return;
    }
    case 'checkout': {
      if (o.has('-h', '--help')) return;
      const force = o.has('-f', '--force');
      let pos = o.pos;
      // --track / --recurse-submodules take an optional value when given as the next word.
      pos = pos.filter((p, idx) => !(idx === 0 && ['direct', 'inherit', 'checkout', 'on-demand'].includes(p.value ?? '') && (o.has('--track', '-t', '--recurse-submodules'))));
      const creates = o.has('-b', '-B', '--orphan');
      const pathspecFile = o.has('--pathspec-from-file');
      let paths: Arg[] = [];
      const dd = av.indexOf('--');
      if (dd >= 0) {
        const before = a.slice(0, dd).filter((x) => !(x.value ?? '').startsWith('-') && pos.includes(x));
        paths = a.slice(dd + 1);
        if (creates) paths = [];
        void before;
      } else if (!creates && pos.length >= 2) paths = pos.slice(1);
      else if (!creates && pos.length === 1 && (pos[0]!.value === '.' || /^\.\/|\/$|\.[a-z0-9]{1,5}$/i.test(pos[0]!.value ?? '') && !/^(origin|upstream)\//.test(pos[0]!.value ?? ''))) paths = pos;
      if (paths.length || pathspecFile) {
        branchCtx();
        const all = paths.some((p) => p.value === '.' || p.value === ':/' || p.value === '*');
        s.add(inv, f('shell.git-checkout-discard', all ? 'high' : 'medium', `Discards uncommitted changes to ${pathspecFile ? 'the listed files' : names(paths)}`, 'destructive', 'irreversible', (paths.length ? paths : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'overwrite' }))));
        return;
      }
      if (force) {
        branchCtx();
        s.add(inv, f('shell.git-checkout-discard', 'medium', 'Switches branch with --force, discarding uncommitted changes', 'destructive', 'irreversible', [{ kind: 'path', name: '.', op: 'overwrite' }]));
        return;
      }
      s.mutates();
      return;
    }
    case 'switch': {
      if (o.has('-f', '--force', '--discard-changes')) {
        branchCtx();
        s.add(inv, f('shell.git-checkout-discard', 'medium', 'Switches branch discarding uncommitted changes', 'destructive', 'irreversible', [{ kind: 'path', name: '.', op: 'overwrite' }]));
        return;
      }
      s.mutates();
      return;
    }
    case 'restore': {
      if (o.has('-h', '--help')) return;
      const staged = o.has('-S', '--staged');
      const worktree = o.has('-W', '--worktree');
      if (staged && !worktree) {
        s.mutates();
        return;
      }
      const paths = o.pos;
      branchCtx();
      const all = paths.some((p) => p.value === '.' || p.value === ':/' || p.value === '*');
      s.add(inv, f('shell.git-checkout-discard', all ? 'high' : 'medium', `Discards uncommitted changes to ${paths.length ? names(paths) : 'the given files'}`, 'destructive', 'irreversible', (paths.length ? paths : [staticArg('.')]).map((p) => ({ kind: 'path', name: argText(p), op: 'overwrite' }))));
      return;
    }
    case 'branch': {
      const del = o.has('-D') || ((o.has('-d', '--delete') && o.has('-f', '--force')));
      if (del) {
        branchCtx();
        s.add(inv, f('shell.git-branch-delete', 'medium', `Force-deletes the branch ${names(o.pos)}, even with commits that exist nowhere else`, 'destructive', 'unknown', o.pos.map((p) => ({ kind: 'branch', name: argText(p), op: 'delete' }))));
        return;
      }
      if (o.has('-d', '--delete', '-m', '-M', '-c', '-C', '--move', '--copy', '-u', '--set-upstream-to', '--unset-upstream') || (o.pos.length && !o.has('-a', '-r', '-v', '-vv', '--list', '--contains', '--merged', '--no-merged', '--show-current'))) s.mutates();
      return;
    }
    case 'stash': {
      const op = o.pos[0]?.value;
      if (op === 'drop' || op === 'clear') {
        branchCtx();
        s.add(inv, f('shell.git-stash-clear', op === 'clear' ? 'high' : 'medium', op === 'clear' ? 'Deletes every stash entry' : `Deletes the stash entry ${argText(o.pos[1]) || 'stash@{0}'}`, 'destructive', 'irreversible', [{ kind: 'other', name: op === 'clear' ? 'all stashes' : argText(o.pos[1]) || 'stash@{0}', op: 'delete' }]));
        return;
      }
      if (op !== 'list' && op !== 'show') s.mutates();
      return;
    }
    case 'filter-branch':
    case 'filter-repo':
      branchCtx();
      s.add(inv, f('shell.git-rewrite-history', 'high', `git ${sub} rewrites the whole history of the repository`, 'broad-change', 'unknown', [{ kind: 'repository', name: '.', op: 'overwrite' }]));
      return;
    case 'update-ref':
      if (o.has('-d')) {
        branchCtx();
        s.add(inv, f('shell.git-update-ref-delete', 'medium', `Deletes the ref ${argText(o.pos[0])}`, 'destructive', 'unknown', [{ kind: 'branch', name: argText(o.pos[0]), op: 'delete' }]));
      } else s.mutates();
      return;
    case 'reflog':
      if (o.pos[0]?.value === 'expire' || o.pos[0]?.value === 'delete') {
        branchCtx();
        const now = av.some((v) => /--expire(-unreachable)?=(now|all|0)/.test(v));
        s.add(inv, f('shell.git-reflog-expire', now ? 'high' : 'medium', 'Expires reflog entries, removing the safety net for lost commits', 'destructive', 'irreversible'));
      }
      return;
    case 'gc':
    case 'prune':
      s.mutates();
      if (sub === 'prune' || av.some((v) => /^--prune=(now|all)/.test(v))) s.add(inv, f('shell.git-gc-prune', 'medium', 'Prunes unreachable objects now: lost commits can no longer be recovered', 'destructive', 'irreversible'));
      return;
    case 'worktree':
      if (o.pos[0]?.value === 'remove' && (o.has('-f', '--force') && !o.afterDashDash)) {
        s.add(inv, f('shell.git-worktree-remove', 'medium', `Removes the worktree ${argText(o.pos[1])} with --force, discarding its uncommitted changes`, 'destructive', 'irreversible', o.pos.slice(1).map((p) => ({ kind: 'path', name: argText(p), op: 'delete' }))));
        return;
      }
      if (o.pos[0]?.value !== 'list') s.mutates();
      return;
    case 'rm':
      s.mutates();
      if (!o.has('--cached') && o.has('-r')) s.add(inv, f('shell.git-rm', 'medium', `Removes ${names(o.pos)} from the index and the working tree`, 'destructive', 'recoverable', o.pos.map((p) => ({ kind: 'path', name: argText(p), op: 'delete' }))));
      return;
    case 'submodule':
      if (o.pos[0]?.value === 'deinit' && o.has('-f', '--force')) s.add(inv, f('shell.git-submodule-deinit', 'medium', 'Deinitialises submodules with --force, discarding their local changes', 'destructive', 'irreversible'));
      else s.mutates();
      return;
    default:
      if (!GIT_READ.has(sub) && !sub.startsWith('-')) s.mutates();
      if (sub === 'tag' && o.has('-d', '--delete')) s.mutates();
      if (sub === 'remote' && ['remove', 'rm', 'set-url', 'add', 'rename'].includes(o.pos[0]?.value ?? '')) s.mutates();
      if (sub === 'config' && o.pos.length >= 2) s.mutates();
  }
}

function gh(inv: Invocation, s: Sink, args: Arg[]): void {
  const v = args.map((a) => a.value ?? '');
  if (v[0] === 'repo' && v[1] === 'delete') {
    const repo = v.slice(2).find((x) => !x.startsWith('-')) ?? 'the current repository';
    s.add(inv, f('shell.gh-repo-delete', 'critical', `Deletes the GitHub repository ${repo} with its issues, pull requests and wiki`, 'environment-teardown', 'irreversible', [{ kind: 'repository', name: repo, op: 'delete' }]));
    return;
  }
  if (v[1] === 'delete' && ['release', 'secret', 'variable', 'environment', 'label', 'gist', 'cache', 'run', 'ruleset', 'deploy-key', 'ssh-key', 'gpg-key'].includes(v[0] ?? '')) {
    s.add(inv, f('shell.gh-delete', 'medium', `Deletes a GitHub ${v[0]} (${v.slice(2).find((x) => !x.startsWith('-')) ?? ''})`, 'destructive', 'irreversible'));
    return;
  }
  if (v[0] === 'api' && v.some((x) => /^(-X|--method)$/.test(x)) && v.some((x) => /^DELETE$/i.test(x))) {
    s.add(inv, f('shell.gh-delete', 'medium', 'Sends a DELETE request to the GitHub API', 'destructive', 'unknown'));
    return;
  }
  if (!['status', 'auth', 'browse', 'search', 'help', 'version'].includes(v[0] ?? '') && !['list', 'view', 'status', 'diff', 'checks', 'watch'].includes(v[1] ?? '')) s.mutates();
}

// ------------------------------------------------------------------------------------------------
// Infrastructure as code

function terraform(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  let a = args.filter((x) => !/^-chdir=/.test(x.value ?? ''));
  if (name === 'terragrunt' && ['run-all', 'run'].includes(a[0]?.value ?? '')) a = a.slice(1).filter((x) => x.value !== '--');
  const sub = a[0]?.value ?? '';
  const o = parseOpts(a.slice(1), ['-var', '-var-file', '-target', '-replace', '-state', '-state-out', '-backup', '-lock-timeout', '-parallelism', '-out'], false, true);
  const tfws = inv.env.get('TF_WORKSPACE');
  s.context({ system: 'terraform', ...(tfws ? { context: tfws } : {}) });
  const targets = o.all('-target').map((t) => ({ kind: 'resource' as const, name: t, op: 'delete' as const }));
  for (const vf of o.all('-var-file')) s.hint('terraform var file', vf);
  switch (sub) {
    case 'destroy':
      s.add(inv, f('shell.terraform-destroy', targets.length ? 'high' : 'high', targets.length ? `${name} destroy of ${targets.map((t) => t.name).join(', ')}` : `${name} destroy deletes every resource in the state${o.has('-auto-approve') ? ', without asking' : ''}`, targets.length ? 'destructive' : 'environment-teardown', 'irreversible', targets.length ? targets : [{ kind: 'stack', name: `${name} state`, op: 'delete' }]));
      return;
    case 'apply': {
      if (o.has('-destroy')) {
        s.add(inv, f('shell.terraform-destroy', 'high', `${name} apply -destroy deletes every resource in the state`, 'environment-teardown', 'irreversible', [{ kind: 'stack', name: `${name} state`, op: 'delete' }]));
        return;
      }
      const planfile = o.pos[0]?.value;
      if (planfile) {
        const plan = s.ctx.facts.plans?.[planfile];
        if (plan && plan.kind === 'terraformPlan') {
          s.nested({ kind: 'terraformPlan', plan: plan.json }, `${name} apply ${planfile}`);
          s.mutates();
        } else {
          s.add(inv, f('shell.terraform-apply-planfile', 'high', `${name} apply ${planfile} runs a saved plan that could not be read, so its changes are unknown`, 'broad-change', 'unknown', [{ kind: 'other', name: planfile, op: 'execute' }]));
        }
        return;
      }
      const replaces = o.all('-replace');
      if (replaces.length) {
        s.add(inv, f('shell.terraform-replace', 'high', `${name} apply destroys and recreates ${replaces.join(', ')}`, 'destructive', 'irreversible', replaces.map((r) => ({ kind: 'resource', name: r, op: 'replace' }))));
        return;
      }
      if (o.has('-auto-approve')) s.add(inv, f('shell.terraform-apply-auto-approve', 'high', `${name} apply -auto-approve applies changes nobody has reviewed`, 'broad-change', 'unknown'));
      else s.add(inv, f('shell.terraform-apply', 'medium', `${name} apply changes live infrastructure (it shows the plan and asks first)`, 'broad-change', 'unknown'));
      return;
    }
    case 'state': {
      const op = o.pos[0]?.value;
      if (op === 'rm') s.add(inv, f('shell.terraform-state-rm', 'high', `Removes ${o.pos.slice(1).map(argText).join(', ')} from the ${name} state: they become unmanaged`, 'destructive', 'unknown', o.pos.slice(1).map((p) => ({ kind: 'resource', name: argText(p), op: 'delete' }))));
      else if (op === 'mv' || op === 'push' || op === 'replace-provider') s.add(inv, f('shell.terraform-state-write', 'medium', `${name} state ${op} rewrites the state`, 'broad-change', 'unknown'));
      return;
    }
    case 'workspace': {
      const op = o.pos[0]?.value;
      const ws = argText(o.pos[1]);
      if (op === 'select' || op === 'new') {
        s.context({ system: 'terraform', context: ws });
        if (op === 'new') s.mutates();
      }
      if (op === 'delete') s.add(inv, f('shell.terraform-workspace-delete', 'high', `Deletes the ${name} workspace ${ws}${o.has('-force') ? ' even with resources in it' : ''}`, o.has('-force') ? 'environment-teardown' : 'destructive', 'irreversible', [{ kind: 'workspace', name: ws, op: 'delete' }]));
      return;
    }
    case 'import':
    case 'taint':
    case 'untaint':
    case 'force-unlock':
    case 'refresh':
      s.add(inv, f('shell.terraform-state-write', sub === 'taint' ? 'medium' : 'low', `${name} ${sub} changes the state`, 'broad-change', 'unknown'));
      return;
    case 'init':
    case 'get':
    case 'fmt':
      s.mutates();
      return;
    default:
      return;
  }
}

function pulumi(inv: Invocation, s: Sink, args: Arg[]): void {
  const o = parseOpts(args, ['-s', '--stack', '-C', '--cwd', '--target', '-t', '--replace', '-m', '--message', '--config-file', '-c', '--config']);
  const sub = o.pos[0]?.value ?? '';
  const stack = o.get('-s', '--stack');
  s.context({ system: 'terraform', ...(stack ? { context: stack } : {}) });
  const t = [{ kind: 'stack' as const, name: stack ?? 'the current stack', op: 'delete' as const }];
  if (sub === 'destroy' || sub === 'down') {
    s.add(inv, f('shell.pulumi-destroy', 'high', `pulumi destroy deletes every resource of ${stack ?? 'the current stack'}`, 'environment-teardown', 'irreversible', t));
  } else if (sub === 'stack' && (o.pos[1]?.value === 'rm' || o.pos[1]?.value === 'remove')) {
    const name = argText(o.pos[2]) || stack || 'the current stack';
    s.add(inv, f('shell.pulumi-stack-rm', 'high', `Removes the pulumi stack ${name}${o.has('--force', '-f') ? ' even with resources in it' : ''}`, 'environment-teardown', 'irreversible', [{ kind: 'stack', name, op: 'delete' }]));
  } else if (sub === 'up' || sub === 'update') {
    if (o.has('--yes', '-y', '--skip-preview', '-f')) s.add(inv, f('shell.pulumi-up-yes', 'medium', 'pulumi up --yes applies changes without a preview', 'broad-change', 'unknown'));
    else s.add(inv, f('shell.pulumi-up', 'low', 'pulumi up changes live infrastructure (it previews and asks first)', 'broad-change', 'unknown'));
  } else if (sub === 'state' && o.pos[1]?.value === 'delete') {
    s.add(inv, f('shell.pulumi-state-delete', 'high', 'Removes resources from the pulumi state', 'destructive', 'unknown'));
  } else if (!['preview', 'stack', 'config', 'whoami', 'version', 'about', 'logs', 'login'].includes(sub)) s.mutates();
}

function cdk(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const o = parseOpts(args, ['--require-approval', '--profile', '-c', '--context', '--app', '-a', '--role-arn', '-r', '--toolkit-stack-name']);
  const sub = o.pos[0]?.value ?? '';
  const profile = o.get('--profile');
  s.context({ system: name === 'cdktf' ? 'terraform' : 'aws', ...(profile ? { context: profile } : {}) });
  const stacks = o.pos.slice(1).map(argText);
  if (sub === 'destroy') {
    s.add(inv, f('shell.cdk-destroy', 'high', `${name} destroy deletes ${stacks.length ? `the stacks ${stacks.join(', ')}` : 'the app\'s stacks'}${o.has('--force', '-f') ? ' without asking' : ''}`, 'environment-teardown', 'irreversible', (stacks.length ? stacks : [o.has('--all') ? 'all stacks' : 'the app\'s stacks']).map((n) => ({ kind: 'stack', name: n, op: 'delete' }))));
  } else if (sub === 'deploy') {
    if (o.get('--require-approval') === 'never' || o.has('--auto-approve')) s.add(inv, f('shell.cdk-deploy-no-approval', 'medium', `${name} deploy without approval of security-sensitive changes`, 'broad-change', 'unknown'));
    else s.mutates();
    for (const st of stacks) s.hint('stack', st);
  } else if (!['synth', 'diff', 'ls', 'list', 'doctor', 'docs', 'version', 'notices', 'metadata', 'context', 'acknowledge'].includes(sub)) s.mutates();
}

function stackTargets(args: Arg[], stageFlags: string[]): Target[] {
  const o = parseOpts(args, stageFlags);
  const stage = o.get(...stageFlags);
  return [{ kind: 'stack', name: stage ? `stage ${stage}` : 'the service', op: 'delete' }];
}

// ------------------------------------------------------------------------------------------------
// Cloud CLIs

const AWS_TEARDOWN: Record<string, RegExp> = {
  cloudformation: /^delete-stack(-set|-instances)?$/,
  rds: /^delete-db-(instance|cluster)$/,
  eks: /^delete-cluster$/,
  ecs: /^delete-cluster$/,
  route53: /^delete-hosted-zone$/,
  elasticache: /^delete-(cache-cluster|replication-group)$/,
  redshift: /^delete-cluster$/,
  opensearch: /^delete-domain$/,
  es: /^delete-elasticsearch-domain$/,
  organizations: /^(close-account|remove-account-from-organization|delete-organization)$/,
  docdb: /^delete-db-cluster$/,
  neptune: /^delete-db-cluster$/,
};
const AWS_HIGH: Record<string, RegExp> = {
  dynamodb: /^delete-table$/,
  s3api: /^delete-bucket$/,
  ec2: /^(terminate-instances|delete-vpc|delete-volume|delete-snapshot|delete-subnet|delete-security-group|delete-key-pair|delete-transit-gateway|delete-nat-gateway|deregister-image)$/,
  iam: /^delete-/,
  kms: /^(schedule-key-deletion|disable-key|delete-alias)$/,
  lambda: /^delete-function$/,
  secretsmanager: /^delete-secret$/,
  logs: /^delete-log-group$/,
  sqs: /^(delete-queue|purge-queue)$/,
  sns: /^delete-topic$/,
  ecr: /^(delete-repository|batch-delete-image)$/,
  efs: /^delete-file-system$/,
  backup: /^delete-(backup-vault|recovery-point)$/,
  cognito: /^delete-user-pool$/,
  'cognito-idp': /^delete-user-pool$/,
  kinesis: /^delete-stream$/,
  glacier: /^delete-(vault|archive)$/,
  elbv2: /^delete-load-balancer$/,
  apigateway: /^delete-rest-api$/,
  ssm: /^delete-parameters?$/,
};

function aws(inv: Invocation, s: Sink, args: Arg[]): void {
  const o = parseOpts(args, ['--profile', '--region', '--endpoint-url', '--output', '--query', '--cli-input-json', '--stack-name', '--change-set-name', '--db-instance-identifier', '--db-cluster-identifier', '--table-name', '--bucket', '--function-name', '--name', '--cluster', '--key-id', '--hosted-zone-id', '--id', '--instance-ids', '--user-name', '--role-name', '--policy-arn', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle', '--queue-url', '--secret-id', '--repository-name', '--log-group-name']);
  const profile = o.get('--profile') ?? inv.env.get('AWS_PROFILE') ?? undefined;
  const region = o.get('--region') ?? inv.env.get('AWS_REGION') ?? inv.env.get('AWS_DEFAULT_REGION') ?? undefined;
  s.context({ system: 'aws', ...(profile ? { context: profile } : {}), ...(region ? { region } : {}) });
  const service = o.pos[0]?.value ?? '';
  const op = o.pos[1]?.value ?? '';
  const ident = o.get('--stack-name', '--db-instance-identifier', '--db-cluster-identifier', '--table-name', '--bucket', '--function-name', '--name', '--cluster', '--key-id', '--hosted-zone-id', '--instance-ids', '--user-name', '--role-name', '--queue-url', '--secret-id', '--repository-name', '--log-group-name', '--id') ?? argText(o.pos[2]);
  const kindOf = (): Target['kind'] => (service === 'cloudformation' ? 'stack' : service === 'rds' || service === 'dynamodb' || service === 'docdb' ? 'database' : service === 'eks' || service === 'ecs' || service === 'redshift' ? 'cluster' : service === 's3' || service === 's3api' ? 'bucket' : 'resource');
  const target = ident ? [{ kind: kindOf(), name: ident, op: 'delete' as const }] : [];
  if (service === 's3') {
    const recursive = o.has('--recursive');
    if (op === 'rb') {
      const b = argText(o.pos[2]);
      s.add(inv, f('shell.aws-s3-rb', 'high', `Deletes the S3 bucket ${b}${o.has('--force') ? ' and every object in it' : ''}`, o.has('--force') ? 'environment-teardown' : 'destructive', 'irreversible', [{ kind: 'bucket', name: b, op: 'delete' }]));
    } else if (op === 'rm') {
      const b = argText(o.pos[2]);
      s.add(inv, f('shell.aws-s3-rm', recursive ? 'high' : 'medium', `Deletes ${recursive ? 'every object under ' : ''}${b}`, 'destructive', 'irreversible', [{ kind: 'bucket', name: b, op: 'delete' }]));
    } else if (op === 'sync' && o.has('--delete')) {
      s.add(inv, f('shell.aws-s3-sync-delete', 'medium', `Syncs to ${argText(o.pos[3])} deleting files that are not in the source`, 'destructive', 'irreversible', [{ kind: 'bucket', name: argText(o.pos[3]), op: 'overwrite' }]));
    } else if (op !== 'ls' && op !== 'presign') s.mutates();
    return;
  }
  if (service === 'cloudformation' && op === 'execute-change-set') {
    const key = o.get('--change-set-name') ?? '';
    const cs = s.ctx.facts.plans?.[key];
    if (cs && cs.kind === 'cloudformationChangeSet') {
      s.nested({ kind: 'cloudformationChangeSet', changeSet: cs.json }, `aws cloudformation execute-change-set ${key}`);
      s.mutates();
    } else {
      s.add(inv, f('shell.cfn-execute-change-set', 'high', `Executes the change set ${key || '(unnamed)'}${o.get('--stack-name') ? ` on ${o.get('--stack-name')}` : ''}, whose changes could not be read`, 'broad-change', 'unknown', [{ kind: 'stack', name: o.get('--stack-name') ?? key, op: 'modify' }]));
    }
    return;
  }
  if (service === 'rds' && /^delete-db-(instance|cluster)$/.test(op)) {
    const skip = o.has('--skip-final-snapshot');
    s.add(inv, f('shell.aws-delete', skip ? 'critical' : 'high', `Deletes the RDS ${op.slice(10)} ${ident}${skip ? ' without a final snapshot' : ''}`, 'environment-teardown', skip ? 'irreversible' : 'recoverable', target));
    return;
  }
  if (AWS_TEARDOWN[service]?.test(op)) {
    s.add(inv, f('shell.aws-delete', 'high', `aws ${service} ${op} ${ident}: deletes a whole ${kindOf()}`, 'environment-teardown', 'irreversible', target));
    return;
  }
  if (AWS_HIGH[service]?.test(op)) {
    s.add(inv, f('shell.aws-delete', 'high', `aws ${service} ${op} ${ident}`.trim(), 'destructive', 'irreversible', target));
    return;
  }
  if (/^(delete|terminate|remove|deregister|purge|destroy|disable|revoke|detach|cancel|stop|reboot|reset)-/.test(op)) {
    const del = /^(delete|terminate|remove|deregister|purge|destroy)-/.test(op);
    s.add(inv, f('shell.aws-delete', del ? 'medium' : 'low', `aws ${service} ${op} ${ident}`.trim(), del ? 'destructive' : 'broad-change', del ? 'irreversible' : 'recoverable', del ? target : []));
    return;
  }
  if (!/^(describe|list|get|head|lookup|search|scan|query|batch-get|validate|estimate|simulate|test|filter|select|preview|download|wait|help)/.test(op) && !(service === 'sts') && !(service === 'configure' && (op === 'list' || op === 'get'))) s.mutates();
}

function gcloud(inv: Invocation, s: Sink, args: Arg[]): void {
  const o = parseOpts(args, ['--project', '--zone', '--region', '--format', '--filter', '--account', '--configuration', '--location', '--instance', '--cluster']);
  const project = o.get('--project') ?? inv.env.get('CLOUDSDK_CORE_PROJECT') ?? undefined;
  s.context({ system: 'gcp', ...(project ? { context: project } : {}), ...(o.get('--region', '--zone') ? { region: o.get('--region', '--zone')! } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  const di = words.indexOf('delete');
  if (di < 0) {
    if (!words.some((w) => /^(list|describe|get-.*|info|version|help|config|auth|read|tail|show.*)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = words[di + 1] ?? project ?? '';
  const teardown = /^(projects|container clusters|sql instances|spanner instances|bigtable instances|redis instances|alloydb clusters|composer environments|run services|app services|filestore instances|dataproc clusters)$/.test(group);
  const data = /^(sql databases|storage buckets|storage rm|firestore databases|bigquery datasets|pubsub topics|compute disks|compute snapshots|secrets|kms keys)$/.test(group);
  s.add(inv, f('shell.gcloud-delete', teardown || data ? 'high' : 'medium', `gcloud ${group} delete ${name}`.trim(), teardown ? 'environment-teardown' : 'destructive', 'irreversible', name ? [{ kind: group.startsWith('projects') ? 'stack' : group.includes('sql') ? 'database' : group.includes('cluster') ? 'cluster' : 'resource', name, op: 'delete' }] : []));
}

function azure(inv: Invocation, s: Sink, args: Arg[]): void {
  const o = parseOpts(args, ['--name', '-n', '--resource-group', '-g', '--subscription', '--output', '-o', '--query', '--ids']);
  const sub = o.get('--subscription');
  s.context({ system: 'azure', ...(sub ? { context: sub } : {}) });
  const words = o.pos.map((p) => p.value ?? '');
  const rg = o.get('--resource-group', '-g');
  if (rg) s.hint('resource group', rg);
  const di = words.indexOf('delete');
  if (di < 0) {
    if (words.includes('purge')) s.add(inv, f('shell.az-delete', 'high', `az ${words.join(' ')} purges a deleted resource for good`, 'destructive', 'irreversible'));
    else if (!words.some((w) => /^(list|show|get-.*|version|login|account)$/.test(w))) s.mutates();
    return;
  }
  const group = words.slice(0, di).join(' ');
  const name = o.get('--name', '-n') ?? (group === 'group' ? rg : undefined) ?? '';
  const teardown = group === 'group' || /^(aks|sql server|cosmosdb|postgres (flexible-)?server|mysql (flexible-)?server|webapp|functionapp|vm|storage account|keyvault)$/.test(group);
  s.add(inv, f('shell.az-delete', 'high', `az ${group} delete ${name}`.trim() + (group === 'group' ? ': deletes the resource group and everything in it' : ''), teardown ? 'environment-teardown' : 'destructive', 'irreversible', name ? [{ kind: group === 'group' ? 'stack' : 'resource', name, op: 'delete' }] : []));
}

// ------------------------------------------------------------------------------------------------
// Kubernetes and containers

const KUBE_READ = new Set(['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'config', 'auth', 'diff', 'events', 'wait', 'port-forward', 'proxy', 'completion', 'plugin', 'kustomize', 'help', 'options', 'whoami']);

function kubectl(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const o = parseOpts(args, ['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-f', '--filename', '-l', '--selector', '-o', '--output', '--replicas', '--timeout', '--grace-period', '-c', '--container', '--field-selector', '-k', '--kustomize', '--user', '-s', '--server', '--as', '--type', '-p', '--patch']);
  const context = o.get('--context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const kubeconfig = o.get('--kubeconfig') ?? inv.env.get('KUBECONFIG') ?? undefined;
  if (kubeconfig) s.hint('kubeconfig', kubeconfig);
  const sub = o.pos[0]?.value ?? '';
  const where = `${ns ? ` in namespace ${ns}` : ''}${context ? ` (context ${context})` : ''}`;
  if (KUBE_READ.has(sub)) {
    if (sub === 'config' && ['use-context', 'set-context', 'delete-context', 'set', 'unset', 'delete-cluster', 'rename-context'].includes(o.pos[1]?.value ?? '')) s.mutates();
    return;
  }
  const all = o.has('--all', '-A', '--all-namespaces');
  switch (sub) {
    case 'delete': {
      const kind = (o.pos[1]?.value ?? '').toLowerCase();
      const objs = o.pos.slice(2).map(argText);
      const slash = kind.includes('/') ? [kind] : [];
      const kinds = kind.split(',');
      const file = o.get('-f', '--filename', '-k', '--kustomize');
      if (kinds.some((k) => /^(ns|namespace|namespaces)(\/|$)/.test(k))) {
        const nsNames = slash.length ? slash.map((x) => x.split('/')[1]!) : objs;
        s.add(inv, f('shell.kubectl-delete-namespace', 'high', `Deletes the namespace ${nsNames.join(', ') || '(all)'} and everything in it${where}`, 'environment-teardown', 'irreversible', nsNames.map((n) => ({ kind: 'namespace', name: n, op: 'delete' }))));
        for (const n of nsNames) s.hint('kube namespace', n);
        return;
      }
      if (kinds.some((k) => /^(crd|crds|customresourcedefinitions?)(\.|\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete-crd', 'high', `Deletes custom resource definitions ${objs.join(', ')}: every resource of those kinds goes with them${where}`, 'environment-teardown', 'irreversible', objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      if (kinds.some((k) => /^(pvc|pv|persistentvolumeclaims?|persistentvolumes?|statefulsets?|sts|secrets?)(\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete-data', 'high', `Deletes ${kind} ${all ? '(all)' : objs.join(', ')}${where}: the data may go with it`, 'destructive', 'irreversible', (objs.length ? objs : [kind]).map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      if (all || kinds.includes('all') || o.has('-l', '--selector') && !objs.length) {
        s.add(inv, f('shell.kubectl-delete-all', 'high', `Deletes every ${kind || 'resource'}${all ? ' (--all)' : ''}${where}`, 'environment-teardown', 'irreversible', [{ kind: 'namespace', name: ns ?? 'the current namespace', op: 'delete' }]));
        return;
      }
      if (kinds.some((k) => /^(nodes?|no|clusterroles?|clusterrolebindings?|mutatingwebhookconfigurations?|validatingwebhookconfigurations?|storageclass(es)?|sc)(\/|$)/.test(k))) {
        s.add(inv, f('shell.kubectl-delete', 'high', `Deletes cluster-wide ${kind} ${objs.join(', ')}${where}`, 'destructive', 'irreversible', objs.map((n) => ({ kind: 'resource', name: n, op: 'delete' }))));
        return;
      }
      s.add(inv, f('shell.kubectl-delete', 'medium', `Deletes ${file ? `the resources in ${file}` : `${kind} ${objs.join(', ')}`}${where}`, 'destructive', 'unknown', file ? [{ kind: 'resource', name: file, op: 'delete' }] : (slash.length ? slash : objs).map((n) => ({ kind: 'resource', name: `${slash.length ? '' : kind + '/'}${n}`, op: 'delete' }))));
      return;
    }
    case 'scale': {
      const r = o.get('--replicas');
      if (r === '0') s.add(inv, f('shell.kubectl-scale-zero', 'medium', `Scales ${o.pos.slice(1).map(argText).join(' ')} to zero replicas: an outage${where}`, 'broad-change', 'recoverable', o.pos.slice(1).map((p) => ({ kind: 'resource', name: argText(p), op: 'modify' }))));
      else s.mutates();
      return;
    }
    case 'replace':
      if (o.has('--force')) s.add(inv, f('shell.kubectl-replace-force', 'medium', `Deletes and recreates the resources${where}`, 'destructive', 'unknown'));
      else s.mutates();
      return;
    case 'drain':
      s.add(inv, f('shell.kubectl-drain', 'medium', `Drains the node ${argText(o.pos[1])}, evicting its pods${where}`, 'broad-change', 'recoverable', [{ kind: 'host', name: argText(o.pos[1]), op: 'modify' }]));
      return;
    case 'cordon':
    case 'taint':
      s.add(inv, f('shell.kubectl-cordon', 'medium', `${sub} ${argText(o.pos[1])}: stops scheduling on the node${where}`, 'broad-change', 'reversible', [{ kind: 'host', name: argText(o.pos[1]), op: 'modify' }]));
      return;
    case 'exec':
    case 'debug': {
      const dd = args.findIndex((a) => a.value === '--');
      if (dd >= 0 && dd + 1 < args.length) again(inv, s, args.slice(dd + 1), `${name} exec ${argText(o.pos[1])}`);
      else s.mutates();
      return;
    }
    case 'rollout':
      if (o.pos[1]?.value === 'undo' || o.pos[1]?.value === 'restart') s.mutates();
      else if (o.pos[1]?.value !== 'status' && o.pos[1]?.value !== 'history') s.mutates();
      return;
    default:
      s.mutates();
  }
  void name;
}

function helm(inv: Invocation, s: Sink, args: Arg[]): void {
  const o = parseOpts(args, ['-n', '--namespace', '--kube-context', '--kubeconfig', '-f', '--values', '--set', '--version', '--timeout', '-o', '--output', '--repo']);
  const context = o.get('--kube-context');
  const ns = o.get('-n', '--namespace');
  s.context({ system: 'kube', ...(context ? { context } : {}), ...(ns ? { namespace: ns } : {}) });
  const sub = o.pos[0]?.value ?? '';
  if (sub === 'uninstall' || sub === 'delete' || sub === 'del' || sub === 'un') {
    const rels = o.pos.slice(1).map(argText);
    s.add(inv, f('shell.helm-uninstall', 'high', `Uninstalls the release ${rels.join(', ')} and deletes its resources${ns ? ` in ${ns}` : ''}`, 'environment-teardown', 'irreversible', rels.map((r) => ({ kind: 'resource', name: r, op: 'delete' }))));
    for (const r of rels) s.hint('helm release', r);
    return;
  }
  if (sub === 'rollback') {
    s.add(inv, f('shell.helm-rollback', 'medium', `Rolls back ${argText(o.pos[1])}`, 'broad-change', 'recoverable'));
    return;
  }
  if (!['list', 'ls', 'status', 'get', 'history', 'show', 'inspect', 'template', 'lint', 'search', 'version', 'env', 'help', 'diff', 'verify'].includes(sub)) s.mutates();
  for (const r of o.pos.slice(1, 2)) s.hint('helm release', argText(r));
}

function docker(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const o = parseOpts(args, ['-H', '--host', '--context', '-c', '--config', '--file', '--project-name', '--filter', '--format', '--tag', '--env-file', '--profile']);
  const w = o.pos.map((p) => p.value ?? '');
  const ctx = o.get('--context', '-c');
  if (ctx) s.hint('docker context', ctx);
  const sub = w[0] ?? '';
  const rest = w.slice(1);
  const has = (...f: string[]): boolean => o.has(...f) || rest.some((x) => f.includes(x));
  const obj = w[1] ?? '';
  const containerish = (sub === 'system' || sub === 'container' || sub === 'image' || sub === 'volume' || sub === 'network' || sub === 'builder' || sub === 'buildx') ? obj : '';
  if ((sub === 'system' && obj === 'prune') || (sub === 'container' && obj === 'prune')) {
    const volumes = has('--volumes');
    s.add(inv, f('shell.docker-prune', volumes ? 'high' : 'medium', `${name} ${sub} prune deletes stopped containers${has('-a', '--all') ? ', all unused images' : ''}${volumes ? ' and volumes with their data' : ''}`, volumes ? 'destructive' : 'broad-change', volumes ? 'irreversible' : 'recoverable'));
    return;
  }
  if ((sub === 'volume' && (obj === 'rm' || obj === 'prune' || obj === 'remove')) || (sub === 'compose' && w.includes('down') && (o.has('-v', '--volumes')))) {
    s.add(inv, f('shell.docker-volume-rm', 'high', `Deletes ${name} volumes${sub === 'volume' && obj !== 'prune' ? ` ${w.slice(2).join(', ')}` : ''} and the data in them`, 'destructive', 'irreversible', w.slice(2).map((v) => ({ kind: 'resource', name: v, op: 'delete' }))));
    return;
  }
  if ((sub === 'rm' || (sub === 'container' && (obj === 'rm' || obj === 'remove'))) && has('-f', '--force')) {
    s.add(inv, f('shell.docker-rm', 'medium', `Force-removes containers ${w.slice(sub === 'rm' ? 1 : 2).join(', ')}, running ones included, with their writable layers`, 'destructive', 'irreversible', w.slice(sub === 'rm' ? 1 : 2).map((v) => ({ kind: 'resource', name: v, op: 'delete' }))));
    return;
  }
  if (sub === 'rmi' || (sub === 'image' && (obj === 'rm' || obj === 'prune' || obj === 'remove'))) {
    s.add(inv, f('shell.docker-rmi', 'low', `Removes ${name} images (they can be pulled or built again)`, 'targeted-patch', 'recoverable'));
    return;
  }
  if (['ps', 'images', 'logs', 'inspect', 'version', 'info', 'stats', 'top', 'diff', 'history', 'search', 'events', 'port', 'help'].includes(sub) || (containerish && ['ls', 'list', 'inspect', 'df'].includes(obj))) return;
  if (sub === 'exec') {
    // docker exec [opts] CONTAINER CMD…: the command runs inside the container.
    const e = parseOpts(args.slice(args.findIndex((a) => a.value === 'exec') + 1), ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'], true);
    if (e.pos.length > 1) again(inv, s, e.pos.slice(1), `${name} exec ${argText(e.pos[0])}`);
    else s.mutates();
    return;
  }
  s.mutates();
}

// ------------------------------------------------------------------------------------------------
// Database clients: the statement goes to the SQL analyzer

function database(inv: Invocation, s: Sink, args: Arg[], name: string): void {
  const dialect = name === 'psql' || name === 'cockroach' ? 'postgresql' : name === 'mysql' || name === 'mariadb' ? 'mysql' : name === 'sqlite3' || name === 'sqlite' || name === 'duckdb' ? 'sqlite' : name === 'sqlcmd' ? 'tsql' : name === 'mongosh' || name === 'mongo' ? 'mongodb' : name === 'redis-cli' || name === 'valkey-cli' ? 'redis' : 'generic';
  const sqlVia = (text: string, via: string): void => {
    s.mutates();
    s.nested({ kind: 'sql', statement: text, dialect }, via);
  };
  const o = parseOpts(args, ['-c', '--command', '-f', '--file', '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-u', '--user', '-e', '--execute', '-D', '--database', '--eval', '-n', '-a', '--query', '-q', '-Q', '-i', '-S', '-P', '--url', '--tls', '--pass', '--user', '-o', '--output', '-v', '--set', '-P']);
  const db = o.get('-d', '--dbname', '-D', '--database', '-n') ?? (name === 'sqlite3' || name === 'duckdb' || name === 'mongosh' || name === 'mongo' ? argText(o.pos[0]) : undefined) ?? (name === 'psql' || name === 'mysql' ? argText(o.pos[0]) : undefined);
  const host = o.get('-h', '--host', '-S');
  s.context({ system: 'database', ...(db ? { context: db } : {}) });
  if (host) s.hint('database host', host);
  if (db) s.hint('database', db);
  const opaque = (what: string): void => s.add(inv, f('shell.sql-unknown', 'medium', `${name} runs ${what}, which cannot be read here`, 'broad-change', 'unknown'));
  if (name === 'redis-cli' || name === 'valkey-cli') {
    const cmd = o.pos.filter((p) => p.value !== undefined).map((p) => p.value!);
    if (cmd.length) sqlVia(cmd.join(' '), name);
    else if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, name);
    return;
  }
  if (name === 'mongosh' || name === 'mongo') {
    const js = o.get('--eval');
    if (js !== undefined) sqlVia(js, `${name} --eval`);
    else if (o.pos.some((p) => /\.js$/.test(p.value ?? ''))) opaque('a script file');
    else if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, name);
    return;
  }
  const inline = [...o.all('-c', '--command', '-e', '--execute', '--query', '-q', '-Q')];
  if (name === 'sqlite3' || name === 'sqlite' || name === 'duckdb') inline.push(...o.pos.slice(1).filter((p) => p.value !== undefined).map((p) => p.value!));
  if (inline.length) {
    for (const q of inline) sqlVia(q, `${name} ${name === 'sqlite3' ? '' : '-c'}`.trim());
    return;
  }
  const file = o.get('-f', '--file', '-i');
  if (file) {
    opaque(`the SQL file ${file}`);
    return;
  }
  if (inv.stdin.kind === 'text') sqlVia(inv.stdin.text, `${name} reading standard input`);
  else if (inv.stdin.kind !== 'none') opaque(`SQL from ${inv.stdin.from}`);
}
