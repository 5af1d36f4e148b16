// End to end: a person's view of the packaged extension in a real VS Code (code-server) in a real
// browser, answering the real hook command. Each state is saved to test-results/e2e/*.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeHook, openWorkbench, STATUS_ID, type Workbench } from './workbench';

describe('e2e: the packaged extension in code-server + Chromium', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  const button = (name: string) => wb.dialog().getByRole('button', { name, exact: true });
  // Status bar updates are batched by the extension host: wait for them, do not sample once.
  const statusShows = async (text: string, kind: 'warning-kind' | 'error-kind'): Promise<void> => {
    await wb.status().filter({ hasText: text }).waitFor({ timeout: 10_000 });
    await wb.page.waitForFunction(
      ([id, k]) => {
        // Runs in the page; the tests compile without the DOM library.
        const doc = (globalThis as unknown as { document: { getElementById(i: string): { classList: { contains(c: string): boolean } } | null } }).document;
        return doc.getElementById(id!)?.classList.contains(k!) === true;
      },
      [STATUS_ID, kind],
      { timeout: 10_000 },
    );
  };

  it('shows the armed shield in the status bar', async () => {
    await assert.doesNotReject(wb.status().filter({ hasText: 'Blast Radius' }).waitFor({ timeout: 10_000 }));
    await wb.shot('01-armed');
  });

  it('a low action is allowed with nothing but the status bar', async () => {
    const answer = await claudeHook(wb, 'Bash', { command: 'npm install left-pad' });
    assert.equal(answer.decision, 'allow', answer.reason);
    await wb.status().filter({ hasText: 'Blast Radius: low' }).waitFor({ timeout: 10_000 });
    assert.equal(await wb.dialog().count(), 0, 'a dialog appeared for a low action');
    await wb.shot('02-low-allowed');
  });

  it('a medium action opens the modal with its summary; Deny reaches the hook as deny', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'docker system prune -f' });
    await wb.dialog().waitFor({ timeout: 20_000 });
    const text = await wb.dialog().innerText();
    assert.match(text, /Blast Radius: MEDIUM/);
    assert.match(text, /Asked by: claude/);
    for (const b of ['Allow once', 'Review…', 'Request peer review…', 'Deny']) assert.equal(await button(b).count(), 1, `no "${b}" button`);
    await wb.shot('03-medium-modal');
    await button('Deny').click();
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /developer denied/);
  });

  it('a high action turns the status bar yellow; a wrong name keeps Allow disabled, the right one allows', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'git push --force origin main' });
    await wb.dialog().waitFor({ timeout: 20_000 });
    await statusShows('1 waiting: high', 'warning-kind');
    assert.equal(await button('Allow once').count(), 0, 'a high action offers Allow once');
    await wb.shot('04-high-modal-status-yellow');
    await button('Allow…').click();
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('mian');
    await wb.page.locator('.quick-input-widget .quick-input-message').filter({ hasText: 'exactly' }).waitFor({ timeout: 5_000 });
    await input.press('Enter');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(await input.isVisible(), 'the input box accepted a wrong name');
    await wb.shot('05-typed-wrong-name');
    await input.fill('main');
    await wb.shot('06-typed-right-name');
    await input.press('Enter');
    const answer = await pending;
    assert.equal(answer.decision, 'allow', answer.reason);
  });

  it('a critical action turns the status bar red, offers no Allow, and Escape denies', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'kubectl delete namespace payments-prod' });
    await wb.dialog().waitFor({ timeout: 20_000 });
    await statusShows('1 waiting: critical', 'error-kind');
    const text = await wb.dialog().innerText();
    assert.match(text, /CRITICAL/);
    assert.match(text, /second person/);
    assert.equal(await button('Allow once').count(), 0);
    assert.equal(await button('Allow…').count(), 0);
    assert.equal(await button('Request peer review…').count(), 1);
    await wb.shot('07-critical-modal-status-red');
    await wb.page.keyboard.press('Escape');
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /dismissed/);
  });

  it('Review… opens the diff editor with the proposed change; Deny in its title bar reaches the hook', async () => {
    const file = join(wb.workspace, 'src', 'report.py');
    const before = readFileSync(file, 'utf8');
    const pending = claudeHook(wb, 'Write', { file_path: file, content: before.replace('round(total, 1)', 'round(total, 2)') });
    await wb.dialog().waitFor({ timeout: 20_000 });
    await button('Review…').click();
    const diff = wb.page.locator('.monaco-diff-editor');
    await diff.first().waitFor({ timeout: 20_000 });
    await wb.page.locator('.tab', { hasText: 'report.py (proposed' }).first().waitFor({ timeout: 10_000 });
    await diff.locator('.modified-in-monaco-diff-editor .view-lines', { hasText: 'round(total, 2)' }).waitFor({ timeout: 10_000 });
    await wb.shot('08-diff-review');
    assert.equal(readFileSync(file, 'utf8'), before, 'the file changed before a decision');
    await wb.page.locator('.editor-actions').getByRole('button', { name: 'Deny' }).first().click();
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.equal(readFileSync(file, 'utf8'), before);
    await wb.shot('09-after-deny');
  });

  it('a plan is reviewed as a document with its risky lines marked; the status bar lists recent decisions', async () => {
    const plan = '## Fix the rounding bug\n\nThe cleanest fix is to delete and recreate the environment.\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\n```\n';
    const pending = claudeHook(wb, 'ExitPlanMode', { plan });
    await wb.dialog().waitFor({ timeout: 20_000 });
    await button('Review…').click();
    await wb.page.locator('.tab', { hasText: 'review-plan.md' }).first().waitFor({ timeout: 20_000 });
    const lines = wb.page.locator('.editor-group-container .view-lines').first();
    await lines.filter({ hasText: 'terraform destroy -auto-approve' }).waitFor({ timeout: 10_000 });
    assert.match(await lines.innerText(), /⚠\s+shell\.terraform-destroy/);
    await wb.shot('10-plan-review-document');
    await wb.page.locator('.editor-actions').getByRole('button', { name: 'Deny' }).first().click();
    assert.equal((await pending).decision, 'deny');

    await wb.status().click();
    const picks = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await picks.first().waitFor({ timeout: 10_000 });
    const listed = await wb.page.locator('.quick-input-widget').innerText();
    assert.match(listed, /critical: Plan intends to delete and recreate/);
    assert.match(listed, /claude · deny/);
    await wb.shot('11-status-bar-list');
    await wb.page.keyboard.press('Escape');
  });
});
