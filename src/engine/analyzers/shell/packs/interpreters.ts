// Interpreters: python, node, perl, ruby, php, deno, bun, lua, osascript. Code given inline
// (`-c`, `-e`, `eval`) or on standard input (a heredoc, `python3 -`) goes to interp.ts, which finds
// deletes, writes and commands run from it; a script file is read by facts and analysed the same
// way (scripts.ts); `perl -pi` / `ruby -pi` edit their files in place. A framework's command-line
// script run through its interpreter (`python manage.py flush`, `php artisan migrate:fresh`, `ruby
// bin/rails db:drop`, `python -m alembic downgrade base`, `bun x prisma …`) is handed back to the
// dispatch under the script's own name, where the ORM pack knows it: no pack imports another.
// Does not catch: code built at run time beyond string literals.

import { analyzeInterpreterCode, interpreterCodeArg } from '../interp';
import { runScript, type ScriptLang } from '../scripts';
import { type Arg, type Invocation, type Sink, argText, staticArg } from '../types';
import { parseOpts } from '../opts';
import { type Handler, type Pack, again, f, stdinCode } from './kit';

const INTERPRETERS = ['python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'perl', 'ruby', 'php', 'deno', 'bun', 'lua', 'osascript'];

/** The Blast Radius CLI run from its bundle (`node …/dist/cli.js uninstall claude`). */
const OUR_CLI = /(?:^|\/)(?:blast-radius\/)?dist\/(?:cli|hook)\.js$|(?:^|\/)node_modules\/blast-radius\//;
const GUARD_SUBS = new Set(['uninstall', 'install', 'review', 'audit']);

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
    inPlaceEdits(inv, s, args, name, found.code);
    return;
  }
  if (found.kind === 'script') {
    // A framework's own command line (`python manage.py flush`): its pack judges it by name.
    if (frameworkScript(inv, s, lang, name, args)) return;
    const script = found.script;
    if (!script) {
      s.mutates();
      return;
    }
    const path = argText(script);
    const rest = found.rest ?? [];
    if (OUR_CLI.test(path) && GUARD_SUBS.has(rest[0]?.value ?? '')) {
      s.dispatch({ ...inv, args: [staticArg('blast-radius'), ...rest], via: [...inv.via, `${name} ${path}`] });
      return;
    }
    runScript(inv, s, path, name, lang as ScriptLang, rest);
    return;
  }
  stdinCode(inv, s, name, (text) => analyzeInterpreterCode(inv, s, lang, name, text));
};

/** `perl -pi -e CODE files…`, `ruby -i -pe …`: the files after the code are changed in place. */
function inPlaceEdits(inv: Parameters<Handler>[0], s: Parameters<Handler>[1], args: Arg[], name: string, code: Arg): void {
  if (name !== 'perl' && name !== 'ruby') return;
  const at = args.indexOf(code);
  const before = args.slice(0, at).map((a) => a.value ?? '');
  if (!before.some((v) => /^-[a-zA-Z]*i/.test(v) || v.startsWith('-i'))) return;
  const files = args.slice(at + 1).filter((a) => !(a.value ?? '').startsWith('-'));
  if (files.length)
    s.effects(
      inv,
      files.map((a) => ({ op: 'modify', path: argText(a), how: `${name} -i` })),
    );
}

/** awk's program: `system("…")` runs a shell command; printing into `| "sh"` runs what it prints. */
const awk: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, ['-F', '-v', '-f', '--field-separator', '--assign', '--file', '-i', '--include']);
  const file = o.get('-f', '--file');
  if (file) {
    runScript(inv, s, file, name, 'shell');
    return;
  }
  const program = o.pos[0]?.value;
  if (program === undefined) {
    if (o.pos[0]) s.add(inv, f('shell.unanalysable', 'medium', `${name} runs a program built at run time`, 'broad-change', 'unknown'));
    return;
  }
  for (const m of program.matchAll(/\bsystem\s*\(\s*("(?:[^"\\]|\\.)*"|[^)]*)\s*\)/g)) {
    const arg = m[1]!.trim();
    if (/^"(?:[^"\\]|\\.)*"$/.test(arg)) s.nestedShell(arg.slice(1, -1).replace(/\\"/g, '"'), inv, `${name} system()`);
    else s.add(inv, f('shell.unanalysable', 'medium', `${name} runs a shell command it builds (system(${arg.slice(0, 40)}))`, 'broad-change', 'unknown'));
  }
  if (/\|\s*"\s*(?:\/bin\/)?(?:ba|z|da)?sh\b/.test(program) || (/\|&?\s*getline/.test(program) && /"[^"]*\b(?:rm|dd|mkfs)\b/.test(program))) {
    s.add(inv, f('shell.unanalysable', 'medium', `${name} pipes the text it prints into a shell`, 'broad-change', 'unknown'));
  }
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

function frameworkScript(inv: Invocation, s: Sink, lang: string, name: string, args: Arg[]): boolean {
  // `bun x prisma …` / `bun run prisma …` / `deno run -A npm:prisma …` run a package's command.
  if (name === 'bun' && (args[0]?.value === 'x' || (args[0]?.value === 'run' && args[1] && !/\.(m?[jt]sx?|c[jt]s)$/.test(args[1].value ?? '')))) {
    again(inv, s, parseOpts(args.slice(1), [], true).pos, `${name} ${args[0].value}`);
    return true;
  }
  const o = parseOpts(args, [...(VALUE_OPTS[lang] ?? []), ...(lang === 'python' ? ['-m'] : [])], true);
  const mod = lang === 'python' ? o.get('-m') : undefined;
  if (mod !== undefined) {
    const as = FRAMEWORK_MODULES[mod];
    if (as) again(inv, s, [staticArg(as), ...o.pos], `${name} -m ${mod}`);
    else s.mutates();
    return true;
  }
  const script = o.pos[0]?.value;
  if (!script) return false;
  const base = script.replace(/\\/g, '/').split('/').pop() ?? '';
  if (!FRAMEWORK_SCRIPTS[lang]?.test(base)) return false;
  again(inv, s, o.pos, name);
  return true;
}

export const INTERPRETERS_PACK: Pack = {
  family: 'interpreters',
  covers:
    'python, node, perl, ruby, php, deno, bun, lua, osascript: code given with -c/-e/eval, on standard input, or as a script file (read by facts); perl/ruby -i edits.',
  commands: { ...Object.fromEntries(INTERPRETERS.map((n) => [n, interpreter])), awk, gawk: awk, mawk: awk, nawk: awk },
  rules: [],
};
