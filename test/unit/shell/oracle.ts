// The differential oracle: mvdan/sh (GopherJS build, devDependency) parses the same text, and the
// two parses are reduced to the same summary — statement count, and per simple command the list
// of its words as static values (or <dyn> when the word has an expansion). Tests only.
import type { Stmt, Word } from '../../../src/engine/analyzers/shell/ast';
import { parseShell } from '../../../src/engine/analyzers/shell/parse';
import { innerScripts, staticValue } from '../../../src/engine/analyzers/shell/words';
import type { Command } from '../../../src/engine/analyzers/shell/ast';

const sh = require('mvdan-sh') as { syntax: MvdanSyntax };
interface MvdanSyntax {
  NewParser(): { Parse(src: string, name: string): MvdanNode };
  Walk(n: MvdanNode, f: (n: MvdanNode | null) => boolean): void;
  NodeType(n: MvdanNode): string;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mvdan-sh's syntax tree (GopherJS objects) has no types
type MvdanNode = { [k: string]: any };

export interface Summary {
  stmts: number;
  /** One entry per simple command with words, sorted: words joined by a separator. */
  calls: string[];
}

const DYN = '<dyn>';
const SEP = ' \u241f ';

/** Words whose value both sides can spell the same way (no escapes to decode, no $'…'). */
function comparable(raw: string): boolean {
  return !raw.includes('\\') && !raw.includes("$'");
}

export function mvdanSummary(src: string): Summary | undefined {
  let file: MvdanNode;
  try {
    file = sh.syntax.NewParser().Parse(src, 'x');
  } catch {
    return undefined;
  }
  const calls: string[] = [];
  sh.syntax.Walk(file, (n) => {
    if (!n) return true;
    if (sh.syntax.NodeType(n) === 'CallExpr' && n.Args.length > 0) {
      calls.push(n.Args.map((w: MvdanNode) => mvdanWord(w, src)).join(SEP));
    }
    return true;
  });
  return { stmts: file.Stmts.length, calls: calls.sort() };
}

function mvdanWord(w: MvdanNode, src: string): string {
  const raw = src.slice(w.Pos().Offset(), w.End().Offset());
  let out = '';
  for (const p of w.Parts as MvdanNode[]) {
    const t = sh.syntax.NodeType(p);
    if (t === 'Lit' || t === 'SglQuoted') out += p.Value;
    else if (t === 'DblQuoted') {
      for (const q of p.Parts as MvdanNode[]) {
        if (sh.syntax.NodeType(q) !== 'Lit') return DYN;
        out += q.Value;
      }
    } else return DYN;
  }
  return comparable(raw) ? out : '<static>';
}

export function ourSummary(src: string): Summary & { errors: number } {
  const script = parseShell(src);
  const calls: string[] = [];
  const visitWord = (w: Word): void => {
    for (const body of innerScripts(w)) visitList(body);
  };
  const visitCmd = (c: Command): void => {
    switch (c.type) {
      case 'simple':
        for (const a of c.assigns) {
          if (a.value) visitWord(a.value);
          for (const x of a.array ?? []) visitWord(x);
        }
        // mvdan parses export/declare/local… as declaration clauses, not calls.
        if (c.words.length && !/^(export|declare|local|readonly|typeset|nameref|let)$/.test(staticValue(c.words[0]!) ?? ''))
          calls.push(
            c.words
              .map((w) => {
                const v = staticValue(w);
                return v === undefined ? DYN : comparable(w.raw) ? v : '<static>';
              })
              .join(SEP),
          );
        for (const w of c.words) visitWord(w);
        for (const r of c.redirs) if (r.target) visitWord(r.target);
        for (const r of c.redirs) if (r.heredoc && !r.heredoc.quoted) visitWord(r.heredoc.word);
        break;
      case 'subshell':
      case 'group':
        visitList(c.body);
        for (const r of c.redirs) if (r.target) visitWord(r.target);
        break;
      case 'if':
        for (const cl of c.clauses) {
          visitList(cl.cond);
          visitList(cl.body);
        }
        if (c.elseBody) visitList(c.elseBody);
        break;
      case 'for':
        for (const w of c.items ?? []) visitWord(w);
        visitList(c.body);
        break;
      case 'while':
        visitList(c.cond);
        visitList(c.body);
        for (const r of c.redirs) if (r.target) visitWord(r.target);
        break;
      case 'case':
        visitWord(c.word);
        for (const it of c.items) visitList(it.body);
        break;
      case 'func':
      case 'coproc':
        visitCmd(c.body);
        break;
      case 'test':
        for (const w of c.words) visitWord(w);
        break;
      case 'arithcmd':
        for (const s of c.subs) visitList(s);
        break;
    }
  };
  const visitList = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      for (const c of s.list.first.cmds) visitCmd(c);
      for (const r of s.list.rest) for (const c of r.pipeline.cmds) visitCmd(c);
    }
  };
  visitList(script.stmts);
  return { stmts: script.stmts.length, calls: calls.sort(), errors: script.errors.length };
}
