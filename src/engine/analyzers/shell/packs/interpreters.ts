// Interpreters: python, node, perl, ruby, php, deno, bun, lua, osascript. Code given inline
// (`-c`, `-e`, `eval`) or on standard input (a heredoc, `python3 -`) goes to interp.ts, which finds
// deletes, writes and commands run from it.
// Does not catch: code built at run time beyond string literals.
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';
import { analyzeInterpreterCode, interpreterCodeArg } from '../interp';
import { stdinCode } from './wrappers';

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
    return;
  }
  stdinCode(inv, s, name, (text) => analyzeInterpreterCode(inv, s, lang, name, text));
};

export const INTERPRETERS_PACK: Pack = {
  family: 'interpreters',
  covers: 'python, node, perl, ruby, php, deno, bun, lua, osascript: code given with -c/-e/eval or on standard input.',
  commands: Object.fromEntries([...INTERPRETERS].map((n) => [n, interpreter])),
  rules: [],
};
