// The hook's answer mapping in process (fast enough for mutation testing): each agent's adapter
// turns each verdict into the agent's own answer as the table says (test/fixtures/answers/
// answers.json, written from the agents' protocols), and blocks in its blocking form; and the
// hook's wording of a decision without an editor (hook-local.ts verdictOf) for every outcome.
// The real hook processes give the same answers in agents.test.ts and decision-table.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { adapterFor } from '../../../src/cli/agents/registry';
import { AGENTS, type Answer, type ParsedCall, type Verdict, personAllowed } from '../../../src/cli/agents/types';
import { verdictOf } from '../../../src/cli/hook-local';
import { brokenPolicyVerdict } from '../../../src/cli/verdicts';
import type { CallDecision, Outcome } from '../../../src/engine/decision';
import type { Assessment, Requirement } from '../../../src/engine/schema';
import { fixtures } from '../../helpers';

interface Expected {
  agent: string;
  verdict?: string;
  event?: string;
  raw?: string;
  stdout: Record<string, unknown> | null;
  stderr?: string;
  exitCode?: 0 | 2;
}
const table = JSON.parse(readFileSync(fixtures('answers', 'answers.json'), 'utf8')) as {
  canAsk: Record<string, boolean>;
  cases: Expected[];
  blocks: Expected[];
};

const AGENT = 'Blast Radius: high — the agent’s sentence.';
const USER = 'Blast Radius: high — the person’s sentence.';
const REASON = 'Blast Radius: blocked for a reason.';
const VERDICTS: Record<string, Verdict> = {
  'allow-policy': { decision: 'allow', agentReason: AGENT, userReason: USER, source: 'policy' },
  'allow-person': { decision: 'allow', agentReason: AGENT, userReason: USER, source: 'editor', editorDecidedBy: 'person' },
  'allow-person-old-editor': { decision: 'allow', agentReason: AGENT, userReason: USER, source: 'editor' },
  'allow-editor-policy': { decision: 'allow', agentReason: AGENT, userReason: USER, source: 'editor', editorDecidedBy: 'policy' },
  'allow-reviewer': { decision: 'allow', agentReason: AGENT, userReason: USER, source: 'reviewer', reviewer: 'bob@example.org' },
  ask: { decision: 'ask', agentReason: AGENT, userReason: USER, source: 'policy' },
  deny: { decision: 'deny', agentReason: AGENT, userReason: USER, source: 'policy' },
};
const words = (s: string): string =>
  s
    .replace(/^AGENT$/, AGENT)
    .replace(/^USER$/, USER)
    .replace(/^REASON$/, REASON);
const fill = (v: unknown): unknown =>
  typeof v === 'string'
    ? words(v)
    : Array.isArray(v)
      ? v.map(fill)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
        : v;
const call = (event: string): ParsedCall => ({ tool: 'Bash', event, cwd: '/w', actions: [{ kind: 'shell', command: 'x' }], readOnly: false, problems: [] });

function check(got: Answer, e: Expected): void {
  const printed = got.stdout ? (JSON.parse(got.stdout) as unknown) : null;
  if (got.stdout) assert.ok(got.stdout.endsWith('}\n') && !got.stdout.slice(0, -1).includes('\n'), `one JSON line: ${JSON.stringify(got.stdout)}`);
  assert.deepEqual(
    { stdout: printed, stderr: got.stderr ?? null, exitCode: got.exitCode },
    { stdout: fill(e.stdout), stderr: e.stderr === undefined ? null : `${words(e.stderr)}\n`, exitCode: e.exitCode ?? 0 },
  );
}

describe('hook answers: each agent, each verdict, in its own protocol', () => {
  for (const e of table.cases) {
    it(`${e.agent}${e.event !== undefined ? ` (${e.event || 'no event'})` : ''}: ${e.verdict}`, () => {
      const adapter = adapterFor(e.agent)!;
      check(adapter.answer(VERDICTS[e.verdict!]!, call(e.event ?? (e.agent === 'copilot' ? 'preToolUse' : 'PreToolUse'))), e);
    });
  }
  for (const e of table.blocks) {
    it(`${e.agent}: blocks${e.raw ? ` (input ${e.raw})` : ''}`, () => check(adapterFor(e.agent)!.block(REASON, e.raw), e));
  }
  it('every agent is in the table, with whether its own ask reaches a person', () => {
    for (const agent of AGENTS) {
      assert.ok(table.cases.some((c) => c.agent === agent) && table.blocks.some((c) => c.agent === agent), agent);
      assert.equal(adapterFor(agent)!.canAsk(call('PreToolUse')), table.canAsk[agent], `${agent}: canAsk`);
      assert.equal(adapterFor(agent)!.name, agent);
    }
    assert.equal(adapterFor('aider'), undefined);
  });
  it('the Claude-format agents parse with their own names (the tool lists differ by agent)', () => {
    for (const agent of ['claude', 'vscode', 'codex'] as const) {
      const r = adapterFor(agent)!.parse({ tool_name: 'Bash', tool_input: { command: 'ls' }, cwd: '/w', hook_event_name: 'PreToolUse' });
      assert.ok(r.ok, agent);
      assert.deepEqual(r.ok && r.call.actions, [{ kind: 'shell', command: 'ls', cwd: '/w' }], agent);
    }
    // VS Code's own tool name is read by the vscode adapter.
    const v = adapterFor('vscode')!.parse({ tool_name: 'run_in_terminal', tool_input: { command: 'ls' }, cwd: '/w' });
    assert.ok(v.ok && v.call.actions[0]?.kind === 'shell');
  });
  it('personAllowed: a person in the editor (or an editor that does not say) and a second person; never a policy', () => {
    assert.deepEqual(
      Object.entries(VERDICTS)
        .filter(([, v]) => personAllowed(v))
        .map(([k]) => k),
      ['allow-person', 'allow-person-old-editor', 'allow-reviewer'],
    );
    assert.equal(personAllowed({ ...VERDICTS['allow-person']!, decision: 'deny' }), false);
    assert.equal(personAllowed({ ...VERDICTS['allow-reviewer']!, decision: 'ask' }), false);
  });
});

describe('hook answers: the decision in words, without an editor (verdictOf)', () => {
  const worst = (over: Partial<Assessment> = {}): Assessment =>
    ({ level: 'high', requires: 'typed-confirm', summary: 'Force-pushes main to origin.', digest: 'd'.repeat(64), ...over }) as Assessment;
  const decision = (outcome: Outcome, over: Partial<Assessment> = {}): CallDecision => {
    const a = worst(over);
    return { assessments: [a], worstIndex: 0, worst: a, requirement: a.requires, level: a.level, digest: a.digest, outcome };
  };
  const ask = (requirement: Extract<Requirement, 'confirm' | 'typed-confirm' | 'peer-review'>): Outcome => ({ kind: 'ask', requirement });
  const HEAD = 'Blast Radius: high — Force-pushes main to origin';

  it('allow: the head line, no message needed, the note kept for the audit line', () => {
    assert.deepEqual(verdictOf(decision({ kind: 'allow' }, { requires: 'none' }), true), {
      decision: 'allow',
      agentReason: `${HEAD}.`,
      userReason: `${HEAD}.`,
      source: 'policy',
    });
    assert.deepEqual(
      verdictOf(decision({ kind: 'allow' }, { requires: 'none' }), false, 'an editor was not trusted').agentReason,
      `${HEAD}. (an editor was not trusted)`,
    );
  });
  it('a stopped agent is told the deciding rule’s safer alternative; an allowed or released call is not', () => {
    const findings = [{ rule: 'path.delete-recursive', level: 'high', message: 'm', evidence: 'e' }] as Assessment['findings'];
    const safer = / Safer: Delete the narrowest folder you need, list it first [^]*preview\.$/;
    assert.match(verdictOf(decision({ kind: 'deny' }, { requires: 'deny', findings }), true).agentReason, safer);
    assert.match(verdictOf(decision(ask('typed-confirm'), { findings }), false).agentReason, safer);
    assert.match(verdictOf(decision(ask('peer-review'), { findings }), true).userReason, safer);
    assert.doesNotMatch(verdictOf(decision({ kind: 'allow' }, { requires: 'none', findings }), true).agentReason, /Safer:/);
    const released = verdictOf(decision({ kind: 'released', reviewer: 'bob', approvalId: 'a1' }, { findings }), true);
    assert.doesNotMatch(released.agentReason, /Safer:/);
  });
  it('deny: the team policy forbids it', () => {
    assert.deepEqual(verdictOf(decision({ kind: 'deny' }, { requires: 'deny' }), true), {
      decision: 'deny',
      agentReason: `${HEAD}. The team policy forbids this: do not retry it; ask the user, or find a narrower way.`,
      userReason: `${HEAD}. Denied by the team policy.`,
      source: 'policy',
    });
  });
  it('released by a second person: allow, by the reviewer, naming the approval', () => {
    assert.deepEqual(
      verdictOf(
        decision({ kind: 'released', reviewer: 'bob@example.org', approvalId: 'a1' }, { requires: 'peer-review', level: 'critical' }),
        false,
        'ignored',
      ),
      {
        decision: 'allow',
        agentReason: "Blast Radius: critical — Force-pushes main to origin. Released once by bob@example.org's signed approval (a1).",
        userReason: "Blast Radius: critical — Force-pushes main to origin. Released once by bob@example.org's signed approval (a1).",
        source: 'reviewer',
        reviewer: 'bob@example.org',
      },
    );
  });
  it('a second person: deny, naming the review commands, whether or not the agent can ask', () => {
    for (const canAsk of [true, false]) {
      const v = verdictOf(decision(ask('peer-review'), { requires: 'peer-review', confirmTarget: 'main' }), canAsk, 'n');
      assert.deepEqual(v, {
        decision: 'deny',
        agentReason: `${HEAD}. It needs a second person's review: do not retry it as is. Ask the user to run 'blast-radius review request' for it and send the link to a reviewer; once the approval is accepted ('blast-radius review accept'), the identical action is allowed once. (n)`,
        userReason: `${HEAD} (main). Denied: needs a second person's review (blast-radius review request / approve / accept). (n)`,
        source: 'policy',
      });
    }
  });
  it('a confirmation: the agent’s ask where it reaches a person', () => {
    assert.deepEqual(verdictOf(decision(ask('confirm'), { requires: 'confirm' }), true), {
      decision: 'ask',
      agentReason: `${HEAD}. It needs a person's confirmation before it runs.`,
      userReason: `${HEAD}. It needs a person's confirmation before it runs. If it is refused, do not retry it as is: ask the user to run it themselves, or find a narrower way.`,
      source: 'policy',
    });
    assert.equal(
      verdictOf(decision(ask('typed-confirm'), { confirmTarget: 'main' }), true).userReason.startsWith(
        `${HEAD} (main). It needs a typed confirmation from a person before it runs.`,
      ),
      true,
    );
  });
  it('a confirmation where the agent cannot ask: deny, saying no editor is listening', () => {
    assert.deepEqual(verdictOf(decision(ask('typed-confirm'), { confirmTarget: 'main' }), false), {
      decision: 'deny',
      agentReason: `${HEAD}. Blocked: it needs a typed confirmation from a person and no Blast Radius editor is open on this folder to ask in. Do not retry it as is: ask the user to run it themselves, or find a narrower way (look first: list, dry-run, diff).`,
      userReason: `${HEAD} (main). Denied: needs a typed confirmation from a person and no Blast Radius editor is listening.`,
      source: 'policy',
    });
  });
  it('a request it is wider than is said beside the level', () => {
    const v = verdictOf(decision(ask('confirm'), { task: { asked: 'fix the rounding bug', kind: 'fix', agreement: 'mismatch' } }), true);
    assert.ok(v.agentReason.startsWith(`${HEAD} — not what the person asked for ('fix the rounding bug'). It needs`), v.agentReason);
    const agreed = verdictOf(decision(ask('confirm'), { task: { asked: 'push it', kind: 'deploy', agreement: 'asked' } }), true);
    assert.ok(!agreed.agentReason.includes('not what the person asked for'), agreed.agentReason);
  });
  it('only a final full stop of the summary is dropped', () => {
    assert.ok(verdictOf(decision({ kind: 'allow' }, { summary: 'Deletes a.b.c' }), true).agentReason.startsWith('Blast Radius: high — Deletes a.b.c.'));
  });
  it('a broken policy: deny, one line, naming the first error', () => {
    assert.deepEqual(brokenPolicyVerdict('/p/policy.json:3:1: invalid JSON: x\n/p/policy.json:4:1: more'), {
      decision: 'deny',
      agentReason: 'Blast Radius: the team policy file is broken (/p/policy.json:3:1: invalid JSON: x); nothing is allowed until it is fixed.',
      userReason: 'Blast Radius: the team policy file is broken (/p/policy.json:3:1: invalid JSON: x); nothing is allowed until it is fixed.',
      source: 'policy',
    });
  });
});
