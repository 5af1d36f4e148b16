// The shell analyzer, table-driven: every case of test/fixtures/shell/commands.jsonl is assessed
// and must land on its level (and carry its rule when one is given). Each it() names its command.
import assert from 'node:assert/strict';
import { assess, type ShellDialect } from '../../../src/engine';
import { fixtures, readJsonl } from '../../helpers';

interface Case {
  command: string;
  shell?: ShellDialect;
  cwd?: string;
  level: string;
  rule?: string;
  class?: string;
  note: string;
}

const cases = readJsonl<Case>(fixtures('shell', 'commands.jsonl'));

describe('shell analyzer: fixture table', () => {
  it('has hundreds of cases', () => assert.ok(cases.length >= 300, `only ${cases.length} cases`));
  for (const c of cases) {
    const title = `${c.shell ? `[${c.shell}] ` : ''}${JSON.stringify(c.command).slice(0, 100)} → ${c.level}${c.rule ? ` ${c.rule}` : ''} (${c.note}, line ${c.line})`;
    it(title, () => {
      const a = assess({ kind: 'shell', command: c.command, ...(c.shell ? { shell: c.shell } : {}), ...(c.cwd ? { cwd: c.cwd } : {}) });
      const got = `${a.level} [${a.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}]`;
      assert.equal(a.level, c.level, `${JSON.stringify(c.command)}: expected ${c.level}, got ${got}`);
      if (c.rule)
        assert.ok(
          a.findings.some((f) => f.rule === c.rule),
          `${JSON.stringify(c.command)}: expected rule ${c.rule}, got ${got}`,
        );
      if (c.class) assert.equal(a.class, c.class, `${JSON.stringify(c.command)}: class`);
      if (c.level === 'low' && !c.rule)
        assert.ok(
          a.findings.every((f) => f.level === 'low'),
          `${JSON.stringify(c.command)}: low case with findings ${got}`,
        );
    });
  }
});
