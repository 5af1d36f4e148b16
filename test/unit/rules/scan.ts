// A static scan of src/ for the rule ids code can raise or compare against: every string literal
// shaped like an id (`'shell.rm-recursive'`, in `f('…')`, `rule: '…'`, `mk('…')`, a ternary, a
// Set of ids…), read from the TypeScript syntax tree so comments and strings inside regexes do not
// count, plus the places that build an id from parts (`guard.${kind}`, `${ns}.${rule}`), which
// must be listed in TEMPLATES with what they expand to.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

export const ID = /^[a-z0-9]+\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export interface Literal {
  id: string;
  file: string;
  line: number;
  /** The first argument of a `rule(…)` call: a pack's declaration, not a use. */
  declaration: boolean;
}

export interface TemplateSite {
  file: string;
  line: number;
  /** The template as written, e.g. "guard.${g.kind}". */
  text: string;
  /** The namespace its head spells (`guard` of `guard.${…}`), if any. */
  ns?: string;
  /** It is the value of a `rule:` property. */
  asRule: boolean;
}

export interface Scan {
  literals: Literal[];
  templates: TemplateSite[];
  /** First string arguments of calls named `name` in `file` (the short names a template prefixes). */
  callArgs(file: string, name: string): string[];
}

function walkDir(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkDir(p, out);
    // Generated modules hold data derived from the scanned tables (their texts are not rule ids).
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.endsWith('.generated.ts')) out.push(p);
  }
  return out;
}

export function scanSources(root: string): Scan {
  const literals: Literal[] = [];
  const templates: TemplateSite[] = [];
  const calls = new Map<string, string[]>();
  for (const path of walkDir(root)) {
    const file = relative(root, path).replace(/\\/g, '/');
    const text = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (ID.test(n.text) && !ts.isImportDeclaration(n.parent) && !ts.isExportDeclaration(n.parent)) {
          const p = n.parent;
          const declaration = ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'rule' && p.arguments[0] === n;
          literals.push({ id: n.text, file, line: lineOf(n), declaration });
        }
      } else if (ts.isTemplateExpression(n)) {
        const asRule = ts.isPropertyAssignment(n.parent) && n.parent.name.getText(sf) === 'rule';
        const ns = /^([a-z0-9]+)\.$/.exec(n.head.text)?.[1];
        if (asRule || ns) templates.push({ file, line: lineOf(n), text: n.getText(sf).slice(1, -1), asRule, ...(ns ? { ns } : {}) });
      } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
        const key = `${file}#${n.expression.text}`;
        const list = calls.get(key) ?? [];
        list.push(n.arguments[0].text);
        calls.set(key, list);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { literals, templates, callArgs: (file, name) => [...new Set(calls.get(`${file}#${name}`) ?? [])] };
}
