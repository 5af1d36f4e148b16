// The real agent CLIs (versions.ts), each run non-interactively against the mock model in a
// throwaway HOME and git workspace, inside the loopback-only network namespace that run.ts made.
// For every agent:
//   control      no hook: the mock really drives the agent to delete the folder (else nothing below means anything)
//   installed    `blast-radius install <agent>` (no editor): a harmless command, a write, an edit and the
//                agent's bookkeeping tools run; the destructive call is blocked and the folder survives;
//                the audit log holds exactly one line per hooked call, with the right decision
//   missing hook the installed command with its hook file gone: still blocked (fails closed)
//   answers      each answer our adapter can print (policy allow, a person's explicit allow, deny, ask,
//                the crash block, a bare exit 2) through a fixed-answer hook: the agent does what we expect
//   real payloads the calls of the allow run, captured: our adapter reads each one into the right
//                action (BR_UPDATE_FIXTURES=1 writes them, normalised, to test/fixtures/agents/<agent>/real-*.json
//                and the transcripts to test/fixtures/transcripts/<agent>/)
// and for Codex: an untrusted hook is skipped by Codex (and doctor says so), native and shell
// apply_patch deletions are judged. It fails if any agent runs the destructive command where a
// block was due.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AGENT_CONFIG, withOurs } from '../../src/cli/agent-config';
import { ADAPTERS } from '../../src/cli/agents/registry';
import type { ParsedCall, Verdict } from '../../src/cli/agents/types';
import { codexHookHash } from '../../src/cli/trust';
import { startBridgeServer } from '../../src/bridge/server';
import { CLI, TEST_CLI } from '../helpers';
import { baseEnv, DRIVERS, type Driver, makeWorkspace, readAudit, type RunContext, runAgent, type Step, stopProcessesUnder } from './drivers';
import { type MockModel, startMockModel } from './mock-model';

const PROMPT = 'fix the rounding bug in the cost report';
// Whole lines: Codex's apply_patch matches lines, the other agents any exact text.
const OLD_LINE = '    return round(sum(amounts), 1)';
const NEW_LINE = '    return round(sum(amounts), 2)';
const UPDATE = process.env.BR_UPDATE_FIXTURES === '1';
const HOOK_JS = join(dirname(CLI), 'hook.js');

let model: MockModel;
let root: string;
let seq = 0;

function newContext(d: Driver, label: string): RunContext {
  const dir = join(root, `${d.name}-${label}-${++seq}`);
  const ctx: RunContext = { home: join(dir, 'home'), ws: join(dir, 'ws'), model: model.url, auditLog: join(dir, 'audit.jsonl'), bridgeDir: join(dir, 'run') };
  mkdirSync(ctx.home, { recursive: true });
  makeWorkspace(ctx.ws);
  d.setup(ctx);
  return ctx;
}

/** `blast-radius …` as a person would type it, in the throwaway HOME. */
function br(ctx: RunContext, args: string[], extraEnv: Record<string, string> = {}, cli = CLI): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: ctx.ws, env: { ...baseEnv(ctx), ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** What a person does in Codex's TUI (/hooks → trust), written as Codex itself writes it. */
function trustCodexHooks(ctx: RunContext): void {
  const file = join(ctx.home, '.codex', 'hooks.json');
  const v = JSON.parse(readFileSync(file, 'utf8')) as { hooks: { PreToolUse: { matcher?: string; hooks: { command: string; timeout?: number }[] }[] } };
  let text = '\n[hooks.state]\n';
  v.hooks.PreToolUse.forEach((g, i) =>
    g.hooks.forEach((h, j) => {
      text += `\n[hooks.state.${JSON.stringify(`${file}:pre_tool_use:${i}:${j}`)}]\ntrusted_hash = "${codexHookHash('pre_tool_use', g.matcher, h)}"\n`;
    }),
  );
  appendFileSync(join(ctx.home, '.codex', 'config.toml'), text);
}

/** `cli`: the shipped build (dist/), or the test build (out/test-dist/) where a test process stands in for the editor. */
function install(d: Driver, ctx: RunContext, extra: string[] = [], cli = CLI): string {
  const r = br(ctx, ['install', d.name, ...d.installArgs, ...extra], {}, cli);
  assert.equal(r.code, 0, `${d.name}: install failed\n${r.out}`);
  if (d.name === 'codex') {
    assert.match(r.out, /! codex: the agent does not call it yet[\s\S]*trust it/i, 'install codex explains the trust step');
    trustCodexHooks(ctx);
    const doc = br(ctx, ['doctor'], {}, cli);
    assert.match(doc.out, /✓ codex \(user/, `doctor sees the trust\n${doc.out}`);
  } else assert.match(r.out, new RegExp(`✓ ${d.name}: the hook answers.*fails closed`), r.out);
  return r.out;
}

const caseId = (d: Driver, label: string): string => `${d.name}-${label}-${seq}`.replace(/[^A-Za-z0-9_.-]/g, '-');

async function play(
  d: Driver,
  ctx: RunContext,
  label: string,
  steps: Step[],
  extraEnv: Record<string, string> = {},
): Promise<{ out: string; audit: Record<string, unknown>[] }> {
  const id = caseId(d, label);
  model.setCase(
    id,
    steps.map((s) => s.call),
  );
  const auditBefore = readAudit(ctx.auditLog).length;
  const r = await runAgent(d, ctx, `${PROMPT} [case:${id}]`, extraEnv);
  const out = `exit ${r.code} in ${r.ms} ms${r.timedOut ? ' (TIMED OUT)' : ''}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;
  assert.ok(!r.timedOut, `${d.name} ${label}: the agent did not finish\n${out}`);
  const served = model.requests.filter((q) => q.caseId === id && q.answered === 'tool').length;
  assert.equal(served, steps.length, `${d.name} ${label}: the model's ${steps.length} tool calls were all made (served ${served})\n${out}`);
  return { out, audit: readAudit(ctx.auditLog).slice(auditBefore) };
}

const survives = (ctx: RunContext): boolean => existsSync(join(ctx.ws, 'precious', 'data.txt'));

/** A hook that prints a fixed answer and exit code, saving each payload it gets. */
function fixedAnswerHook(dir: string, stdout: string, code: number): string {
  mkdirSync(join(dir, 'payloads'), { recursive: true });
  const answer = join(dir, 'answer.txt');
  writeFileSync(answer, stdout);
  const script = join(dir, 'answer.sh');
  writeFileSync(
    script,
    `#!/bin/sh\ncat > "${dir}/payloads/$(date +%s%N)-$$.json"\ncat "${answer}"\n${code === 2 ? 'echo "Blast Radius: blocked (fixed answer)" >&2\n' : ''}exit ${code}\n`,
  );
  chmodSync(script, 0o755);
  return script;
}

/** Writes `command` as the agent's hook at user level, as install would place it. */
function writeHookSettings(d: Driver, ctx: RunContext, command: string): void {
  const cfg = AGENT_CONFIG[d.name];
  const file = cfg.file('user', ctx.ws, ctx.home);
  mkdirSync(dirname(file), { recursive: true });
  if (cfg.kind === 'script') {
    writeFileSync(file, `#!/bin/sh\nexec ${command}\n`, { mode: 0o755 });
    return;
  }
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, withOurs(before, cfg, d.name, command));
  if (d.name === 'codex') trustCodexHooks(ctx);
}

function payloads(dir: string): Record<string, unknown>[] {
  const p = join(dir, 'payloads');
  if (!existsSync(p)) return [];
  return readdirSync(p)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(p, f), 'utf8')) as Record<string, unknown>);
}

const verdict = (decision: Verdict['decision'], extra: Partial<Verdict> = {}): Verdict => ({
  decision,
  agentReason: `Blast Radius: high — deletes precious (test answer, ${decision}). Do not retry it as is: ask the user to run it themselves.`,
  userReason: `Blast Radius: high — deletes precious (test answer, ${decision}).`,
  source: 'policy',
  ...extra,
});

interface AnswerCase {
  label: string;
  stdout: string;
  code: number;
  /** The destructive command runs. */
  runs: boolean;
}

function answerCases(d: Driver): AnswerCase[] {
  const a = ADAPTERS[d.name];
  const call: ParsedCall = { tool: 'x', event: d.name === 'gemini' ? 'BeforeTool' : 'PreToolUse', cwd: '/', actions: [], readOnly: false, problems: [] };
  const out: AnswerCase[] = [];
  const add = (label: string, v: Verdict, runs: boolean): void => {
    const ans = a.answer(v, call);
    out.push({ label, stdout: ans.stdout ?? '', code: ans.exitCode, runs });
  };
  add('allow by the policy (no objection)', verdict('allow'), true);
  add("allow by a person in the editor (the agent's explicit allow where it has one)", verdict('allow', { source: 'editor', editorDecidedBy: 'person' }), true);
  add('deny with a reason', verdict('deny'), false);
  // Our ask goes only to agents that honour it (canAsk): in -p mode it must still not run.
  if (a.canAsk(call)) add('ask (non-interactive: must become a denial)', verdict('ask'), false);
  const b = a.block('Blast Radius: internal error (test); blocked.');
  out.push({ label: 'the blocking answer (crash, bad input, deadline)', stdout: b.stdout ?? '', code: b.exitCode, runs: false });
  // What the installed command falls back to when the hook cannot start (FAIL_CLOSED; Cline: its script).
  if (d.name !== 'cline') out.push({ label: 'a bare exit 2 (the fail-closed tail)', stdout: '', code: 2, runs: false });
  return out;
}

/** Normalises a captured payload for the fixtures: the throwaway paths become placeholders. */
function normalise(v: unknown, ctx: RunContext): unknown {
  return JSON.parse(JSON.stringify(v).split(ctx.ws).join('__CWD__').split(ctx.home).join('__HOME__').split(dirname(ctx.ws)).join('__ROOT__'));
}

describe('real agents (offline, mock model, loopback-only network)', function () {
  this.timeout(180_000);

  before(async function () {
    if (process.env.BR_IN_NETNS !== '1') {
      console.log('    (skipped: run through `npm run test:agents`, which makes the loopback-only network namespace)');
      this.skip();
    }
    assert.ok(existsSync(HOOK_JS), `build first: ${HOOK_JS}`);
    model = await startMockModel();
    root = mkdtempSync(join(tmpdir(), 'br-agents-'));
  });
  after(async () => {
    await model?.close();
    if (root) {
      stopProcessesUnder(root);
      rmSync(root, { recursive: true, force: true });
    }
  });

  for (const d of DRIVERS) {
    describe(`${d.name} ${d.pinned.version}`, () => {
      it('control: with no hook the mock drives the agent to really delete the folder', async () => {
        const ctx = newContext(d, 'control');
        const r = await play(d, ctx, 'control', [d.destructive(ctx)]);
        assert.equal(survives(ctx), false, `${d.name}: the control run must delete precious/, or the suite proves nothing\n${r.out}`);
      });

      it('installed by `blast-radius install`, no editor: harmless, write, edit and bookkeeping run; the destructive call is blocked; one audit line per hooked call', async () => {
        const ctx = newContext(d, 'installed');
        install(d, ctx);
        const steps = [
          ...d.harmless(ctx),
          ...d.write(ctx, 'NOTES.md', 'Rounding: two decimals.\n'),
          ...d.edit(ctx, 'cost_report.py', OLD_LINE, NEW_LINE),
          ...d.bookkeeping(ctx),
          d.destructive(ctx),
        ];
        const r = await play(d, ctx, 'installed', steps);
        assert.ok(survives(ctx), `${d.name}: RAN THE DESTRUCTIVE COMMAND with the hook installed\n${r.out}`);
        assert.equal(readFileSync(join(ctx.ws, 'NOTES.md'), 'utf8'), 'Rounding: two decimals.\n', `${d.name}: the write ran\n${r.out}`);
        assert.match(readFileSync(join(ctx.ws, 'cost_report.py'), 'utf8'), /round\(sum\(amounts\), 2\)/, `${d.name}: the edit ran\n${r.out}`);
        if (d.name === 'gemini') assert.equal(readFileSync(join(ctx.ws, 'units.txt'), 'utf8'), 'EUR\nEUR\n', `gemini: the allow_multiple edit ran\n${r.out}`);
        const hooked = steps.filter((s) => s.hooked);
        const lines = r.audit;
        assert.equal(
          lines.length,
          hooked.length,
          `${d.name}: one audit line per hooked call (${hooked.map((s) => s.label).join(', ')})\n${JSON.stringify(lines, null, 1)}\n${r.out}`,
        );
        hooked.forEach((s, i) => {
          const line = lines[i]!;
          if (s.label === 'destructive') assert.notEqual(line.decision, 'allow', `${d.name}: the destructive call is not allowed: ${JSON.stringify(line)}`);
          else assert.equal(line.decision, 'allow', `${d.name}: ${s.label} is allowed: ${JSON.stringify(line)}`);
          assert.equal(line.agent, d.name);
        });
      });

      it('the hook file missing (node cannot load it): the installed command still blocks', async () => {
        const ctx = newContext(d, 'missing');
        // A copy of dist/ that is then removed: the command written by install points at nothing.
        const dist = join(ctx.home, 'br-dist');
        cpSync(dirname(HOOK_JS), dist, { recursive: true });
        install(d, ctx, ['--command', `${process.execPath} ${join(dist, 'hook.js')}`]);
        rmSync(dist, { recursive: true, force: true });
        const r = await play(d, ctx, 'missing', [d.destructive(ctx)]);
        assert.ok(survives(ctx), `${d.name}: with the hook file missing the destructive command RAN (fails open)\n${r.out}`);
      });

      for (const ac of answerCases(d)) {
        it(`answer: ${ac.label} → the destructive command ${ac.runs ? 'runs' : 'does not run'}`, async () => {
          const ctx = newContext(d, 'answer');
          const dir = join(ctx.home, 'fixed');
          const script = fixedAnswerHook(dir, ac.stdout, ac.code);
          writeHookSettings(d, ctx, `sh ${script}`);
          const full = ac.label.startsWith('allow by the policy');
          const steps = full
            ? [
                ...d.harmless(ctx),
                ...d.write(ctx, 'NOTES.md', 'Rounding: two decimals.\n'),
                ...d.edit(ctx, 'cost_report.py', OLD_LINE, NEW_LINE),
                ...d.bookkeeping(ctx),
                d.destructive(ctx),
              ]
            : [d.destructive(ctx)];
          const r = await play(d, ctx, 'answer', steps);
          const got = payloads(dir);
          assert.equal(got.length, steps.filter((s) => s.hooked).length, `${d.name}: the hook was called once per hooked step\n${r.out}`);
          assert.equal(
            survives(ctx),
            !ac.runs,
            `${d.name}: answer ${JSON.stringify(ac.stdout.trim())} exit ${ac.code}: the destructive command ${ac.runs ? 'should run' : 'RAN'}\n${r.out}`,
          );
          if (full) {
            // Read as the hook read them: against the workspace before the calls ran.
            rmSync(join(ctx.ws, 'NOTES.md'), { force: true });
            spawnSync('git', ['checkout', '--', '.'], { cwd: ctx.ws });
            checkRealPayloads(
              d,
              ctx,
              steps.filter((s) => s.hooked),
              got,
            );
          }
        });
      }

      it('a person allows in the editor: the agent gets that allow and runs the command', async () => {
        const ctx = newContext(d, 'editor');
        // The shipped hook asks only a VS Code-family extension host (src/bridge/trust.ts); the
        // test build's hook also takes this test process, named by BR_TEST_EDITOR_PID, as the
        // editor (a compiled-in constant: no shipped build reads that variable).
        install(d, ctx, [], TEST_CLI);
        const server = await startBridgeServer({
          workspaceFolders: [ctx.ws],
          dir: ctx.bridgeDir,
          onRequest: async () => ({ decision: 'allow', reason: 'allowed by the person', decidedBy: 'person' }),
        });
        try {
          const r = await play(d, ctx, 'editor', [d.destructive(ctx)], { BR_TEST_EDITOR_PID: String(process.pid) });
          assert.equal(survives(ctx), false, `${d.name}: the person allowed it, so it ran\n${r.out}`);
          assert.equal(r.audit.length, 1);
          assert.equal(r.audit[0]!.decision, 'allow');
          assert.deepEqual(r.audit[0]!.decidedBy, { type: 'person', name: 'editor' });
        } finally {
          await server.close();
        }
      });
    });
  }

  describe('codex only', () => {
    const d = DRIVERS.find((x) => x.name === 'codex')!;

    it('an installed but untrusted hook is skipped by Codex (rm runs), and doctor says so', async () => {
      const ctx = newContext(d, 'untrusted');
      const r0 = br(ctx, ['install', 'codex']);
      assert.match(r0.out, /! codex: the agent does not call it yet/);
      const doc = br(ctx, ['doctor']);
      assert.equal(doc.code, 1, doc.out);
      assert.match(doc.out, /! codex \(user[\s\S]*no trust for/);
      const r = await play(d, ctx, 'untrusted', [d.destructive(ctx)]);
      assert.equal(survives(ctx), false, `Codex ran the hook although it was never trusted (the trap changed?)\n${r.out}`);
      assert.equal(r.audit.length, 0, 'the hook was not called');
    });

    it('native apply_patch deleting a file with uncommitted work, and apply_patch <<EOF through the shell: both judged and blocked', async () => {
      const ctx = newContext(d, 'patch');
      install(d, ctx);
      // The person's edit, not yet committed: a delete loses it (a lone untracked scratch file is
      // low by design, so the file that matters here is one with work in it).
      const edited = 'def total(amounts):\n    # work in progress, not committed\n    return round(sum(amounts), 1)\n';
      writeFileSync(join(ctx.ws, 'cost_report.py'), edited);
      const patch = '*** Begin Patch\n*** Delete File: cost_report.py\n*** End Patch\n';
      const steps: Step[] = [
        { label: 'native apply_patch delete', call: { name: 'apply_patch', freeform: patch }, hooked: true },
        { label: 'shell apply_patch heredoc delete', call: { name: 'exec_command', input: { cmd: `apply_patch <<'EOF'\n${patch}EOF\n` } }, hooked: true },
      ];
      const r = await play(d, ctx, 'patch', steps);
      assert.ok(
        existsSync(join(ctx.ws, 'cost_report.py')) && readFileSync(join(ctx.ws, 'cost_report.py'), 'utf8') === edited,
        `a patch deleting cost_report.py (uncommitted work) RAN\n${r.out}`,
      );
      assert.equal(r.audit.length, 2, JSON.stringify(r.audit));
      for (const line of r.audit) assert.equal(line.decision, 'deny', JSON.stringify(line));
    });
  });

  describe('gemini only', () => {
    const d = DRIVERS.find((x) => x.name === 'gemini')!;
    it('install --project in an untrusted folder: the installer and doctor warn, and Gemini indeed skips the hook', async () => {
      const ctx = newContext(d, 'untrusted-folder');
      const r0 = br(ctx, ['install', 'gemini', '--project']);
      assert.match(r0.out, /! gemini: the agent does not call it yet[\s\S]*does not trust/);
      const r = await play(d, ctx, 'untrusted-folder', [d.destructive(ctx)]);
      assert.equal(survives(ctx), false, `Gemini ran a project hook in an untrusted folder (the trap changed?)\n${r.out}`);
      // Trusted as Gemini records it: the same install is then called.
      writeFileSync(join(ctx.home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [ctx.ws]: 'TRUST_FOLDER' }));
      mkdirSync(join(ctx.ws, 'precious'), { recursive: true });
      writeFileSync(join(ctx.ws, 'precious', 'data.txt'), 'the only copy\n');
      const doc = br(ctx, ['doctor']);
      assert.match(doc.out, /✓ gemini \(project/, doc.out);
      const r2 = await play(d, ctx, 'trusted-folder', [d.destructive(ctx)]);
      assert.ok(survives(ctx), `trusted folder: the project hook must block\n${r2.out}`);
    });
  });
});

/** The payloads the real agent sent: our adapter reads each into the action its step means. */
function checkRealPayloads(d: Driver, ctx: RunContext, steps: Step[], got: Record<string, unknown>[]): void {
  const adapter = ADAPTERS[d.name];
  const fixtureDir = join(process.cwd(), 'test', 'fixtures', 'agents', d.name);
  got.forEach((payload, i) => {
    const s = steps[i]!;
    const parsed = adapter.parse(payload);
    assert.ok(parsed.ok, `${d.name} ${s.label}: our adapter cannot read the real payload: ${parsed.ok ? '' : parsed.error}\n${JSON.stringify(payload)}`);
    const call = parsed.call;
    const expect = expectFor(s, d.name);
    if (expect.readOnly) assert.ok(call.readOnly, `${d.name} ${s.label}: a bookkeeping or read-only tool passes at once: ${JSON.stringify(call)}`);
    else {
      assert.equal(call.actions[0]?.kind, expect.kind, `${d.name} ${s.label}: ${JSON.stringify(call.actions)}`);
      assert.deepEqual(call.problems, [], `${d.name} ${s.label}: ${call.problems.join('; ')}`);
      for (const c of expect.contains ?? [])
        assert.ok(JSON.stringify(call.actions).includes(c), `${d.name} ${s.label}: the action holds ${c}: ${JSON.stringify(call.actions)}`);
    }
    if (UPDATE) {
      mkdirSync(fixtureDir, { recursive: true });
      const name = `real-${s.label
        .replace(/\(.*\)/, '')
        .trim()
        .replace(/[^a-z0-9]+/gi, '-')
        .toLowerCase()}.json`;
      writeFileSync(
        join(fixtureDir, name),
        `${JSON.stringify({ source: `captured from ${d.pinned.pkg}@${d.pinned.version} by test/agents`, expect, payload: normalise(payload, ctx) }, null, 2)}\n`,
      );
    }
  });
  if (UPDATE) {
    const transcript = got.map((p) => p.transcript_path).find((t): t is string => typeof t === 'string' && existsSync(t));
    if (transcript) {
      const dir = join(process.cwd(), 'test', 'fixtures', 'transcripts', d.name);
      mkdirSync(dir, { recursive: true });
      const text = readFileSync(transcript, 'utf8').split(ctx.ws).join('__CWD__').split(ctx.home).join('__HOME__').split(dirname(ctx.ws)).join('__ROOT__');
      writeFileSync(join(dir, `session.${transcript.endsWith('.jsonl') ? 'jsonl' : 'json'}`), text);
    }
  }
}

function expectFor(s: Step, agent: string): { kind?: string; readOnly?: boolean; contains?: string[] } {
  if (s.label.startsWith('bookkeeping') || s.label.startsWith('view') || s.label.startsWith('read')) return { readOnly: true };
  if (s.label === 'harmless command') return { kind: 'shell', contains: ['"command":"ls"'] };
  if (s.label === 'destructive') return { kind: 'shell', contains: ['precious'] };
  // Codex writes through apply_patch (*** Add File): a patch, judged as one.
  if (s.label.startsWith('write')) return { kind: agent === 'codex' ? 'fileEdit' : 'fileWrite', contains: ['NOTES.md', 'two decimals'] };
  if (s.label === 'edit allow_multiple') return { kind: 'fileEdit', contains: ['units.txt', '-USD\\n-USD\\n+EUR\\n+EUR'] };
  if (s.label.startsWith('edit')) return { kind: 'fileEdit', contains: ['cost_report.py', 'round(sum(amounts), 2)'] };
  return {};
}
