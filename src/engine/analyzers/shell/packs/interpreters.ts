// Interpreters: python, node, perl, ruby, php, deno, bun, lua, osascript. Code given inline
// (`-c`, `-e`, `eval`) or on standard input (a heredoc, `python3 -`) goes to interp.ts, which finds
// deletes, writes and commands run from it.
// A framework's command-line script run through its interpreter (`python manage.py flush`, `php
// artisan migrate:fresh`, `ruby bin/rails db:drop`, `python -m alembic downgrade base`, `bun x
// prisma …`) is handed back to the dispatch under the script's own name, where the ORM pack knows it:
// no pack imports another.
// Does not catch: code built at run time beyond string literals; what other script files do.
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined, stdinCode } from './kit';
import { analyzeInterpreterCode, interpreterCodeArg } from '../interp';

const INTERPRETERS = new Set(['python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'perl', 'ruby', 'php', 'deno', 'bun', 'lua', 'osascript']);

const interpreter: Handler = (inv, s, args, name) => {
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
    frameworkScript(inv, s, lang, name, args);
    return;
  }
  stdinCode(inv, s, name, (text) => analyzeInterpreterCode(inv, s, lang, name, text));
};

/**
 * Scripts that are a framework's command line, by file name: run by name, they are judged by the
 * pack that lists that name. Anything else run by an interpreter stays a script we cannot read.
 */
const FRAMEWORK_SCRIPTS: Record<string, RegExp> = {
  python: /^(manage\.py|django-admin(\.py)?|alembic)$/,
  php: /^artisan$/,
  ruby: /^(rails|rake)$/,
  node: /^(ace)$/,
};
/** `python -m MODULE`: modules that are a framework's command line, and the name they are known by. */
const FRAMEWORK_MODULES: Record<string, string> = { django: 'django-admin', alembic: 'alembic', flask: 'flask', dbt: 'dbt', prisma: 'prisma' };
/** Interpreter options that take a value (their value is not the script). */
const VALUE_OPTS: Record<string, string[]> = {
  python: ['-W', '-X', '-Q'],
  php: ['-d', '-c', '-z', '-t'],
  ruby: ['-I', '-r', '-C', '-E', '-x'],
  node: ['-r', '--require', '--import', '--loader', '--env-file', '--conditions', '-C', '--inspect-port', '--max-old-space-size', '--title'],
};

function frameworkScript(inv: Invocation, s: Sink, lang: string, name: string, args: Arg[]): void {
  // `bun x prisma …` / `bun run prisma …` / `deno run -A npm:prisma …` run a package's command.
  if (name === 'bun' && (args[0]?.value === 'x' || args[0]?.value === 'run' && args[1] && !/\.(m?[jt]sx?|c[jt]s)$/.test(args[1].value ?? ''))) {
    again(inv, s, parseOpts(args.slice(1), [], true).pos, `${name} ${args[0].value}`);
    return;
  }
  const o = parseOpts(args, [...(VALUE_OPTS[lang] ?? []), ...(lang === 'python' ? ['-m'] : [])], true);
  const mod = lang === 'python' ? o.get('-m') : undefined;
  if (mod !== undefined) {
    const as = FRAMEWORK_MODULES[mod];
    if (as) again(inv, s, [staticArg(as), ...o.pos], `${name} -m ${mod}`);
    return;
  }
  const script = o.pos[0]?.value;
  if (!script) return;
  const base = script.replace(/\\/g, '/').split('/').pop() ?? '';
  if (FRAMEWORK_SCRIPTS[lang]?.test(base)) again(inv, s, o.pos, name);
}

export const INTERPRETERS_PACK: Pack = {
  family: 'interpreters',
  covers: 'python, node, perl, ruby, php, deno, bun, lua, osascript: code given with -c/-e/eval or on standard input.',
  commands: Object.fromEntries([...INTERPRETERS].map((n) => [n, interpreter])),
  rules: [],
};
