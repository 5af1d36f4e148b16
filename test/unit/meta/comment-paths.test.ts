// Comments that point at a file must point at one the repository has: a comment naming a file that
// was renamed or deleted (verbs.ts, guarded-paths.ts, a document outside the repository) sends the
// reader nowhere. Paths quoted in a comment ("src/app.ts", `scripts/cleanup`) are examples of
// input, not pointers, and are not checked.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const SKIP = new Set(['node_modules', '.git', '.cache', '.vscode-test', 'test-results', 'bench-results']);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || /^(out|dist)(-|$)/.test(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

/** The comments of a TypeScript or JavaScript file, with the line each starts on. */
function comments(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.SingleLineCommentTrivia || k === ts.SyntaxKind.MultiLineCommentTrivia) {
      out.push({ text: scanner.getTokenText(), line: text.slice(0, scanner.getTokenPos()).split('\n').length });
    }
  }
  return out;
}

const repoFiles = files(ROOT);
const rel = new Set(repoFiles.map((f) => relative(ROOT, f)));
const names = new Set(repoFiles.map((f) => basename(f)));
const dirs = new Set(
  [...rel].flatMap((r) =>
    r
      .split('/')
      .slice(0, -1)
      .map((_, i, a) => a.slice(0, i + 1).join('/')),
  ),
);

/** A path as the repository has it: itself, its source when it names a build output, or a folder. */
function known(path: string, from: string): boolean {
  const p = path.replace(/[.,;:)]+$/, '').replace(/\/$/, '');
  const candidates = [
    p,
    p.replace(/^(dist|out)\//, 'src/'),
    p.replace(/\.js$/, '.ts'),
    p.replace(/^(dist|out)\//, 'src/').replace(/\.js$/, '.ts'),
    p.replace(/^out\//, '').replace(/\.js$/, '.ts'),
  ];
  if (candidates.some((c) => rel.has(c) || dirs.has(c) || existsSync(resolve(dirname(from), c)))) return true;
  return !p.includes('/') && (names.has(p) || names.has(p.replace(/\.js$/, '.ts')));
}

// A path with one of our top folders, or a bare file name of our kinds; not inside quotes.
const PATH = /(?<![\w@~./$-])((?:\.\.?\/)?(?:src|test|scripts|bench|docs|media|examples|demo)\/[\w./-]+|[\w-]+\.(?:ts|mjs|md))(?![\w/])/g;
const QUOTED = /"[^"\n]*"|`[^`\n]*`|'[^'\n]*'/g;

describe('comments point at files the repository has', () => {
  // Our code, not the data the tests read (fixtures hold other projects' files as input).
  const sources = repoFiles.filter((f) => /\.(ts|mjs)$/.test(f) && !relative(ROOT, f).startsWith('test/fixtures/'));

  it('reads the sources (src, test, scripts, bench, the build script)', () => {
    for (const d of ['src/', 'test/', 'scripts/', 'bench/'])
      assert.ok(
        sources.some((f) => relative(ROOT, f).startsWith(d)),
        d,
      );
    assert.ok(sources.some((f) => relative(ROOT, f) === 'esbuild.config.mjs'));
  });

  it('every path named in a comment exists (quoted examples apart)', () => {
    const missing: string[] = [];
    for (const f of sources) {
      const isTest = relative(ROOT, f).startsWith('test/');
      for (const c of comments(readFileSync(f, 'utf8'))) {
        const unquoted = c.text.replace(QUOTED, (q) => ' '.repeat(q.length));
        for (const m of unquoted.matchAll(PATH)) {
          const path = m[1]!;
          // Tests describe the files they make ("a stash of a change to b.ts"): only folder paths there.
          if (isTest && !path.includes('/')) continue;
          if (!known(path, f)) missing.push(`${relative(ROOT, f)}:${c.line + c.text.slice(0, m.index).split('\n').length - 1}: ${path}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it('the check finds a stale pointer (a comment naming a file that is gone)', () => {
    const text = '// The verb rules live in verbs-gone.ts and src/engine/no-such-dir/x.ts; "src/app.ts" is an example.\nexport {};\n';
    const found = comments(text).flatMap((c) =>
      [...c.text.replace(QUOTED, (q) => ' '.repeat(q.length)).matchAll(PATH)].map((m) => m[1]!).filter((p) => !known(p, join(ROOT, 'src', 'x.ts'))),
    );
    assert.deepEqual(found, ['verbs-gone.ts', 'src/engine/no-such-dir/x.ts']);
  });
});
