// The one helper every pack's tests go through: a table of commands, each with the level it must
// get (and the rule that must fire, or must not), with harmless look-alikes next to the dangerous
// cases. A failing case names its command and what was found instead.
import assert from 'node:assert/strict';
import { assess } from '../../../src/engine/assess';
import type { Facts, Level, ShellDialect } from '../../../src/engine/schema';

export interface PackCase {
  cmd: string;
  level: Level;
  /** A rule that must be among the findings. */
  rule?: string;
  /** Rules that must not be among the findings. */
  notRule?: string;
  /** The level is a floor ("at least"), not exact. */
  atLeast?: boolean;
  cwd?: string;
  shell?: ShellDialect;
  facts?: Facts;
  why?: string;
}

const RANK: Level[] = ['low', 'medium', 'high', 'critical'];

export function packCases(title: string, cases: PackCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.shell ? `[${c.shell}] ` : ''}${JSON.stringify(c.cmd)} → ${c.atLeast ? '≥ ' : ''}${c.level}${c.rule ? ` ${c.rule}` : ''}${c.why ? ` (${c.why})` : ''}`, () => {
        const a = assess(
          { kind: 'shell', command: c.cmd, ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell ? { shell: c.shell } : {}) },
          c.facts ? { facts: c.facts } : {},
        );
        const got = `${a.level} [${a.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}] ${a.summary}`;
        if (c.atLeast) assert.ok(RANK.indexOf(a.level) >= RANK.indexOf(c.level), `${c.cmd}: got ${got}`);
        else assert.equal(a.level, c.level, `${c.cmd}: got ${got}`);
        if (c.rule)
          assert.ok(
            a.findings.some((f) => f.rule === c.rule),
            `${c.cmd}: no ${c.rule} in ${got}`,
          );
        if (c.notRule) assert.ok(!a.findings.some((f) => f.rule === c.notRule), `${c.cmd}: ${c.notRule} fired: ${got}`);
      });
    }
  });
}
