// The hook's no-editor path loads the engine before every agent tool call, so what it loads is a
// feature: assessing a shell command with the default policy must not load zod, yaml, the SQL
// parser or jsonc-parser. Checked in a fresh Node process over the transpiled tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { DEFAULT_POLICY_VALUES, getDefaultPolicy, resolvePolicy } from '../../../src/engine/policy';

const outSrc = resolve(__dirname, '..', '..', '..', 'src');

function loadedAfter(script: string): string[] {
  const code = `${script}\nprocess.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SRC: outSrc } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

const heavy = (files: string[]) =>
  files.filter((f) => /node_modules[\\/](zod|yaml|node-sql-parser|jsonc-parser)[\\/]/.test(f)).map((f) => f.replace(/.*node_modules[\\/]/, ''));

describe('what the engine loads', () => {
  it('the written-out default policy equals what the schema gives for {}', () => {
    assert.deepEqual(getDefaultPolicy(), resolvePolicy({}));
    assert.deepEqual(resolvePolicy({}).version, DEFAULT_POLICY_VALUES.version);
  });

  it('assessing a shell command with the default policy loads no zod, yaml, SQL parser or jsonc-parser', () => {
    const files = loadedAfter(`
      const { assess } = require(process.env.SRC + '/engine/assess.js');
      const a = assess({ kind: 'shell', command: 'rm -rf build && git push --force origin main', cwd: '/repo' });
      if (a.level === 'low') throw new Error('expected a finding');`);
    assert.deepEqual(heavy(files), []);
    assert.ok(files.some((f) => f.endsWith(join('engine', 'assess.js'))));
  });

  it('gathering facts for a shell command and assessing it (the no-editor hook) loads none of them either', () => {
    const code = `
      const { gatherFacts } = require(process.env.SRC + '/facts/index.js');
      const { assess } = require(process.env.SRC + '/engine/assess.js');
      const action = { kind: 'shell', command: 'rm -rf build', cwd: process.cwd() };
      gatherFacts(action, { cwd: process.cwd() }).then((facts) => {
        assess(action, { facts });
        process.stdout.write(JSON.stringify(Object.keys(require.cache)));
      });`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SRC: outSrc } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(heavy(JSON.parse(r.stdout) as string[]), []);
  });

  it('validating an unknown input loads zod (and only then)', () => {
    const files = loadedAfter(`
      const { assessUnknown } = require(process.env.SRC + '/engine/assess.js');
      const r = assessUnknown({ kind: 'shell' });
      if (r.ok) throw new Error('expected an error');`);
    assert.ok(
      heavy(files).some((f) => f.startsWith('zod')),
      heavy(files).join(', '),
    );
  });

  it('SQL in a command loads the SQL parser only then', () => {
    const files = loadedAfter(`
      const { assess } = require(process.env.SRC + '/engine/assess.js');
      assess({ kind: 'shell', command: 'psql -c "DELETE FROM invoices"' });`);
    assert.ok(
      heavy(files).some((f) => f.startsWith('node-sql-parser')),
      heavy(files).join(', '),
    );
    assert.ok(!heavy(files).some((f) => f.startsWith('zod')), heavy(files).join(', '));
  });
});
