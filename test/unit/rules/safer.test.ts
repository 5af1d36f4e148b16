// The safer alternative an agent and a person are given when an action is stopped: the declared
// alternative of the rule that decides the level, skipping rules that need none.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { assess } from '../../../src/engine/assess';
import type { Assessment, Finding } from '../../../src/engine/schema';
import { ruleById } from '../../../src/engine/rules/registry';
import { saferAlternative, saferSentence } from '../../../src/engine/rules/safer';

const finding = (rule: string, level: Finding['level']): Finding => ({ rule, level, message: rule, evidence: rule });
const of = (level: Assessment['level'], ...findings: Finding[]) => ({ level, findings });

describe('safer alternative', () => {
  it('is the alternative declared for the rule that decides the level (also when a teardown floor raised the level above every finding)', () => {
    for (const [command, rule] of [
      ['terraform destroy', 'shell.terraform-destroy'],
      ['git push --force origin main', 'shell.git-push-force'],
      ['kubectl delete namespace payments', 'shell.kubectl-delete-namespace'],
    ] as const) {
      const a = assess({ kind: 'shell', command });
      const s = saferAlternative(a);
      assert.equal(s?.rule, rule, `${command}: [${a.findings.map((f) => f.rule).join(', ')}]`);
      assert.equal(s?.text, ruleById(rule)!.alternative);
    }
  });

  it('a finding at the assessment’s level wins over one listed before it', () => {
    assert.equal(saferAlternative(of('high', finding('sql.delete', 'medium'), finding('sql.truncate', 'high')))?.rule, 'sql.truncate');
  });

  it('skips rules whose alternative is "none needed", and ids nobody declared', () => {
    const a = of('low', finding('path.delete-temp', 'low'), finding('no.such-rule', 'low'), finding('sql.delete', 'low'));
    assert.match(ruleById('path.delete-temp')!.alternative, /^None needed/);
    assert.equal(saferAlternative(a)?.rule, 'sql.delete');
    assert.equal(saferAlternative(of('low', finding('path.delete-temp', 'low'))), undefined);
    assert.equal(saferSentence(of('low', finding('no.such-rule', 'low'))), '');
  });

  it('reads as one sentence with one full stop', () => {
    const s = saferSentence(assess({ kind: 'shell', command: 'terraform destroy' }));
    assert.equal(s, ' Safer: See it first: `terraform plan -destroy`; destroy one resource with -target after reading the plan.');
    assert.ok(!saferSentence(assess({ kind: 'sql', statement: 'TRUNCATE users' })).includes('..'));
  });

  it('looks an alternative up without loading the registry or a pack the action did not need', () => {
    const code = `
      const { assess } = require(process.env.SRC + '/engine/assess.js');
      const { saferAlternative } = require(process.env.SRC + '/engine/rules/safer.js');
      const loaded = () => Object.keys(require.cache).filter((f) => /[\\/](rules[\\/](registry|sql|plan)|packs[\\/](orm|host|cloud|datastores))\\.js$/.test(f)).map((f) => f.split(/[\\/]/).slice(-2).join('/').replace(/\\.js$/, '')).sort();
      const git = saferAlternative(assess({ kind: 'shell', command: 'git push --force origin main' }));
      const afterGit = loaded();
      const rails = saferAlternative(assess({ kind: 'shell', command: 'rails db:drop' }));
      const afterRails = loaded();
      const sql = saferAlternative(assess({ kind: 'sql', statement: 'TRUNCATE users' }));
      process.stdout.write(JSON.stringify({ git: git.rule, afterGit, rails: rails.rule, afterRails, sql: sql.rule, afterSql: loaded() }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SRC: resolve(__dirname, '..', '..', '..', 'src') } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      git: 'shell.git-push-force',
      afterGit: [],
      rails: 'orm.db-drop',
      afterRails: ['packs/orm'],
      sql: 'sql.truncate',
      afterSql: ['packs/orm', 'rules/sql'],
    });
  });
});
