import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assess, type Action, type Facts } from '../../../src/engine';
import { analyzeFileEdit } from '../../../src/engine/analyzers/file';
import { fixtures, readJsonl } from '../../helpers';
import { checkAssessment, type Expectation } from './expect';
import { recordingContext } from './recording-context';

interface ActionCase extends Expectation {
  action: Action;
  facts?: Facts;
}
interface DiffCase extends Expectation {
  file: string;
  path?: string;
  nested?: string[];
}

describe('file actions (test/fixtures/file/actions.jsonl)', () => {
  for (const c of readJsonl<ActionCase>(fixtures('file', 'actions.jsonl'))) {
    it(`${c.id} → ${c.level ?? `≥ ${c.minLevel}`}`, () => {
      checkAssessment(c, assess(c.action, { facts: c.facts ?? {} }));
    });
  }
});

describe('file edits from diff files (test/fixtures/file/diffs.jsonl)', () => {
  for (const c of readJsonl<DiffCase>(fixtures('file', 'diffs.jsonl'))) {
    const diff = readFileSync(fixtures('file', 'diffs', c.file), 'utf8');
    const action: Action = { kind: 'fileEdit', path: c.path ?? c.file, diff };
    it(`${c.id} (${c.file})`, () => {
      checkAssessment(c, assess(action));
    });
    if (c.nested?.length) {
      it(`${c.id} (${c.file}) hands ${c.nested.join(', ')} to the nested analyzer`, () => {
        const { ctx, calls } = recordingContext();
        const analysis = analyzeFileEdit({ kind: 'fileEdit', path: c.file, diff }, ctx);
        for (const kind of c.nested!) {
          const call = calls.find((x) => x.action.kind === kind);
          assert.ok(call, `${c.id}: no nested ${kind} action in ${JSON.stringify(calls.map((x) => x.action))}`);
          for (const f of call.result.findings) assert.ok(analysis.findings.includes(f), `${c.id}: nested finding ${f.rule} was not merged`);
        }
      });
    }
  }
});

describe('file facts', () => {
  it('a write over an existing file without previous content is medium (facts say it exists)', () => {
    const a = assess(
      { kind: 'fileWrite', path: 'src/a.ts', content: 'x\n' },
      { facts: { paths: { 'src/a.ts': { input: 'src/a.ts', resolved: '/w/src/a.ts', exists: true, type: 'file', outsideWorkspace: false } } } },
    );
    assert.equal(a.level, 'medium', a.summary);
    assert.ok(a.findings.some((f) => f.rule === 'file.overwrite-unseen'));
    assert.deepEqual(a.scope.targets[0], { kind: 'path', name: 'src/a.ts', op: 'overwrite' });
  });
  it('an empty write over a file that exists is an emptying', () => {
    const a = assess(
      { kind: 'fileWrite', path: 'src/a.ts', content: '' },
      { facts: { paths: { 'src/a.ts': { input: 'src/a.ts', resolved: '/w/src/a.ts', exists: true, type: 'file', outsideWorkspace: false } } } },
    );
    assert.ok(
      a.findings.some((f) => f.rule === 'file.emptied'),
      a.summary,
    );
  });
  it('deleting a path facts call a folder is a folder delete with its file count', () => {
    const a = assess(
      { kind: 'fileDelete', paths: ['reports'] },
      { facts: { paths: { reports: { input: 'reports', resolved: '/w/reports', exists: true, type: 'dir', outsideWorkspace: false, files: 1200 } } } },
    );
    const f = a.findings.find((x) => x.rule === 'path.delete-recursive');
    assert.ok(f, a.summary);
    assert.match(f.message, /1,200 files/);
  });
  it('deleting the workspace root by its absolute path is high, as rm -rf . is', () => {
    const a = assess({ kind: 'fileDelete', paths: ['/work/app'] }, { facts: { workspaceRoots: ['/work/app'], cwd: '/work/app' } });
    assert.equal(a.level, 'high', a.summary);
    assert.equal(assess({ kind: 'shell', command: 'rm -rf .', cwd: '/work/app' }).level, a.level);
  });
});
