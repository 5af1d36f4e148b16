// The one decision (src/engine/decision.ts) on its own: worst of several actions, the requirement,
// the outcome for each requirement, the two-person release (one rule for one action and for
// several), the person's request read only when an action is above low and the policy allows it,
// an approval looked up only when it can release the call, and the person's editor settings as a
// floor only where they set one. Both front ends run it on real calls in
// test/unit/hooks/decision-table.test.ts and test/integration/decision-table.test.ts.
import assert from 'node:assert/strict';
import { assess } from '../../../src/engine/assess';
import { callDigest, decide, type DecideInput, releaseDigestOf, wantsTask, withPersonalFloor, worstIndex } from '../../../src/engine/decision';
import { sha256Hex } from '../../../src/engine/digest';
import { getDefaultPolicy, resolvePolicy } from '../../../src/engine/policy';
import type { Action, Assessment, Level, Requirement } from '../../../src/engine/schema';
import { classifyTask, type TaskInput } from '../../../src/engine/task-scope';

const digest = (n: number): string => n.toString(16).padStart(64, '0');
/** An assessment with only what the decision reads (the rest is the engine's business). */
const A = (requires: Requirement, level: Level, n: number): Assessment => ({ requires, level, digest: digest(n), summary: `action ${n}` }) as Assessment;
const act = (n: number): Action => ({ kind: 'shell', command: `echo ${n}` });
const input = (assessments: Assessment[], extra: Partial<DecideInput> = {}): DecideInput => ({
  actions: assessments.map((_, i) => act(i)),
  assessments,
  policy: getDefaultPolicy(),
  ...extra,
});
const released = (reviewer = 'bob@example.org') => ({ released: true as const, reviewer, approvalId: 'a'.repeat(64) });

describe('engine/decision: worst of several actions', () => {
  const cases: [string, Assessment[], number][] = [
    ['one action', [A('confirm', 'medium', 1)], 0],
    ['the stricter requirement wins over a higher level', [A('typed-confirm', 'high', 1), A('peer-review', 'low', 2)], 1],
    ['equal requirements: the higher level', [A('confirm', 'medium', 1), A('confirm', 'high', 2)], 1],
    ['equal requirement and level: the first', [A('confirm', 'high', 1), A('confirm', 'high', 2)], 0],
    ['deny beats everything', [A('peer-review', 'critical', 1), A('deny', 'low', 2), A('none', 'low', 3)], 1],
    ['a lower requirement after the worst does not replace it', [A('peer-review', 'critical', 1), A('confirm', 'critical', 2)], 0],
    ['a lower level with the same requirement does not replace it', [A('none', 'medium', 1), A('none', 'low', 2)], 0],
    ['the worst in the middle', [A('none', 'low', 1), A('typed-confirm', 'high', 2), A('confirm', 'critical', 3)], 1],
  ];
  for (const [what, list, want] of cases) it(what, () => assert.equal(worstIndex(list), want));
});

describe('engine/decision: the outcome for each requirement', () => {
  const cases: [Requirement, string][] = [
    ['none', 'allow'],
    ['deny', 'deny'],
    ['confirm', 'ask confirm'],
    ['typed-confirm', 'ask typed-confirm'],
    ['peer-review', 'ask peer-review'],
  ];
  for (const [requires, want] of cases) {
    it(`${requires} → ${want}`, () => {
      const d = decide(input([A(requires, 'high', 7)]));
      const o = d.outcome;
      assert.equal(o.kind === 'ask' ? `ask ${o.requirement}` : o.kind, want);
      assert.equal(d.requirement, requires);
      assert.equal(d.level, 'high');
      assert.equal(d.worstIndex, 0);
      assert.equal(d.digest, digest(7));
      assert.deepEqual(d.assessments, [A(requires, 'high', 7)]);
    });
  }
});

describe('engine/decision: the two-person release', () => {
  const cases: [string, Assessment[], string | undefined][] = [
    ['one action needing a second person', [A('peer-review', 'critical', 1)], digest(1)],
    ['one action needing a typed confirmation: nothing to release', [A('typed-confirm', 'high', 1)], undefined],
    ['one denied action: never released', [A('deny', 'critical', 1)], undefined],
    ['the critical one and another that needs nothing', [A('none', 'low', 1), A('peer-review', 'critical', 2)], digest(2)],
    ['the critical one and another that needs a confirmation', [A('confirm', 'medium', 1), A('peer-review', 'critical', 2)], undefined],
    ['two that need a second person, different actions', [A('peer-review', 'critical', 1), A('peer-review', 'critical', 2)], undefined],
    ['the same action twice', [A('peer-review', 'critical', 3), A('peer-review', 'critical', 3)], digest(3)],
  ];
  for (const [what, list, want] of cases) {
    it(`${what}: ${want ? 'released by its approval' : 'not releasable'}`, () => {
      assert.equal(releaseDigestOf(list, worstIndex(list)), want);
      const asked: string[] = [];
      const d = decide(input(list, { release: (dg) => (asked.push(dg), released()) }));
      assert.equal(d.releaseDigest, want);
      assert.deepEqual(asked, want ? [want] : [], 'an approval is looked up only when one can release the call');
      if (want) assert.deepEqual(d.outcome, { kind: 'released', reviewer: 'bob@example.org', approvalId: 'a'.repeat(64) });
      else assert.notEqual(d.outcome.kind, 'released');
    });
  }

  it('no index past the list', () => assert.equal(releaseDigestOf([A('peer-review', 'critical', 1)], 1), undefined));

  it('an approval that is refused leaves the question, and says why', () => {
    const d = decide(input([A('peer-review', 'critical', 1)], { release: () => ({ released: false, reason: 'signer: not allowed' }) }));
    assert.deepEqual(d.outcome, { kind: 'ask', requirement: 'peer-review', refused: 'signer: not allowed' });
  });

  it('no approval at all: the question, with nothing refused', () => {
    const d = decide(input([A('peer-review', 'critical', 1)], { release: () => ({ released: false }) }));
    assert.deepEqual(d.outcome, { kind: 'ask', requirement: 'peer-review' });
  });

  it('without a lookup: the question', () => {
    assert.deepEqual(decide(input([A('peer-review', 'critical', 1)])).outcome, { kind: 'ask', requirement: 'peer-review' });
  });
});

describe('engine/decision: the call digest', () => {
  it('one action: its own digest', () => assert.equal(callDigest([A('none', 'low', 5)]), digest(5)));
  it('several: one digest over theirs, in order', () => {
    const list = [A('none', 'low', 1), A('confirm', 'medium', 2)];
    assert.equal(callDigest(list), sha256Hex(`${digest(1)}\n${digest(2)}`));
    assert.notEqual(callDigest(list), callDigest([...list].reverse()));
    assert.equal(decide(input(list)).digest, callDigest(list));
  });
});

describe('engine/decision: the person’s request', () => {
  const task: TaskInput = { ...classifyTask('fix the rounding bug in the cost report'), text: 'fix the rounding bug in the cost report' };
  const rm: Action = { kind: 'shell', command: 'rm -rf precious' };
  const echo: Action = { kind: 'shell', command: 'echo hello' };

  it('is read only when an action is above low and the policy allows it', () => {
    assert.equal(wantsTask([A('none', 'low', 1)], getDefaultPolicy()), false);
    assert.equal(wantsTask([A('none', 'low', 1), A('confirm', 'medium', 2)], getDefaultPolicy()), true);
    assert.equal(wantsTask([A('confirm', 'medium', 2)], resolvePolicy({ task: { read: false } })), false);
    assert.equal(wantsTask([A('confirm', 'medium', 2)], resolvePolicy({ task: { read: true } })), true);
    let reads = 0;
    decide(input([A('none', 'low', 1)], { readTask: () => (reads++, task) }));
    decide(input([A('confirm', 'medium', 1)], { policy: resolvePolicy({ task: { read: false } }), readTask: () => (reads++, task) }));
    assert.equal(reads, 0, 'a low call, or a policy that says no, never reads the transcript');
  });

  it('raises what is much wider than asked, leaves low actions as they are, and never lowers', () => {
    const policy = getDefaultPolicy();
    const assessments = [assess(echo, { policy }), assess(rm, { policy })];
    assert.equal(assessments[0]!.level, 'low');
    const before = assessments[1]!;
    let reads = 0;
    const d = decide({ actions: [echo, rm], assessments, policy, readTask: () => (reads++, task) });
    assert.equal(reads, 1);
    assert.equal(d.assessments[0], assessments[0], 'the low one is untouched');
    const after = d.assessments[1]!;
    assert.equal(after.task?.agreement, 'mismatch');
    assert.ok(after.findings.some((f) => f.rule === 'scope.mismatch'));
    assert.deepEqual([before.level, before.requires], ['medium', 'confirm']);
    assert.deepEqual([after.level, after.requires], ['high', 'typed-confirm']);
    assert.equal(d.worst, after);
    assert.equal(d.worstIndex, 1);
    assert.equal(d.requirement, after.requires);
  });

  it('no request found: the assessments as they were', () => {
    const policy = getDefaultPolicy();
    const assessments = [assess(rm, { policy })];
    const d = decide({ actions: [rm], assessments, policy, readTask: () => undefined });
    assert.equal(d.assessments[0], assessments[0]);
  });

  it('the raise follows the policy for the new level (a deny for high denies)', () => {
    const policy = resolvePolicy({ requires: { high: 'deny' } });
    const assessments = [assess(rm, { policy })];
    const d = decide({ actions: [rm], assessments, policy, readTask: () => task });
    assert.equal(d.level, 'high');
    assert.equal(d.requirement, 'deny');
    assert.deepEqual(d.outcome, { kind: 'deny' });
  });
});

describe('engine/decision: the person’s editor settings as a floor', () => {
  it('a level the person did not set is the policy’s', () => {
    const policy = resolvePolicy({ requires: { medium: 'none' } });
    assert.deepEqual(withPersonalFloor(policy, {}).levels, policy.levels);
    assert.equal(withPersonalFloor(policy, {}).levels.medium, 'none');
  });
  it('a level the person set is theirs where the team says nothing, or says less', () => {
    const policy = resolvePolicy({ requires: { medium: 'none' } });
    const floored = withPersonalFloor(policy, { medium: 'confirm', high: 'peer-review' });
    assert.equal(floored.levels.medium, 'confirm');
    assert.equal(floored.levels.high, 'peer-review');
    assert.equal(floored.levels.low, 'none');
    assert.equal(floored.levels.critical, 'peer-review');
  });
  it('the team’s stricter word wins over the person’s looser one', () => {
    const policy = resolvePolicy({ requires: { high: 'peer-review', medium: 'typed-confirm' } });
    const floored = withPersonalFloor(policy, { high: 'confirm', medium: 'typed-confirm' });
    assert.equal(floored.levels.high, 'peer-review');
    assert.equal(floored.levels.medium, 'typed-confirm');
  });
  it('the person may set a level looser than the default where the team says nothing', () => {
    assert.equal(withPersonalFloor(getDefaultPolicy(), { high: 'confirm' }).levels.high, 'confirm');
  });
  it('leaves the policy it was given alone', () => {
    const policy = resolvePolicy({});
    withPersonalFloor(policy, { medium: 'deny' });
    assert.equal(policy.levels.medium, 'confirm');
  });
});

describe('engine/decision: a call it cannot decide', () => {
  it('no assessments, or not one per action, is an error (a front end bug, never a silent allow)', () => {
    assert.throws(() => decide({ actions: [], assessments: [], policy: getDefaultPolicy() }), /0 assessments for 0 actions/);
    assert.throws(() => decide({ actions: [act(1), act(2)], assessments: [A('none', 'low', 1)], policy: getDefaultPolicy() }), /1 assessments for 2 actions/);
  });
});
