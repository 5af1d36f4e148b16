// The locations the hook only knows at run time (an audit log moved by BLAST_RADIUS_AUDIT_LOG, the
// bridge folder, the hook's own folder): their files are guard assets, the folders beside them are not.
import assert from 'node:assert/strict';
import { fallbackDirOf, fallbackRoot } from '../../../src/audit';
import { runtimeGuardPaths } from '../../../src/decision/guard-paths';
import { assess } from '../../../src/engine/assess';
import type { Action, Level } from '../../../src/engine/schema';

const LOGS = '/home/dev/team/logs';
const env = { HOME: '/home/dev', BLAST_RADIUS_AUDIT_LOG: `${LOGS}/audit.jsonl`, BLAST_RADIUS_BRIDGE_DIR: '/home/dev/team/bridge' };
const guardPaths = runtimeGuardPaths(env, '/opt/blast-radius/dist');
const facts = { home: '/home/dev', cwd: `${LOGS}/project`, workspaceRoots: [`${LOGS}/project`], guardPaths };
const judge = (action: Action): { level: Level; rules: string[] } => {
  const a = assess(action, { facts });
  return { level: a.level, rules: a.findings.map((f) => f.rule) };
};

describe('guard: locations known at run time', () => {
  const cases: [string, Action, Level, string | undefined][] = [
    ['the moved audit log, truncated', { kind: 'shell', command: `: > ${LOGS}/audit.jsonl` }, 'critical', 'guard.audit'],
    ['its head file', { kind: 'fileDelete', paths: [`${LOGS}/audit.jsonl.head`] }, 'critical', 'guard.audit'],
    ['its spool', { kind: 'shell', command: `rm -rf ${LOGS}/audit.jsonl.spool` }, 'critical', 'guard.audit'],
    ['the folder that holds it', { kind: 'shell', command: `rm -rf ${LOGS}` }, 'critical', 'guard.audit'],
    ['its own fallback folder', { kind: 'shell', command: `rm -rf ${fallbackDirOf(`${LOGS}/audit.jsonl`)}` }, 'critical', 'guard.install'],
    ["another log's fallback entry", { kind: 'fileWrite', path: `${fallbackRoot()}/0123456789abcdef/1.json`, content: '{}' }, 'critical', 'guard.install'],
    ['the moved bridge folder', { kind: 'fileWrite', path: '/home/dev/team/bridge/editor-1.json', content: '{}' }, 'critical', 'guard.bridge'],
    ['a project file beside the log is an ordinary file', { kind: 'fileWrite', path: `${LOGS}/project/app.py`, content: 'print(1)\n' }, 'low', undefined],
    ['another file in the log folder is not the log', { kind: 'fileWrite', path: `${LOGS}/notes.txt`, content: 'x' }, 'medium', undefined],
  ];
  for (const [what, action, level, rule] of cases) {
    it(`${what}: ${level}`, () => {
      const got = judge(action);
      assert.equal(got.level, level, `${what}: ${JSON.stringify(got)}`);
      if (rule) assert.ok(got.rules.includes(rule), `${what}: ${got.rules.join(', ')}`);
      else assert.ok(!got.rules.some((r) => r.startsWith('guard.')), `${what}: ${got.rules.join(', ')}`);
    });
  }
});
