// Package managers and task runners: npm / pnpm / yarn / bun (scripts they run from package.json,
// lifecycle scripts of `install`, unpublishing, removing or replacing the guard's own package),
// make targets and just recipes; the tools they run (`npm exec`, `pnpm exec|dlx|<bin>`, `yarn
// <bin>|dlx|workspace`) are dispatched and judged by their own pack. The scripts they run are read from the project's files (facts)
// and analysed like inline commands.
// Does not catch: dependencies' own install scripts (they are not in the project's package.json),
// make's variables, pattern rules and includes (recipes are read literally).
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, staticArg } from '../types';
import { nameScript, runScript } from '../scripts';
import { type Handler, type Pack, again, f, flagsOf } from './kit';
import { judgeUnknown } from './unknown';

const OURS = /^(?:blast-radius(?:@[^\s]*)?)$/i;

/** Removing or replacing the installed guard package (the hook every agent runs). */
function touchesGuard(verb: string, pkgs: string[], global: boolean): 'remove' | 'replace' | undefined {
  if (!pkgs.some((n) => OURS.test(n))) return undefined;
  if (['uninstall', 'remove', 'rm', 'un', 'r', 'unlink'].includes(verb)) return 'remove';
  if (global && ['install', 'i', 'add', 'update', 'up', 'upgrade', 'link'].includes(verb)) return 'replace';
  return undefined;
}

/** npm's built-in commands that run a package.json script of the same name (with pre/post). */
const LIFECYCLE: Record<string, string[]> = {
  test: ['pretest', 'test', 'posttest'],
  t: ['pretest', 'test', 'posttest'],
  start: ['prestart', 'start', 'poststart'],
  stop: ['prestop', 'stop', 'poststop'],
  restart: ['prerestart', 'restart', 'postrestart'],
  install: ['preinstall', 'install', 'postinstall', 'prepare'],
  i: ['preinstall', 'install', 'postinstall', 'prepare'],
  ci: ['preinstall', 'install', 'postinstall', 'prepare'],
  publish: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'],
  pack: ['prepack', 'prepare', 'postpack'],
};

const npm: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, ['--prefix', '-C', '--dir', '--cwd', '--filter', '-F', '--registry', '--workspace', '-w']);
  const pos = o.pos.map((p) => p.value ?? '');
  const fl = flagsOf(rest);
  const global = fl.has('-g') || fl.has('--global') || pos[0] === 'global';
  const words = pos[0] === 'global' ? pos.slice(1) : pos;
  const verb = (words[0] ?? (name === 'yarn' ? 'install' : '')).toLowerCase();
  const guard = touchesGuard(verb, words.slice(1), global);
  if (guard) {
    s.add(
      inv,
      f(
        'guard.package',
        'critical',
        `${name} ${verb} ${words.slice(1).join(' ')}: ${guard === 'remove' ? 'removes' : 'replaces'} the installed Blast Radius hook (guard tampering: only a person may do this)`,
        'broad-change',
        'unknown',
        [{ kind: 'other', name: 'blast-radius', op: guard === 'remove' ? 'delete' : 'modify' }],
      ),
    );
    return;
  }
  if (verb === 'unpublish') {
    s.add(
      inv,
      f(
        'shell.npm-unpublish',
        'high',
        `Unpublishes ${
          words
            .slice(1)
            .filter((v) => v && !v.startsWith('-'))
            .join(' ') || 'the package'
        } from the registry`,
        'destructive',
        'irreversible',
      ),
    );
    return;
  }
  if (global) return;
  // The tools they run: `npm exec` / `npm x`, `pnpm exec|dlx`, `yarn dlx`, `yarn workspace WS …`.
  const po = parseOpts(rest, VALUE_OPTS, true);
  const sub = po.pos[0]?.value ?? '';
  if (sub === 'exec' || sub === 'x' || (name !== 'npm' && sub === 'dlx')) {
    const inner = parseOpts(po.pos.slice(1), VALUE_OPTS, true);
    const call = inner.get('-c', '--call');
    if (call !== undefined) s.nestedShell(call, inv, `${name} ${sub} -c`);
    else again(inv, s, inner.pos, `${name} ${sub}`);
    return;
  }
  if (name === 'yarn' && sub === 'workspace' && po.pos.length > 2) {
    again(inv, s, [staticArg('yarn'), ...po.pos.slice(2)], `yarn workspace ${po.pos[1]!.value ?? ''}`);
    return;
  }
  const dir = o.get('--prefix', '-C', '--dir', '--cwd');
  const manifest = `${dir ? `${dir.replace(/\/+$/, '')}/` : ''}package.json`;
  let scripts: string[] | undefined;
  if (verb === 'run' || verb === 'run-script' || verb === 'rum' || verb === 'urn')
    scripts = words[1] ? [`pre${words[1]}`, words[1], `post${words[1]}`] : undefined;
  else if (LIFECYCLE[verb] && (!['install', 'i', 'ci'].includes(verb) || words.length === 1)) scripts = LIFECYCLE[verb];
  else if ((name === 'yarn' || name === 'pnpm') && verb && !(name === 'yarn' ? YARN_OWN : PNPM_OWN).has(verb)) {
    // `yarn X` / `pnpm X`: a script of that name when package.json has one, else the package
    // binary X (`pnpm prisma migrate reset` is a Prisma reset, judged by its pack).
    const src = s.scriptSource(manifest);
    if (src?.content !== undefined && hasScript(src.content, verb)) scripts = [`pre${verb}`, verb, `post${verb}`];
    else if (po.pos[0]?.value !== undefined) {
      again(inv, s, po.pos, name);
      return;
    }
  }
  if (!scripts) return;
  runPackageScripts(inv, s, manifest, scripts, `${name} ${verb}${verb === 'run' ? ` ${words[1]}` : ''}`);
};

function hasScript(json: string, name: string): boolean {
  try {
    const v = JSON.parse(json) as { scripts?: Record<string, unknown> };
    return typeof v.scripts?.[name] === 'string';
  } catch {
    return false;
  }
}

/** pnpm's and yarn's own commands; any other first word runs a package binary or a script. */
const PNPM_OWN = new Set([
  'add',
  'install',
  'i',
  'update',
  'up',
  'upgrade',
  'remove',
  'rm',
  'uninstall',
  'un',
  'link',
  'ln',
  'unlink',
  'import',
  'rebuild',
  'rb',
  'prune',
  'fetch',
  'patch',
  'patch-commit',
  'patch-remove',
  'audit',
  'list',
  'ls',
  'll',
  'la',
  'outdated',
  'why',
  'licenses',
  'run',
  'run-script',
  'test',
  't',
  'tst',
  'start',
  'publish',
  'pack',
  'init',
  'store',
  'root',
  'bin',
  'setup',
  'env',
  'server',
  'config',
  'c',
  'get',
  'set',
  'deploy',
  'doctor',
  'cat-file',
  'cat-index',
  'find-hash',
  'self-update',
  'approve-builds',
  'ignored-builds',
  'help',
  'create',
  'recursive',
  'multi',
  'm',
  'install-test',
  'it',
  'dedupe',
  'docs',
  'home',
  'repo',
  'view',
  'info',
  'show',
  'whoami',
  'login',
  'logout',
  'adduser',
  'owner',
  'dist-tag',
  'deprecate',
  'unpublish',
  'version',
  'search',
  'cache',
  'ci',
  'clean-install',
  'exec',
  'dlx',
  'x',
]);
const YARN_OWN = new Set([
  'add',
  'audit',
  'autoclean',
  'bin',
  'cache',
  'check',
  'config',
  'constraints',
  'create',
  'dedupe',
  'dlx',
  'exec',
  'explain',
  'generate-lock-entry',
  'global',
  'help',
  'import',
  'info',
  'init',
  'install',
  'licenses',
  'link',
  'list',
  'login',
  'logout',
  'node',
  'npm',
  'outdated',
  'owner',
  'pack',
  'patch',
  'patch-commit',
  'plugin',
  'policies',
  'publish',
  'rebuild',
  'remove',
  'run',
  'search',
  'set',
  'stage',
  'tag',
  'team',
  'test',
  'unlink',
  'unplug',
  'up',
  'upgrade',
  'upgrade-interactive',
  'version',
  'versions',
  'why',
  'workspace',
  'workspaces',
  'start',
]);
const VALUE_OPTS = [
  '--filter',
  '-F',
  '-C',
  '--dir',
  '--cwd',
  '-w',
  '--workspace',
  '--prefix',
  '--registry',
  '--loglevel',
  '--reporter',
  '-c',
  '--call',
  '-p',
  '--package',
  '--shell-mode',
  '--otp',
  '--tag',
  '--access',
];

/** Runs the named scripts of a package.json, as the package manager would, in order. */
function runPackageScripts(inv: Invocation, s: Sink, manifest: string, names: string[], via: string): void {
  nameScript(s, manifest);
  const src = s.scriptSource(manifest);
  if (!src) return;
  if (src.content === undefined) {
    if (src.problem !== 'missing')
      s.add(inv, f('shell.script-unread', 'medium', `${via}: ${manifest} could not be read, so what it runs is unknown`, 'broad-change', 'unknown'));
    return;
  }
  let pkg: { scripts?: Record<string, unknown> } | undefined;
  try {
    pkg = JSON.parse(src.content) as typeof pkg;
  } catch {
    s.add(inv, f('shell.script-unread', 'medium', `${via}: ${manifest} is not valid JSON, so what it runs is unknown`, 'broad-change', 'unknown'));
    return;
  }
  for (const n of names) {
    const body = pkg?.scripts?.[n];
    if (typeof body === 'string' && body.trim()) s.nestedShell(body, inv, `${via} (script "${n}" in ${manifest})`);
  }
}

/** make [-C dir] [-f file] [target…]: the targets' recipes (and their prerequisites'), read literally. */
const make: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, ['-C', '--directory', '-f', '--file', '--makefile', '-j', '--jobs', '-l', '-o', '-W', '-I', '--include-dir']);
  if (o.has('-n', '--just-print', '--dry-run', '--recon', '-q', '--question', '-p', '--print-data-base', '--help', '-v', '--version')) return;
  const dir = o.get('-C', '--directory');
  const file = o.get('-f', '--file', '--makefile') ?? 'Makefile';
  const path = `${dir ? `${dir.replace(/\/+$/, '')}/` : ''}${file}`;
  const targets = o.pos.map(argText).filter((t) => !t.includes('='));
  nameScript(s, path);
  const src = s.scriptSource(path);
  // Without the Makefile, the target's own name speaks (`make destroy ENV=production`).
  if (!src || src.content === undefined) judgeUnknown(inv, s, name, rest);
  if (!src) return;
  if (src.content === undefined) {
    if (src.problem !== 'missing' || o.get('-f', '--file', '--makefile'))
      s.add(inv, f('shell.script-unread', 'medium', `${name} runs recipes from ${path}, which could not be read`, 'broad-change', 'unknown'));
    return;
  }
  const recipes = makeRecipes(src.content);
  const order = targets.length ? targets : recipes.first ? [recipes.first] : [];
  const seen = new Set<string>();
  const visit = (t: string, depth: number): void => {
    if (seen.has(t) || depth > 8 || seen.size > 50) return;
    seen.add(t);
    const r = recipes.rules.get(t);
    if (!r) return;
    for (const p of r.prereqs) visit(p, depth + 1);
    if (r.lines.length) s.nestedShell(r.lines.join('\n'), inv, `${name} ${t} (recipe in ${path})`);
  };
  for (const t of order) visit(t, 0);
};

interface MakeRules {
  first?: string;
  rules: Map<string, { prereqs: string[]; lines: string[] }>;
}

/** Targets, prerequisites and recipe lines of a Makefile, read literally ($(MAKE) is make). */
export function makeRecipes(text: string): MakeRules {
  const rules = new Map<string, { prereqs: string[]; lines: string[] }>();
  let first: string | undefined;
  let cur: { prereqs: string[]; lines: string[] }[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines.slice(0, 20_000)) {
    if (raw.startsWith('\t')) {
      const line = raw
        .slice(1)
        .replace(/^[@+-]+/, '')
        .replace(/\$\((?:MAKE)\)|\$\{MAKE\}/g, 'make')
        .replace(/\$\$/g, '$');
      for (const r of cur) r.lines.push(line);
      continue;
    }
    const m = /^([A-Za-z0-9_.%/$(){}-][^:=#]*?)\s*::?(?!=)\s*([^=#;]*)(?:;(.*))?$/.exec(raw);
    if (m && !/^\s/.test(raw)) {
      const names = m[1]!.trim().split(/\s+/);
      const prereqs = m[2]!.trim().split(/\s+/).filter(Boolean);
      cur = names.map((n) => {
        const r = rules.get(n) ?? { prereqs: [], lines: [] };
        r.prereqs.push(...prereqs);
        rules.set(n, r);
        if (!first && !n.startsWith('.') && !n.includes('%')) first = n;
        return r;
      });
      if (m[3]?.trim()) for (const r of cur) r.lines.push(m[3].trim());
    } else if (raw.trim() && !raw.startsWith('#')) cur = [];
  }
  return { ...(first ? { first } : {}), rules };
}

/** just [recipe…]: the recipe's lines (and its dependencies'), read from the justfile. */
const just: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, ['-f', '--justfile', '-d', '--working-directory', '--set', '--shell']);
  if (o.has('-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--help', '--version', '--dump')) return;
  const file = o.get('-f', '--justfile') ?? 'justfile';
  nameScript(s, file);
  const src = s.scriptSource(file) ?? undefined;
  if (!src || src.content === undefined) judgeUnknown(inv, s, name, rest);
  if (!src) return;
  if (src.content === undefined) {
    s.add(inv, f('shell.script-unread', 'medium', `${name} runs recipes from ${file}, which could not be read`, 'broad-change', 'unknown'));
    return;
  }
  const recipes = new Map<string, { deps: string[]; lines: string[] }>();
  let first: string | undefined;
  let cur: { deps: string[]; lines: string[] } | undefined;
  for (const line of src.content.split('\n').slice(0, 20_000)) {
    const m = /^@?([A-Za-z_][\w-]*)(?:\s+[^:]*)?:(?!=)\s*(.*)$/.exec(line);
    if (m && !/^\s/.test(line)) {
      cur = { deps: m[2]!.split(/\s+/).filter((d) => /^[A-Za-z_][\w-]*$/.test(d)), lines: [] };
      recipes.set(m[1]!, cur);
      first ??= m[1]!;
    } else if (cur && /^\s+\S/.test(line)) cur.lines.push(line.trim().replace(/^[@-]+/, ''));
    else if (line.trim() && !/^\s*#/.test(line)) cur = undefined;
  }
  const wanted = o.pos.map(argText).filter((x) => recipes.has(x));
  const seen = new Set<string>();
  const visit = (r: string, depth: number): void => {
    if (seen.has(r) || depth > 8) return;
    seen.add(r);
    const rec = recipes.get(r);
    if (!rec) return;
    for (const d of rec.deps) visit(d, depth + 1);
    const body = rec.lines.filter((l) => !l.startsWith('#!'));
    if (body.length) s.nestedShell(body.join('\n'), inv, `${name} ${r} (recipe in ${file})`);
  };
  for (const r of wanted.length ? wanted : first ? [first] : []) visit(r, 0);
};

/**
 * npx / bunx a binary the project itself installed: its file is read and followed. Returns false
 * when it is not there (npx would fetch it; the command is judged by its words instead).
 */
export function localBin(inv: Invocation, s: Sink, bin: string): boolean {
  const path = `node_modules/.bin/${bin}`;
  nameScript(s, path);
  const src = s.scriptSource(path);
  if (!src?.content) return false;
  runScript(inv, s, path, `npx ${bin}`);
  return true;
}

/**
 * Language and system package managers: installing and removing a package is reinstallable (a
 * change, not a loss); removing a system package the machine may need (ssh, a database, the kernel)
 * and purging its configuration are not.
 */
const SYSTEM_CRITICAL =
  /^(?:openssh-server|ssh|sshd|sudo|systemd|linux-image.*|linux-generic|grub.*|postgresql.*|mysql-server.*|mariadb-server|redis-server|mongodb.*|docker.*|containerd|kubelet|nginx|apache2|libc6|coreutils|bash|python3)$/;
const osPackages: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, ['-o', '-t', '--target-release', '-c', '--config-file']);
  const words = o.pos.map((p) => (p.value ?? '').toLowerCase());
  const verb = words[0] ?? '';
  const pkgs = words.slice(1);
  if (
    !['remove', 'purge', 'autoremove', 'erase', 'uninstall', '-r', '-rns'].includes(verb) &&
    !(name === 'pacman' && rest.some((a) => /^-R/.test(a.value ?? '')))
  )
    return;
  if (rest.some((a) => ['--simulate', '-s', '--dry-run', '--just-print', '--assume-no'].includes(a.value ?? '')) && name !== 'pacman') return;
  const vital = pkgs.filter((p) => SYSTEM_CRITICAL.test(p.replace(/[:=].*$/, '')));
  const purge = verb === 'purge' || rest.some((a) => a.value === '--purge');
  if (vital.length || purge || verb === 'autoremove') {
    s.add(
      inv,
      f(
        'shell.package-remove',
        vital.length ? 'high' : 'medium',
        `${name} ${verb} ${pkgs.join(' ') || ''}`.trim() +
          (vital.length
            ? `: removes ${vital.join(', ')}, which the machine or its services need`
            : purge
              ? ': removes the packages and their configuration'
              : ': removes packages nothing asked for'),
        'destructive',
        purge ? 'irreversible' : 'recoverable',
        pkgs.map((p) => ({ kind: 'other', name: p, op: 'delete' })),
      ),
    );
  }
};

/** pip / gem / cargo / go / brew …: removing a library or tool is reinstallable. */
const langPackages: Handler = (inv, s) => {
  s.mutates();
};

export const PACKAGES: Pack = {
  family: 'packages',
  covers: 'npm / pnpm / yarn / bun scripts (run, test, start, install lifecycle), unpublish, removing or replacing blast-radius; make targets; just recipes.',
  commands: {
    npm,
    pnpm: npm,
    yarn: npm,
    make,
    gmake: make,
    just,
    ...Object.fromEntries(['apt', 'apt-get', 'dnf', 'yum', 'zypper', 'apk', 'pacman'].map((n) => [n, osPackages])),
    ...Object.fromEntries(['pip', 'pip3', 'gem', 'brew', 'port', 'choco', 'winget', 'scoop', 'conda', 'mamba', 'rustup'].map((n) => [n, langPackages])),
  },
  rules: [
    rule(
      'shell.npm-unpublish',
      'high',
      'destructive',
      'Unpublishes a package from the registry: everyone who depends on that version breaks',
      'Deprecate it instead (`npm deprecate pkg@x "reason"`)',
      ['npm unpublish my-lib@1.2.3'],
      ['npm view my-lib versions'],
    ),
    rule(
      'guard.package',
      'critical',
      'broad-change',
      'Removes or replaces the installed blast-radius package (the hook agents run)',
      'Ask the person to update or remove it',
      ['npm uninstall -g blast-radius'],
      ['npm ls -g blast-radius'],
    ),
    rule(
      'shell.package-remove',
      'high',
      'destructive',
      'Removes a system package the machine or its services need, or purges packages with their configuration',
      'Check what depends on it first (`apt-cache rdepends --installed pkg`), or run with --simulate',
      ['apt-get remove -y openssh-server'],
      ['apt-get install -y jq', 'apt-get remove --simulate openssh-server'],
    ),
    rule(
      'shell.script-unread',
      'medium',
      'broad-change',
      'Runs a script, package script, make target or recipe whose text could not be read: what it does is unknown',
      'Show the script first (`cat file`) or run its commands one by one',
      [{ command: 'bash ./missing.sh', facts: { scripts: { './missing.sh': { resolved: '/w/missing.sh', problem: 'missing' } } } }],
      [{ command: 'bash ./fix.sh', facts: { scripts: { './fix.sh': { resolved: '/w/fix.sh', content: 'echo fixed\n' } } } }],
    ),
  ],
};

export type { Arg };
