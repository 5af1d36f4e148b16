// The decision table (test/fixtures/decision/calls.json) through the editor: the real hook as
// installed (`node dist/hook.js <agent>`) asks this window's gate over the bridge, as an agent's
// hook would. Every case must get the requirement and level the table names — the same the hook
// gives without an editor (test/unit/hooks/decision-table.test.ts) — read from the audit line the
// hook writes with the editor's assessment, and from the question the gate puts to the person
// (which this test then denies). Each answer must really come from the editor (its audit line
// says so), except for a policy that is not even JSON, which the hook's start-up read blocks before
// any editor is asked; that one also goes to the gate directly.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { adapterFor } from '../../src/cli/agents/registry';
import {
  acceptCaseApproval,
  agentAnswer,
  auditLines,
  decisionLine,
  hookJs,
  loadTable,
  makeReviewer,
  type Reviewer,
  setUpCase,
  type TableCase,
} from '../decision-table';
import { api, askHook, decisionOf, reasonOf, waitFor, workspaceDir } from './util';

function runHook(c: TableCase, payload: Record<string, unknown>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hookJs(), c.agent], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(JSON.stringify(payload));
  });
}

describe('one decision table: the real hook asking the editor’s gate', () => {
  const parent = () => join(workspaceDir(), 'decision-table');
  let bobBase: string;
  let reviewer: Reviewer;
  const log = (): string => {
    const f = process.env.BLAST_RADIUS_AUDIT_LOG;
    if (!f) throw new Error('the integration runner sets BLAST_RADIUS_AUDIT_LOG');
    return f;
  };
  before(() => {
    bobBase = mkdtempSync(join(tmpdir(), 'br-it-table-'));
    reviewer = makeReviewer(bobBase);
    mkdirSync(parent(), { recursive: true });
  });
  after(() => {
    rmSync(parent(), { recursive: true, force: true });
    rmSync(bobBase, { recursive: true, force: true });
  });

  for (const c of loadTable()) {
    const e = c.expect;
    it(`${c.name}: ${e.requires ?? 'no requirement'} at ${e.level} → ${e.editor}${e.by ? ` by the ${e.by}` : ''}`, async () => {
      const a = await api();
      const s = setUpCase(c, parent(), reviewer, process.env.HOME!);
      acceptCaseApproval(c, s, reviewer, process.env);

      const ask = async (question: boolean): Promise<{ answer: string; line: ReturnType<typeof decisionLine>; said: string }> => {
        const before = auditLines(log()).length;
        const run = runHook(c, s.payload, s.dir);
        if (question) {
          const q = await waitFor(`the question for ${c.name}`, () => a.pending().find((x) => x.cwd === s.dir));
          assert.deepEqual(
            { requires: q.assessment.requires, level: q.assessment.level },
            { requires: e.requires, level: e.level },
            'the question the person sees',
          );
          assert.equal(q.actions.length, e.actions ?? 1);
          await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
        }
        // No question expected: one that appears anyway is denied at once and named (not left to time out).
        let stray: string | undefined;
        let done = false;
        void run.then(
          () => (done = true),
          () => (done = true),
        );
        while (!question && !done) {
          const q = a.pending().find((x) => x.cwd === s.dir);
          if (q) {
            stray = `${q.assessment.requires} at ${q.assessment.level}`;
            await vscode.commands.executeCommand('blastRadius.denyPending', q.id);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        const r = await run;
        assert.equal(stray, undefined, `a question was put to the person (${stray}), where the table says ${e.editor} (${e.requires} at ${e.level})`);
        return { answer: agentAnswer(c.agent, r.code, r.stdout), line: decisionLine(log(), before), said: `${r.stdout}${r.stderr}` };
      };

      const { answer, line, said } = await ask(e.editor === 'question');
      assert.equal(answer, e.editor === 'allow' ? 'allow' : 'deny', said);
      assert.deepEqual({ requires: line.requires ?? null, level: line.level }, { requires: e.requires, level: e.level }, said);
      if (e.beforeEditor) assert.deepEqual(line.decidedBy, { type: 'policy' }, 'decided by the hook’s start-up read');
      else assert.deepEqual(line.decidedBy, { type: e.by ?? (e.editor === 'question' ? 'person' : 'policy'), name: 'editor' }, `the editor answered: ${said}`);
      if (e.broken) assert.ok(line.reason?.includes(e.broken), `the reason names the error: ${line.reason}`);
      if (e.mismatch) assert.equal(a.recent()[0]?.assessment.task?.agreement, 'mismatch', 'the panel shows the request beside the action');

      if (e.beforeEditor) {
        // The gate itself, asked directly with the same actions: the broken policy denies there too.
        const parsed = adapterFor(c.agent)!.parse(s.payload);
        assert.ok(parsed.ok);
        const direct = await askHook(parsed.call.actions, { cwd: s.dir, agent: c.agent }).result;
        assert.equal(decisionOf(direct), 'deny');
        assert.match(reasonOf(direct), /policy is broken.*invalid JSON/);
      }
      if (e.by === 'reviewer') {
        // Released once: the same call again is a question for a person, and is denied.
        const again = await ask(true);
        assert.equal(again.answer, 'deny', again.said);
        assert.deepEqual(again.line.decidedBy, { type: 'person', name: 'editor' });
      }
    });
  }
});
