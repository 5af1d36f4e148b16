// What a parsed word means without running anything: its static value (known when it has no
// expansions, so `r''m`, `\rm` and `"rm"` are all `rm`), and a "shape" that keeps expansions as
// `${NAME}` / `$(…)` so paths like `$HOME/x` and `$TMPDIR/../etc` can still be judged.
import type { Command, Stmt, Word, WordPart } from './ast';

/** The word's value when it has no expansions; glob and brace characters count as literal text. */
export function staticValue(w: Word): string | undefined {
  let out = '';
  for (const p of w.parts) {
    const v = staticPart(p);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

function staticPart(p: WordPart): string | undefined {
  switch (p.type) {
    case 'lit':
    case 'sq':
    case 'ansi':
    case 'glob':
    case 'brace':
    case 'tilde':
      return p.value;
    case 'dq': {
      let out = '';
      for (const q of p.parts) {
        const v = staticPart(q);
        if (v === undefined) return undefined;
        out += v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Unquoted glob characters (`*`, `?`, `[`) appear in the word. */
export const hasGlob = (w: Word): boolean => w.parts.some((p) => p.type === 'glob');
export const hasTilde = (w: Word): boolean => w.parts[0]?.type === 'tilde';

/**
 * The word with expansions kept as placeholders: `${NAME}` for parameters (with `vars` applied
 * when the value is known), `$(…)` for command output. `~` becomes `${HOME}` when unquoted.
 */
export function shapeOf(w: Word, vars?: ReadonlyMap<string, string | null>): string {
  return w.parts.map((p) => shapePart(p, vars)).join('');
}

function shapePart(p: WordPart, vars?: ReadonlyMap<string, string | null>): string {
  switch (p.type) {
    case 'lit':
    case 'sq':
    case 'ansi':
    case 'glob':
    case 'brace':
      return p.value;
    case 'tilde':
      return p.value === '~' ? '${HOME}' : `\${HOME:${p.value.slice(1)}}`;
    case 'dq':
      return p.parts.map((q) => shapePart(q, vars)).join('');
    case 'param': {
      const known = vars?.get(p.name);
      if (typeof known === 'string' && !p.inner) return known;
      // ${TMPDIR:-/tmp} keeps its name; other operators make the value unknown.
      if (p.inner && p.inner.length === 1 && p.inner[0]!.type === 'lit' && /^:?-/.test(p.inner[0].value)) return `\${${p.name}}`;
      if (p.inner) return `\${${p.name}?}`;
      return `\${${p.name}}`;
    }
    case 'cmdsub':
    case 'procsub':
      return '$(…)';
    case 'arith':
      return '$((…))';
  }
}

/** Command substitutions, arithmetic and process substitutions inside a word (they run). */
export function innerScripts(w: Word): Stmt[][] {
  const out: Stmt[][] = [];
  const visit = (p: WordPart): void => {
    if (p.type === 'cmdsub' || p.type === 'procsub') out.push(p.body);
    else if (p.type === 'arith') out.push(...p.subs);
    else if (p.type === 'dq') p.parts.forEach(visit);
    else if (p.type === 'param' && p.inner) p.inner.forEach(visit);
  };
  w.parts.forEach(visit);
  return out;
}

/** The word is exactly one command substitution (possibly quoted). */
export function soleCmdsub(w: Word): Stmt[] | undefined {
  const parts = w.parts.length === 1 && w.parts[0]!.type === 'dq' ? w.parts[0].parts : w.parts;
  if (parts.length === 1 && parts[0]!.type === 'cmdsub') return parts[0].body;
  return undefined;
}

/** Every simple command in a list, in order (for tests and the differential oracle). */
export function simpleCommands(stmts: Stmt[]): Extract<Command, { type: 'simple' }>[] {
  const out: Extract<Command, { type: 'simple' }>[] = [];
  const visitCmd = (c: Command): void => {
    switch (c.type) {
      case 'simple':
        out.push(c);
        break;
      case 'subshell':
      case 'group':
        visitList(c.body);
        break;
      case 'if':
        for (const cl of c.clauses) {
          visitList(cl.cond);
          visitList(cl.body);
        }
        if (c.elseBody) visitList(c.elseBody);
        break;
      case 'for':
        visitList(c.body);
        break;
      case 'while':
        visitList(c.cond);
        visitList(c.body);
        break;
      case 'case':
        for (const it of c.items) visitList(it.body);
        break;
      case 'func':
      case 'coproc':
        visitCmd(c.body);
        break;
      default:
        break;
    }
  };
  const visitList = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      for (const c of s.list.first.cmds) visitCmd(c);
      for (const r of s.list.rest) for (const c of r.pipeline.cmds) visitCmd(c);
    }
  };
  visitList(stmts);
  return out;
}
