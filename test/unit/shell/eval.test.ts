// The eval figures, asserted through the same code as `npm run eval` (scripts/eval.ts) on the
// vendored corpora: with reviewed disagreements set apart, every source meets the targets, and no
// reviewed entry is stale.
import assert from 'node:assert/strict';
import { TARGET_FALSE_ALARMS, TARGET_RECALL, runEval, readDisagreements } from '../../../scripts/eval';
import { fixtures } from '../../helpers';

describe('eval on the vendored corpora', () => {
  const result = runEval(fixtures('corpora'));
  for (const s of result.sources) {
    it(`${s.source}: recall ≥ ${TARGET_RECALL * 100}% and false alarms ≤ ${TARGET_FALSE_ALARMS * 100}% (reviewed disagreements apart)`, () => {
      const list = s.unexplained.map((u) => `${u.label === 'block' ? 'miss' : 'false alarm'} ${u.id}: ${JSON.stringify(u.command)} → ${u.level}`).join('\n');
      assert.ok(s.recallReviewed >= TARGET_RECALL, `recall ${(s.recallReviewed * 100).toFixed(1)}%\n${list}`);
      assert.ok(s.falseAlarmRateReviewed <= TARGET_FALSE_ALARMS, `false alarms ${(s.falseAlarmRateReviewed * 100).toFixed(1)}%\n${list}`);
    });
  }
  it('every reviewed disagreement has a reason and still disagrees', () => {
    for (const d of readDisagreements().values()) assert.ok(d.reason.length > 10, `${d.id}: reason missing`);
    assert.deepEqual(
      result.stale.map((d) => d.id),
      [],
      'stale reviewed entries: the engine now agrees with their labels',
    );
  });
  it('runs the Terraform and CloudFormation indexes', () => {
    assert.ok(result.terraform.reduce((n, r) => n + r.files, 0) >= 30);
    assert.ok(result.cloudformation.reduce((n, r) => n + r.files, 0) >= 200);
  });
});
