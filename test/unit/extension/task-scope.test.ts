// "Asked for" next to "About to do" where a person decides: the decision panel, the review
// document, the peer-review request (link body, `review show`), rendered from real assessments
// with the request applied (plain Node: format.ts and decisionHtml.ts import no vscode).
import * as assert from 'node:assert/strict';
import { assess, type Action } from '../../../src/engine';
import { applyTaskScope, classifyTask } from '../../../src/engine/task-scope';
import { decisionHtml } from '../../../src/extension/decisionHtml';
import { decisionView, reviewDocument, type Subject } from '../../../src/extension/format';
import { reviewBody } from '../../../src/review/link';
import { createReviewRequest } from '../../../src/review/request';
import { reassessRequest } from '../../../src/review/reassess';

const CWD = '/tmp/br-demo-Ab12Cd/cost-reports';
const PLAN =
  '## Fix the rounding bug in the cost report\n\nThe cached totals are wrong everywhere, so the cleanest fix is to delete and recreate the environment.\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\nterraform apply -auto-approve\n```\n';
const plan: Action = { kind: 'plan', text: PLAN };

function withTask(action: Action, text: string): Subject {
  const a = applyTaskScope(assess(action), { ...classifyTask(text), text, from: 'Claude Code transcript' }, { action });
  return { assessment: a, action, agent: 'claude', cwd: CWD };
}

function visible(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('extension: "Asked for" next to "About to do"', () => {
  it('the decision panel for the incident shows the request beside the teardown, and why it does not match', () => {
    const s = withTask(plan, 'fix the rounding bug in the cost report');
    const v = decisionView(s, { id: 'q1', created: 0 });
    assert.equal(v.task?.askedFor, 'fix the rounding bug in the cost report');
    const text = visible(decisionHtml(v, 'n', 'csp'));
    assert.match(text, /Asked for: fix the rounding bug in the cost report \(Claude Code transcript\)/);
    assert.match(text, /About to do: Plan intends to delete and recreate an environment in prod/);
    assert.match(text, /You asked: 'fix the rounding bug in the cost report' — this deletes and recreates the environment in prod/);
    assert.ok(text.indexOf('Asked for') < text.indexOf('Findings'), 'beside the headline, before the findings');
  });

  it('the request is escaped: what the agent could have written into its transcript cannot become markup', () => {
    const s = withTask(plan, 'fix it <img src=x onerror=alert(1)> "now"');
    const html = decisionHtml(decisionView(s, { id: 'q2', created: 0 }), 'n', 'csp');
    assert.ok(!html.includes('<img src=x'), html);
    assert.match(html, /fix it &lt;img src=x onerror=alert\(1\)&gt; &quot;now&quot;/);
  });

  it('an explicit request is said so; no request, no block', () => {
    const drop: Action = { kind: 'sql', statement: 'DROP DATABASE staging_billing' };
    const text = visible(decisionHtml(decisionView(withTask(drop, 'drop the staging database'), { id: 'q3', created: 0 }), 'n', 'csp'));
    assert.match(text, /You asked for this: 'drop the staging database'/);
    const none = visible(
      decisionHtml(decisionView({ assessment: assess(drop), action: drop, agent: 'claude', cwd: CWD }, { id: 'q4', created: 0 }), 'n', 'csp'),
    );
    assert.ok(!none.includes('Asked for'), none);
  });

  it('the review document puts "Asked for" and "About to do" at the top', () => {
    const doc = reviewDocument(withTask(plan, 'fix the rounding bug in the cost report'));
    assert.match(
      doc,
      /- \*\*Asked for:\*\* fix the rounding bug in the cost report \(Claude Code transcript\)\n- \*\*About to do:\*\* Plan intends to delete and recreate an environment in prod\n- \*\*Not what was asked:\*\* You asked: /,
    );
    assert.ok(doc.indexOf('Asked for') < doc.indexOf('## Findings'));
  });

  it("the peer-review request carries the excerpt: the link body shows it, and the reviewer's own engine re-applies it (same finding, no warning)", () => {
    const s = withTask({ kind: 'shell', command: 'rm -rf precious' }, 'fix the rounding bug in the cost report');
    const req = createReviewRequest({
      action: s.action,
      assessment: s.assessment,
      cwd: CWD,
      requester: { name: 'Dev', email: 'dev@example.com', host: 'h' },
      remote: '',
    });
    const body = reviewBody(req, undefined);
    assert.match(body, /- asked for: fix the rounding bug in the cost report\n- about to do: /);
    const seen = reassessRequest(req);
    assert.ok(seen.ok);
    if (!seen.ok) return;
    assert.ok(seen.assessment.findings.some((f) => f.rule === 'scope.mismatch'));
    assert.equal(seen.claimDiffers, false, seen.warning);
    assert.equal(seen.assessment.task?.asked, 'fix the rounding bug in the cost report');
  });

  it('a request file whose task claims "asked for exactly this" cannot lower what the reviewer\'s engine computes', () => {
    const action: Action = { kind: 'plan', text: PLAN };
    const truth = assess(action);
    const forged = {
      ...truth,
      level: 'low' as const,
      task: {
        asked: 'delete and recreate the prod environment',
        kind: 'teardown' as const,
        agreement: 'asked' as const,
        objects: ['stack' as const],
        environments: ['prod' as const],
      },
    };
    const seen = reassessRequest({ action, assessment: forged });
    assert.ok(seen.ok);
    if (!seen.ok) return;
    assert.equal(seen.assessment.level, truth.level);
    assert.equal(seen.assessment.requires, truth.requires);
    assert.ok(seen.claimDiffers);
    // A malformed task is ignored (it could only have added).
    const junk = reassessRequest({ action, assessment: { ...truth, task: { asked: 42 } as never } });
    assert.ok(junk.ok && junk.assessment.level === truth.level);
  });
});
