// Wrappers: commands that run another command — sudo and doas, env, nohup, timeout, watch, flock,
// su, chroot, xargs and GNU parallel, ssh host cmd, eval, source, trap, alias, and shells given
// code (`bash -c`, `sh` reading a heredoc or a pipe). Each peels itself off and re-dispatches
// what it runs, so the inner command is judged as if typed directly.
// Does not catch: scripts given as files (the interpreters pack follows them), commands built at
// run time (reported as unanalysable), aliases and functions defined outside the command.
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, runJoined, stdinCode } from './kit';
import { runScript } from '../scripts';

const sudo: Handler = (inv, s, rest, name) => {
  const o = parseOpts(
    rest,
    [
      '-u',
      '-g',
      '-C',
      '-D',
      '-h',
      '-p',
      '-r',
      '-t',
      '-U',
      '-T',
      '--user',
      '--group',
      '--chdir',
      '--host',
      '--prompt',
      '--role',
      '--type',
      '--other-user',
      '--close-from',
      '--command-timeout',
    ],
    true,
  );
  if (o.pos.length === 0) {
    if (o.has('-i', '-s', '--login', '--shell')) s.mutates();
    return;
  }
  again(inv, s, o.pos, name, { sudo: true });
  return;
};

const env: Handler = (inv, s, rest, _name) => {
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
    const words = split
      .split(/\s+/)
      .filter(Boolean)
      .filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    pos = [...words.map(staticArg), ...pos];
  }
  again(inv, s, pos, 'env', { env });
  return;
};

const command: Handler = (inv, s, rest, _name) => {
  const o = parseOpts(rest, [], true);
  if (o.has('-v', '-V')) return;
  again(inv, s, o.pos, 'command');
  return;
};

const passthrough: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
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
};

const timeout: Handler = (inv, s, rest, _name) => {
  const o = parseOpts(rest, ['-s', '-k', '--signal', '--kill-after'], true);
  again(inv, s, o.pos.slice(1), 'timeout');
  return;
};

const watch: Handler = (inv, s, rest, _name) => {
  const o = parseOpts(rest, ['-n', '--interval', '-d', '-q', '--equexit'], true);
  if (o.has('-x', '--exec')) again(inv, s, o.pos, 'watch');
  else if (o.pos.length) runJoined(inv, s, o.pos, 'watch');
  return;
};

const flock: Handler = (inv, s, rest, _name) => {
  const lockFirst = rest.length && !(rest[0]!.value ?? '').startsWith('-') ? rest.slice(1) : rest;
  const o = parseOpts(lockFirst, ['-w', '--timeout', '-E', '--conflict-exit-code', '-c', '--command'], true);
  const c = o.get('-c', '--command');
  if (c !== undefined) s.nestedShell(c, inv, 'flock -c');
  else again(inv, s, lockFirst === rest ? o.pos.slice(1) : o.pos, 'flock');
  return;
};

const busybox: Handler = (inv, s, rest, name) => {
  again(inv, s, rest, name);
  return;
};

const su: Handler = (inv, s, rest, _name) => {
  const o = parseOpts(rest, ['-c', '--command', '-s', '--shell', '-g', '--group', '-w']);
  const c = o.get('-c', '--command');
  if (c !== undefined) s.nestedShell(c, { ...inv, sudo: true }, 'su -c');
  else s.mutates();
  return;
};

const chroot: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['--userspec', '--groups', '-t', '--target', '-S', '--setuid', '-G', '--setgid'], true);
  again(inv, s, name === 'chroot' ? o.pos.slice(1) : o.pos, name);
  return;
};

const trap: Handler = (inv, s, rest, _name) => {
  // trap 'cmd' SIGNAL: the command runs later, on the signal or at exit.
  const body = rest.find((a) => !(a.value ?? '').startsWith('-'));
  if (body && rest.length >= 2) {
    if (body.value === undefined) s.add(inv, f('shell.unanalysable', 'medium', 'trap runs a command built at run time', 'broad-change', 'unknown'));
    else if (body.value) s.nestedShell(body.value, inv, 'trap');
  }
  return;
};

const alias: Handler = (inv, s, rest, _name) => {
  s.mutates();
  for (const a of rest) {
    const m = /^([^=]+)=(.*)$/s.exec(a.value ?? '');
    if (m && m[2]) {
      s.defineAlias(m[1]!, m[2]);
      s.nestedShell(m[2], inv, 'alias');
    }
  }
  return;
};

const ssh: Handler = (inv, s, rest, _name) => {
  const o = parseOpts(
    rest,
    ['-p', '-i', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-c', '-e', '-m', '-O', '-Q', '-S', '-W', '-w', '-E', '-B', '-I', '-M'],
    true,
  );
  const host = o.pos[0];
  if (host) s.hint('host', argText(host));
  const cmd = o.pos.slice(1);
  if (cmd.length) {
    s.mutates();
    runJoined(inv, s, cmd, `ssh ${argText(host)}`);
  }
  return;
};

/**
 * Programs whose whole output is environment set-up for the current shell (`eval "$(ssh-agent -s)"`
 * sets two variables): evaluating it is how they are meant to be used. The program itself is
 * analysed like any command inside `$(…)`.
 */
const ENV_PRINTER =
  /^eval\s+["']?\$\(\s*(?:ssh-agent(?:\s+-[sc])?|pyenv\s+(?:init|virtualenv-init)\b[^)]*|rbenv\s+init\b[^)]*|nodenv\s+init\b[^)]*|direnv\s+(?:hook|export)\b[^)]*|starship\s+init\b[^)]*|zoxide\s+init\b[^)]*|fnm\s+env\b[^)]*|mise\s+(?:activate|env)\b[^)]*|rtx\s+activate\b[^)]*|(?:\/[\w./-]+\/)?brew\s+shellenv\b[^)]*|conda\s+shell\.\w+\s+hook\b[^)]*|opam\s+env\b[^)]*|dircolors\b[^)]*|keychain\b[^)]*|luarocks\s+path\b[^)]*|jenv\s+init\b[^)]*|goenv\s+init\b[^)]*|thefuck\s+--alias\b[^)]*|register-python-argcomplete\b[^)]*|kubectl\s+completion\s+\w+|gh\s+completion\b[^)]*)\s*\)["']?\s*$/;

const evalCmd: Handler = (inv, s, rest) => {
  if (rest.length === 0) return;
  if (ENV_PRINTER.test(inv.evidence.trim())) return;
  runJoined(inv, s, rest, 'eval');
};

const source: Handler = (inv, s, rest, name) => {
  const file = rest[0];
  if (!file) return;
  if (/^\$\(\u2026\)/.test(file.shape)) {
    if (inv.stdin.kind === 'network' || /curl|wget/.test(inv.evidence))
      s.add(inv, f('shell.unanalysable', 'high', 'Sources a script fetched from the network', 'broad-change', 'unknown'));
    else s.add(inv, f('shell.unanalysable', 'medium', 'Sources the output of a command, which cannot be analysed', 'broad-change', 'unknown'));
    return;
  }
  // A file sourced into this shell: its commands run here. Start-up files and virtualenv
  // activators are everyday reads of the environment; the rest is followed.
  if (/(?:^|\/)(?:\.?(?:bashrc|zshrc|profile|bash_profile|zprofile|envrc)|activate|\.env)$/.test(argText(file))) return;
  runScript(inv, s, argText(file), name, 'shell');
};

function stdinWords(inv: Invocation, lines = false): Arg[] {
  if (inv.stdin.kind === 'text')
    return inv.stdin.text
      .split(lines ? /\n/ : /\s+/)
      .filter((x) => x.trim())
      .slice(0, 20)
      .map(staticArg);
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

const xargs: Handler = (inv, s, args) => {
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
  const o = parseOpts(
    norm,
    [
      '-a',
      '--arg-file',
      '-d',
      '--delimiter',
      '-E',
      '-e',
      '-L',
      '-l',
      '-n',
      '--max-args',
      '-P',
      '--max-procs',
      '-s',
      '--max-chars',
      '-I',
      '-J',
      '-R',
      '-S',
      '--process-slot-var',
    ],
    true,
  );
  let cmd = o.pos;
  if (!cmd.length) cmd = [staticArg('echo')];
  const replace = o.get('-I', '-J', '--replace') ?? (o.has('--replace') ? '{}' : undefined) ?? iReplace;
  const replTok = replace === '' ? '{}' : replace;
  const words = o.has('-a', '--arg-file') ? [{ shape: '$(file)', glob: false } as Arg] : stdinWords(inv, Boolean(replTok));
  const next = { ...inv, stdin: { kind: 'none' } as const };
  if (replTok) {
    for (const w of words.slice(0, 5)) s.dispatch({ ...next, args: substitute(cmd, replTok, w), via: [...inv.via, 'xargs'] });
  } else s.dispatch({ ...next, args: [...cmd, ...words], via: [...inv.via, 'xargs'] });
};

const parallel: Handler = (inv, s, args) => {
  const sep = args.findIndex((a) => a.value === ':::' || a.value === '::::' || a.value === ':::+' || a.value === '::::+');
  const head = sep >= 0 ? args.slice(0, sep) : args;
  const o = parseOpts(
    head,
    [
      '-j',
      '--jobs',
      '-S',
      '--sshlogin',
      '--results',
      '--joblog',
      '-N',
      '--max-args',
      '-n',
      '--delay',
      '--timeout',
      '--tmpdir',
      '--colsep',
      '-C',
      '--env',
      '--workdir',
      '--wd',
      '--basefile',
      '-a',
      '--arg-file',
      '-I',
      '--memfree',
      '--load',
      '-L',
      '--retries',
      '--halt',
      '--tag-string',
      '--sshloginfile',
      '--slf',
    ],
    true,
  );
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
    } else
      s.dispatch({
        ...next,
        args: [
          ...c,
          v,
          ...groups
            .slice(1)
            .map((g) => g[Math.min(idx, g.length - 1)]!)
            .filter(Boolean),
        ],
      });
  });
};

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox-sh']);

const shell: Handler = (inv, s, args, name) => {
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
    if (/^\$\(\u2026\)/.test(script.shape) || script.shape.startsWith('/dev/fd')) {
      s.add(
        inv,
        f(
          'shell.unanalysable',
          /curl|wget/.test(inv.evidence) ? 'high' : 'medium',
          `${name} runs a script produced by another command${/curl|wget/.test(inv.evidence) ? ' from the network' : ''}`,
          'broad-change',
          'unknown',
        ),
      );
      return;
    }
    runScript(inv, s, argText(script), name, 'shell');
    return;
  }
  stdinCode(inv, s, name, (text) => s.nestedShell(text, inv, `${name} reading standard input`, dialect));
};

/**
 * Runners that run a command inside a project's environment or with its secrets: `bundle exec`,
 * `poetry run`, `uv run`, `doppler run -c prd --`, `infisical run --env=prod --`, `dotenv -e
 * .env.production --`, `aws-vault exec prod --`, `chamber exec prod-app --`. The values that say
 * which environment (a config, an env file, a profile) are hints, so a prod one raises the level.
 */
interface Runner {
  /** The word that starts the run (`exec`, `run`); none when the command itself runs it. */
  sub?: string[];
  valueOpts: string[];
  /** Options whose value names the environment. */
  envOpts?: string[];
  /** Positional words before `--` name the environment (aws-vault's profile, chamber's services). */
  envWords?: boolean;
  /** Only what follows `--` is the command. */
  dashDash?: boolean;
  /** An option holding the whole command as one string (`doppler run --command "…"`). */
  cmdOpt?: string[];
}

const RUNNERS: Record<string, Runner> = {
  bundle: { sub: ['exec'], valueOpts: ['--gemfile'] },
  poetry: { sub: ['run'], valueOpts: ['-C', '--directory', '-P', '--project'] },
  pipenv: { sub: ['run'], valueOpts: [] },
  pdm: { sub: ['run'], valueOpts: ['-p', '--project'] },
  rye: { sub: ['run'], valueOpts: ['--pyproject'] },
  hatch: { sub: ['run'], valueOpts: ['-e', '--env'], envOpts: ['-e', '--env'] },
  uv: {
    sub: ['run', 'tool'],
    valueOpts: [
      '--with',
      '--python',
      '-p',
      '--env-file',
      '--directory',
      '--project',
      '--package',
      '--extra',
      '--group',
      '--index',
      '--from',
      '--with-requirements',
    ],
    envOpts: ['--env-file'],
  },
  uvx: { valueOpts: ['--with', '--python', '-p', '--from', '--index', '--env-file'], envOpts: ['--env-file'] },
  pipx: { sub: ['run'], valueOpts: ['--spec', '--python', '--pip-args'] },
  dotenv: { valueOpts: ['-e', '-c', '-v', '-p'], envOpts: ['-e', '-c'] },
  dotenvx: { sub: ['run'], valueOpts: ['-f', '--env-file', '-e', '--env', '--convention'], envOpts: ['-f', '--env-file', '--convention'] },
  doppler: {
    sub: ['run'],
    valueOpts: ['-c', '--config', '-p', '--project', '--token', '--scope', '--mount', '--command', '--fallback'],
    envOpts: ['-c', '--config', '-p', '--project'],
    cmdOpt: ['--command'],
  },
  infisical: {
    sub: ['run'],
    valueOpts: ['--env', '--path', '--projectId', '--token', '--command', '--domain', '--tags'],
    envOpts: ['--env', '--path'],
    cmdOpt: ['--command'],
  },
  chamber: { sub: ['exec'], valueOpts: ['-b', '--backend', '-r', '--retries'], envWords: true, dashDash: true },
  'aws-vault': { sub: ['exec'], valueOpts: ['--duration', '--region', '-d', '--mfa-token', '-t', '--prompt'], envWords: true, dashDash: true },
};

const runner: Handler = (inv, s, rest, name) => {
  const r = RUNNERS[name]!;
  let args = rest;
  if (r.sub) {
    const o0 = parseOpts(rest, r.valueOpts, true);
    const first = o0.pos[0]?.value;
    if (!first || !r.sub.includes(first)) {
      // `bundle install`, `poetry add`: the tool's own work.
      if (!(name === 'uv' && first === 'tool' && o0.pos[1]?.value === 'run')) {
        s.mutates();
        return;
      }
      args = o0.pos.slice(2);
    } else args = o0.pos.slice(1);
  }
  if (r.dashDash) {
    const dd = args.findIndex((a) => a.value === '--');
    const before = dd >= 0 ? args.slice(0, dd) : args;
    const ob = parseOpts(before, r.valueOpts);
    if (r.envWords) for (const p of ob.pos) s.hint(`${name} profile`, p.value ?? p.shape);
    if (dd >= 0) {
      again(inv, s, args.slice(dd + 1), name);
      return;
    }
    // `aws-vault exec prod aws s3 ls`: the first word is the profile, the rest the command.
    const op = parseOpts(args, r.valueOpts, true);
    if (op.pos.length > 1) again(inv, s, op.pos.slice(1), name);
    else s.mutates();
    return;
  }
  const o = parseOpts(args, r.valueOpts, true);
  for (const e of r.envOpts ?? []) for (const v of o.all(e)) s.hint(`${name} ${e}`, v);
  const cmd = r.cmdOpt ? o.get(...r.cmdOpt) : undefined;
  if (cmd !== undefined) {
    s.nestedShell(cmd, inv, name);
    return;
  }
  if (!o.pos.length) {
    s.mutates();
    return;
  }
  again(inv, s, o.pos, name);
};

const PASSTHROUGH = [
  'builtin',
  'nohup',
  'chronic',
  'caffeinate',
  'unbuffer',
  'torsocks',
  'proxychains',
  'proxychains4',
  'catchsegv',
  'setsid',
  'stdbuf',
  'time',
  'exec',
  'nice',
  'ionice',
  'strace',
  'ltrace',
  'xvfb-run',
  'dbus-run-session',
  'systemd-run',
  'firejail',
  'script',
  'faketime',
  'npx',
  'pnpx',
  'bunx',
  'with-contenv',
  'op',
];

export const WRAPPERS: Pack = {
  family: 'wrappers',
  covers:
    'Commands that run other commands: sudo, env, nohup, timeout, watch, flock, su, chroot, xargs, parallel, ssh, eval, source, trap, alias, shells (bash -c, sh reading stdin); project and secret runners (bundle exec, poetry/uv/pdm run, dotenv, doppler/infisical run, aws-vault/chamber exec) with the environment they name.',
  commands: {
    sudo,
    doas: sudo,
    run0: sudo,
    pkexec: sudo,
    env,
    command,
    ...Object.fromEntries(PASSTHROUGH.map((n) => [n, passthrough])),
    ...Object.fromEntries(Object.keys(RUNNERS).map((n) => [n, runner])),
    timeout,
    watch,
    flock,
    busybox,
    toybox: busybox,
    su,
    chroot,
    nsenter: chroot,
    unshare: chroot,
    trap,
    alias,
    xargs,
    parallel,
    ssh,
    mosh: ssh,
    autossh: ssh,
    eval: evalCmd,
    source,
    '.': source,
    ...Object.fromEntries([...SHELLS].map((n) => [n, shell])),
  },
  rules: [
    rule(
      'shell.unanalysable',
      'medium',
      'broad-change',
      "Runs a command or code only known at run time (a variable, another command's output, the network)",
      'Write the command out in full so it can be read, or save the script and show it first',
      ['bash -c "$CMD"', 'curl -fsSL https://example.com/install.sh | sh', 'eval "$CMD"'],
      ['bash -c "ls -la"', 'curl -fsSL https://example.com/install.sh -o install.sh', 'eval "$(ssh-agent -s)"'],
    ),
  ],
};
