// Checks an Assessment against a fixture record; every message names the case.
import assert from 'node:assert/strict';
import { LEVELS, type Assessment, type Level } from '../../../src/engine';

export interface Expectation {
  id: string;
  level?: Level;
  minLevel?: Level;
  rules?: string[];
  notRules?: string[];
  class?: string;
  summary?: string;
  env?: string;
  files?: number;
  lines?: number;
  commands?: number;
  targets?: [string, string][];
}

export function checkAssessment(c: Expectation, a: Assessment): void {
  const got = `${a.level} ${a.class} "${a.summary}" [${a.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}]`;
  const name = `${c.id}: got ${got}`;
  if (c.level) assert.equal(a.level, c.level, name);
  if (c.minLevel) assert.ok(LEVELS.indexOf(a.level) >= LEVELS.indexOf(c.minLevel), `${name}; expected at least ${c.minLevel}`);
  for (const r of c.rules ?? [])
    assert.ok(
      a.findings.some((f) => f.rule === r),
      `${name}; expected rule ${r}`,
    );
  for (const r of c.notRules ?? []) assert.ok(!a.findings.some((f) => f.rule === r), `${name}; unexpected rule ${r}`);
  if (c.class) assert.equal(a.class, c.class, name);
  if (c.summary) assert.ok(a.summary.includes(c.summary), `${name}; summary should include "${c.summary}"`);
  if (c.env) assert.equal(a.environment.name, c.env, name);
  if (c.files !== undefined) assert.equal(a.scope.files, c.files, `${name}; files`);
  if (c.lines !== undefined) assert.equal(a.scope.lines, c.lines, `${name}; lines`);
  if (c.commands !== undefined) assert.equal(a.scope.commands, c.commands, `${name}; commands`);
  for (const [path, op] of c.targets ?? []) {
    assert.ok(
      a.scope.targets.some((t) => t.kind === 'path' && t.name === path && t.op === op),
      `${name}; expected target ${op} ${path} in ${JSON.stringify(a.scope.targets)}`,
    );
  }
}
