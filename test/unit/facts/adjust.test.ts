import assert from 'node:assert/strict';
import type { Action, Facts, Finding } from '../../../src/engine';
import { detectEnvironment, getDefaultPolicy } from '../../../src/engine';
import { type ContextUse, emptyAnalysis, maxLevel } from '../../../src/engine/analysis';
import { applyFacts } from '../../../src/engine/facts-adjust';
import { fixtures, readJsonl } from '../../helpers';

interface Case {
  id: string;
  action: Action;
  findings: Finding[];
  contexts?: ContextUse[];
  /** Commands in the action (analysis.counts.commands), when more than one. */
  commands?: number;
  facts: Facts;
  expect: { level: string; rules: string[]; files?: number; atLeast?: boolean; message?: string; env?: string; hints?: string[] };
}

describe('facts: applyFacts (table from test/fixtures/facts/adjust.jsonl)', () => {
  for (const c of readJsonl<Case>(fixtures('facts', 'adjust.jsonl'))) {
    it(`${c.id} (line ${c.line})`, () => {
      const analysis = emptyAnalysis();
      analysis.findings.push(...structuredClone(c.findings));
      analysis.contexts.push(...(c.contexts ?? []));
      if (c.commands) analysis.counts.commands = c.commands;
      for (const f of c.findings) analysis.targets.push(...(f.targets ?? []));
      const policy = getDefaultPolicy();
      applyFacts(c.action, analysis, c.facts, policy);
      const level = analysis.findings.reduce((l, f) => maxLevel(l, f.level), 'low' as Finding['level']);
      const trail = analysis.findings.map((f) => `${f.rule}/${f.level}: ${f.message}`).join(' | ');
      assert.equal(level, c.expect.level, `${c.id}: ${trail}`);
      const factRules = analysis.findings.filter((f) => f.rule.startsWith('facts.')).map((f) => f.rule);
      assert.deepEqual([...new Set(factRules)].sort(), [...c.expect.rules].sort(), `${c.id}: ${trail}`);
      if (c.expect.files !== undefined) assert.equal(analysis.counts.files, c.expect.files, c.id);
      if (c.expect.atLeast !== undefined) assert.equal(analysis.counts.atLeast, c.expect.atLeast, c.id);
      if (c.expect.message)
        assert.ok(
          analysis.findings.some((f) => f.message.includes(c.expect.message!)),
          `${c.id}: no message with "${c.expect.message}": ${trail}`,
        );
      if (c.expect.hints) {
        const hints = analysis.envHints.map((h) => `${h.source} ${h.value}`).filter((h) => !/^kube (namespace|cluster) /.test(h));
        assert.deepEqual(hints.sort(), [...c.expect.hints].sort(), c.id);
      }
      if (c.expect.env) assert.equal(detectEnvironment(analysis.envHints, policy).name, c.expect.env, c.id);
      // Every facts finding carries evidence a person can read.
      for (const f of analysis.findings) if (f.rule.startsWith('facts.')) assert.ok(f.evidence.length > 0, `${c.id}: ${f.rule} without evidence`);
    });
  }

  // Facts of the wrong shape (a bug, never an agent's input) neither throw nor lower anything.
  const wrongShapes: [string, unknown][] = [
    ['git is a string, exists missing', { paths: { x: { git: 'nope' } }, git: { branchOnlyCommits: null } }],
    ['exists is a string', { paths: { x: { exists: 'no', type: 'missing' } } }],
    ['the path is null', { paths: { x: null } }],
    ['paths is a list', { paths: [1, 2] }],
  ];
  for (const [name, bad] of wrongShapes) {
    it(`facts of the wrong shape never throw and never lower a level: ${name}`, () => {
      const analysis = emptyAnalysis();
      analysis.findings.push({
        rule: 'path.delete-recursive',
        level: 'high',
        message: 'm',
        evidence: 'e',
        targets: [{ kind: 'path', name: 'x', op: 'delete' }],
      });
      assert.doesNotThrow(() => applyFacts({ kind: 'shell', command: 'rm -rf x' }, analysis, bad as Facts, getDefaultPolicy()));
      const f = analysis.findings.find((x) => x.rule === 'path.delete-recursive');
      assert.equal(f?.level, 'high', JSON.stringify(analysis.findings));
      assert.ok(!analysis.findings.some((x) => x.rule === 'facts.nothing-there'), JSON.stringify(analysis.findings));
    });
  }
});
