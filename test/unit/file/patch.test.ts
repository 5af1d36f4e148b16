import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePatchText } from '../../../src/engine/analyzers/file/patch';
import { diffLines } from 'diff';
import { lineDiff } from '../../../src/engine/analyzers/file';
import { seededRandom } from '../../helpers';
import { fixtures } from '../../helpers';

const read = (name: string): string => readFileSync(fixtures('file', 'diffs', name), 'utf8');

describe('patch parsing', () => {
  it('reads every file of a git diff with its operation', () => {
    const p = parsePatchText(read('multi-file.diff'));
    assert.deepEqual(
      p.map((x) => [x.path, x.op, x.added.length, x.removed.length, x.hunks, x.binary]),
      [
        ['src/api/handler.ts', 'modify', 2, 1, 2, false],
        ['src/legacy/old-report.ts', 'delete', 0, 3, 1, false],
        ['docs/logo.png', 'create', 0, 0, 0, true],
        ['src/util/date-utils.ts', 'move', 0, 0, 0, false],
        ['test/handler.test.ts', 'create', 4, 0, 1, false],
      ],
    );
    assert.equal(p[3]!.fromPath, 'src/util/dates.ts');
  });
  it('reads the apply_patch envelope (update, add, delete, move)', () => {
    const p = parsePatchText(read('apply-patch-delete-workflow.txt'));
    assert.deepEqual(
      p.map((x) => [x.path, x.op, x.fromPath]),
      [
        ['.github/workflows/ci.yml', 'delete', undefined],
        ['src/main.py', 'move', 'src/app.py'],
      ],
    );
    const q = parsePatchText(read('apply-patch.txt'));
    assert.deepEqual(
      q.map((x) => [x.path, x.op, x.added.length, x.removed.length]),
      [
        ['src/report.py', 'modify', 1, 1],
        ['tests/test_report.py', 'create', 4, 0],
      ],
    );
  });
  it('does not mistake removed lines that start with "--" for a file header', () => {
    const p = parsePatchText('--- a/q.sql\n+++ b/q.sql\n@@ -1,2 +1,1 @@\n--- a comment\n select 1;\n');
    assert.equal(p.length, 1);
    assert.deepEqual(p[0]!.removed, ['-- a comment']);
  });
  it('sees a whole-file removal as emptying', () => {
    assert.equal(parsePatchText(read('emptied.diff'))[0]!.emptied, true);
  });
  it('keeps reading after a hunk with wrong counts or a bare @@', () => {
    const p = parsePatchText('--- a/x\n+++ b/x\n@@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-c\n+d\n');
    assert.deepEqual(
      p.map((x) => [x.path, x.added, x.removed]),
      [
        ['x', ['b'], ['a']],
        ['y', ['d'], ['c']],
      ],
    );
  });
  it('returns nothing (and does not throw) for text that is not a patch', () => {
    assert.deepEqual(parsePatchText('hello\nworld'), []);
    assert.deepEqual(parsePatchText(''), []);
  });
});

/** lineDiff's answer for small texts, from the diff library alone (the common head and tail trimmed as it does). */
function lineDiffByLibrary(before: string, after: string): { added: string[]; removed: string[]; hunks: number } {
  const lines = (t: string): string[] => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  const a = lines(before);
  const b = lines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (!midA.length || !midB.length) return { added: midB, removed: midA, hunks: midA.length || midB.length ? 1 : 0 };
  const added: string[] = [];
  const removed: string[] = [];
  let hunks = 0;
  let inChange = false;
  for (const p of diffLines(`${midA.join('\n')}\n`, `${midB.join('\n')}\n`)) {
    if (p.added || p.removed) {
      if (!inChange) hunks++;
      inChange = true;
      (p.added ? added : removed).push(...lines(p.value));
    } else inChange = false;
  }
  return { added, removed, hunks };
}

describe('lineDiff', () => {
  it('counts one changed line in a long file as one hunk', () => {
    const a = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const b = a.replace('line 500', 'line five hundred');
    assert.deepEqual(lineDiff(a, b), { added: ['line five hundred'], removed: ['line 500'], hunks: 1 });
  });
  it('counts separate places as separate hunks', () => {
    const a = 'a\nb\nc\nd\ne\nf\n';
    const b = 'A\nb\nc\nd\ne\nF\n';
    assert.equal(lineDiff(a, b).hunks, 2);
  });
  it('gives what the diff library gives on the changed middle, on 5,000 seeded small texts (one line for one included)', () => {
    const r = seededRandom(5);
    const text = (): string => Array.from({ length: Math.floor(r() * 6) }, () => 'abc'[Math.floor(r() * 3)]!).join('\n') + (r() < 0.5 ? '\n' : '');
    let oneForOne = 0;
    for (let i = 0; i < 5_000; i++) {
      const a = text();
      const b = r() < 0.3 ? a.replace(/[abc]/, 'z') : text();
      const want = lineDiffByLibrary(a, b);
      if (want.added.length === 1 && want.removed.length === 1) oneForOne++;
      assert.deepEqual(lineDiff(a, b), want, JSON.stringify([a, b]));
    }
    assert.ok(oneForOne > 500, `${oneForOne} one-for-one cases`);
  });
  it('falls back to a multiset comparison for very large rewrites with the same counts', () => {
    const a = Array.from({ length: 30000 }, (_, i) => `old ${i}`).join('\n');
    const b = Array.from({ length: 30000 }, (_, i) => `new ${i}`).join('\n');
    const d = lineDiff(a, b);
    assert.equal(d.added.length, 30000);
    assert.equal(d.removed.length, 30000);
  });
});
