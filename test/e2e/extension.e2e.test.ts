// End to end: a person's view of the packaged extension in a real VS Code (code-server) in a real
// browser, answering the real hook command. Each state is saved to test-results/e2e/*.png; the
// numbers in the titles are the points of issue 11 each test shows fixed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeHook, openWorkbench, STATUS_ID, type Workbench } from './workbench';

const FADE_SECONDS = 5;

describe('e2e: the packaged extension in code-server + Chromium', function () {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench({ settings: { 'blastRadius.display.decisionFadeSeconds': FADE_SECONDS } });
    // A repository with a GitHub remote, so a peer review also gets a prefilled issue link.
    const git = (...a: string[]) =>
      execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', ...a], {
        cwd: wb.workspace,
        stdio: 'ignore',
        env: { ...process.env, ...wb.iso.env },
      });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'https://github.com/acme/cost-reports.git');
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
  });
  after(async () => {
    await wb?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.shot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 80)}`).catch(() => undefined);
    // Nothing from one test may wait into the next: a panel still open is dismissed (a deny).
    if (await wb.panelShows().catch(() => false))
      await (
        await wb.panel()
      )
        .getByRole('button', { name: 'Deny', exact: true })
        .click()
        .catch(() => undefined);
    await wb.page.keyboard.press('Escape').catch(() => undefined);
  });

  // Status bar updates are batched by the extension host: wait for them, do not sample once.
  const statusShows = async (text: string | RegExp, kind?: 'warning-kind' | 'error-kind' | 'none'): Promise<void> => {
    await wb.status().filter({ hasText: text }).waitFor({ timeout: 10_000 });
    if (!kind) return;
    await wb.page.waitForFunction(
      ([id, k]) => {
        // Runs in the page; the tests compile without the DOM library.
        const el = (
          globalThis as unknown as { document: { getElementById(i: string): { classList: { contains(c: string): boolean } } | null } }
        ).document.getElementById(id!);
        if (!el) return false;
        return k === 'none' ? !el.classList.contains('warning-kind') && !el.classList.contains('error-kind') : el.classList.contains(k!);
      },
      [STATUS_ID, kind],
      { timeout: 10_000 },
    );
  };
  const toast = (kind: 'error' | 'warning' | 'info', text: string | RegExp) =>
    wb.page.locator(`.notifications-toasts .notification-toast:has(.codicon-${kind})`).filter({ hasText: text });

  it('shows the armed shield in the status bar', async () => {
    await statusShows('Blast Radius', 'none');
    await wb.shot('01-armed');
  });

  it('(8) a low action is allowed with nothing but the status bar: "allowed · low"', async () => {
    const answer = await claudeHook(wb, 'Bash', { command: 'npm install left-pad' });
    assert.equal(answer.decision, 'allow', answer.reason);
    await statusShows('allowed · low', 'none');
    assert.equal(await wb.panelShows(), false, 'a decision panel appeared for a low action');
    await wb.shot('02-low-allowed');
  });

  it('(2, 7) a medium action opens the decision panel: short title, plain words, Allow once / Review… / Deny, no Cancel', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'docker system prune -f' });
    const panel = await wb.panel();
    assert.match(await panel.locator('.chip').innerText(), /MEDIUM/);
    assert.match(await panel.locator('.wants').innerText(), /^claude wants to run a command/);
    const buttons = await panel.locator('.buttons button').allInnerTexts();
    assert.deepEqual(buttons, ['Allow once', 'Review…', 'Deny']);
    const tab = wb.page.locator('.tab', { hasText: 'Blast Radius · MEDIUM' });
    assert.equal(await tab.count(), 1, 'the tab title is not the short one');
    await wb.shot('03-medium-panel');
    await panel.getByRole('button', { name: 'Deny', exact: true }).click();
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /developer denied/);
    await statusShows('denied · medium', 'none');
  });

  it('(2, 7) high: the status bar turns yellow; Allow stays disabled until the target is typed exactly', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'git push --force origin main' });
    const panel = await wb.panel();
    await statusShows('1 waiting: high', 'warning-kind');
    assert.equal(await panel.getByRole('button', { name: 'Allow once', exact: true }).count(), 0, 'a high action offers Allow once');
    const allow = panel.getByRole('button', { name: 'Allow', exact: true });
    assert.equal(await allow.isDisabled(), true);
    const input = panel.locator('#typed');
    await input.fill('mian');
    await panel.locator('#typed-msg').filter({ hasText: 'exactly' }).waitFor({ timeout: 5_000 });
    assert.equal(await allow.isDisabled(), true, 'a wrong name enabled Allow');
    await input.press('Enter');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await wb.panelShows(), true, 'Enter with a wrong name answered');
    await wb.shot('04-high-typed-wrong-name');
    await input.fill('main');
    assert.equal(await allow.isDisabled(), false);
    await wb.shot('05-high-typed-right-name');
    await allow.click();
    const answer = await pending;
    assert.equal(answer.decision, 'allow', answer.reason);
    await statusShows('allowed · high', 'warning-kind');
  });

  it('(3, 7, 8) critical: red while it waits, says why it is critical, no Allow; Escape denies; the status bar then says "denied · critical" and fades to the shield', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'kubectl delete namespace payments-prod' });
    const panel = await wb.panel();
    await statusShows('1 waiting: critical', 'error-kind');
    assert.match(await panel.locator('#why').innerText(), /^CRITICAL because /);
    assert.match(await panel.locator('.facts').innerText(), /Environment: prod/);
    const visible = await panel.locator('body').innerText();
    for (const w of ['environment-teardown', 'irreversible', 'broad-change']) assert.ok(!visible.includes(w), `"${w}" on the panel`);
    assert.equal(await panel.getByRole('button', { name: /^Allow/ }).count(), 0);
    assert.equal(await panel.getByRole('button', { name: 'Request peer review…', exact: true }).count(), 1);
    await wb.shot('06-critical-panel-status-red');
    await panel.locator('body').press('Escape');
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /dismissed/);
    await statusShows('denied · critical', 'none');
    await wb.shot('07-status-after-deny');
    await statusShows(/^\s*Blast Radius\s*$/, 'none');
    await wb.shot('08-status-faded-to-shield');
  });

  it('(2) a question that ends at the hook deadline leaves the screen within a second', async () => {
    const asked = Date.now();
    const pending = claudeHook(wb, 'Bash', { command: 'docker volume prune -f' }, { timeoutSeconds: 8 });
    const panel = await wb.panel();
    await panel
      .locator('#countdown')
      .filter({ hasText: /answer within 0:0\d/ })
      .waitFor({ timeout: 8_000 });
    await wb.shot('09-deadline-panel-before');
    const answer = await pending;
    const answeredAt = Date.now();
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /deadline|no decision within|nobody answered/i);
    let goneAt = 0;
    while (Date.now() - answeredAt < 5_000) {
      if (!(await wb.panelShows())) {
        goneAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(goneAt, 'the decision panel is still on screen 5 s after the deadline');
    assert.ok(goneAt - answeredAt < 1000, `the panel left ${goneAt - answeredAt} ms after the hook was told (asked ${answeredAt - asked} ms before)`);
    await toast('warning', /ended before you answered/)
      .first()
      .waitFor({ timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 700)); // the toast slides in
    await wb.shot('10-deadline-panel-closed');
  });

  it('(5) Review… opens the diff beside the panel; its title-bar buttons go once the question is answered', async () => {
    const file = join(wb.workspace, 'src', 'report.py');
    const before = readFileSync(file, 'utf8');
    const pending = claudeHook(wb, 'Write', { file_path: file, content: before.replace('round(total, 1)', 'round(total, 2)') });
    const panel = await wb.panel();
    await panel.getByRole('button', { name: 'Review…', exact: true }).click();
    const diff = wb.page.locator('.monaco-diff-editor');
    await diff.first().waitFor({ timeout: 20_000 });
    await diff.locator('.modified-in-monaco-diff-editor .view-lines', { hasText: 'round(total, 2)' }).first().waitFor({ timeout: 10_000 });
    const titleDeny = wb.page.locator('.editor-actions').getByRole('button', { name: 'Deny' });
    await titleDeny.first().waitFor({ timeout: 10_000 });
    await wb.shot('11-diff-review-waiting');
    assert.equal(readFileSync(file, 'utf8'), before, 'the file changed before a decision');
    await titleDeny.first().click();
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    assert.equal(readFileSync(file, 'utf8'), before);
    await wb.page.waitForFunction(() => true);
    const end = Date.now() + 5_000;
    while ((await titleDeny.count()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await titleDeny.count(), 0, 'Deny is still in the title bar after the question ended');
    assert.equal(await wb.panelShows(), false, 'the panel is still open after a deny from the title bar');
    await wb.shot('12-diff-review-after-deny');
    await wb.command('View: Close All Editors');
  });

  it('(5, 7) a plan review fences the quoted plan and says "Decided" once the panel denies', async () => {
    const plan =
      '## Fix the rounding bug\n\nThe cleanest fix is to delete and recreate the environment.\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\n```\n';
    const pending = claudeHook(wb, 'ExitPlanMode', { plan });
    const panel = await wb.panel();
    await panel.getByRole('button', { name: 'Review…', exact: true }).click();
    await wb.page.locator('.tab', { hasText: 'review-plan.md' }).first().waitFor({ timeout: 20_000 });
    const lines = wb.page
      .locator('.editor-group-container')
      .filter({ has: wb.page.locator('.tab', { hasText: 'review-plan.md' }) })
      .locator('.view-lines')
      .first();
    await lines.filter({ hasText: 'Waiting for your answer' }).waitFor({ timeout: 10_000 });
    // Monaco draws only the lines in view, with no-break spaces: read the top, then the end.
    const top = (await lines.innerText()).replace(/\u00a0/g, ' ');
    assert.match(top, /^# CRITICAL: Plan intends to delete and\s+recreate an environment in prod/);
    await lines.click();
    await wb.page.keyboard.press('Control+End');
    await lines.filter({ hasText: '⚠' }).waitFor({ timeout: 10_000 });
    const end = (await lines.innerText()).replace(/\u00a0/g, ' ');
    // (the editor wraps long lines: a rule id may break after its dot)
    assert.match(end, /~~~markdown[\s\S]*## Fix the rounding bug[\s\S]*terraform destroy -auto-approve\s+⚠\s+shell\.\s*terraform-destroy[\s\S]*~~~/);
    await wb.shot('13-plan-review-waiting');
    await panel.getByRole('button', { name: 'Deny', exact: true }).click();
    assert.equal((await pending).decision, 'deny');
    await lines.click();
    await wb.page.keyboard.press('Control+Home');
    await lines.filter({ hasText: 'Decided: denied' }).waitFor({ timeout: 10_000 });
    assert.equal(await wb.page.locator('.editor-actions').getByRole('button', { name: 'Deny' }).count(), 0);
    await wb.shot('14-plan-review-decided');
    await wb.command('View: Close All Editors');
  });

  it('(9) Request peer review… shows the whole link with Copy and Open, and what the reviewer will see', async () => {
    const pending = claudeHook(wb, 'Bash', { command: 'terraform destroy -auto-approve' }, { cwd: join(wb.workspace, 'infra', 'prod') });
    const panel = await wb.panel();
    await panel.getByRole('button', { name: 'Request peer review…', exact: true }).click();
    const answer = await pending;
    assert.equal(answer.decision, 'deny');
    const id = /review (r-[0-9a-f]{12})/.exec(answer.reason)?.[1];
    assert.ok(id, answer.reason);
    const link = await wb.linkPanel();
    const shown = (await link.locator('#link').innerText()).trim();
    assert.match(shown, /^vscode:\/\/blast-radius\.blast-radius\/review\?r=[A-Za-z0-9_-]{40,}$/);
    assert.match(await link.locator('body').innerText(), /What the reviewer will see[\s\S]*Requested by/i);
    await link.getByRole('button', { name: 'Copy link', exact: true }).click();
    await link.locator('#copied').filter({ hasText: 'copied' }).waitFor({ timeout: 5_000 });
    const clipboard = () =>
      wb.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    let clip = await clipboard();
    for (let i = 0; i < 20 && clip !== shown; i++) clip = await new Promise((r) => setTimeout(r, 150)).then(clipboard);
    assert.equal(clip, shown, 'the clipboard does not hold the link shown');
    await wb.shot('15-review-link');
    // The editor's own link protection asks first (as for any external link); then the issue opens.
    await link.getByRole('button', { name: 'Open GitHub issue', exact: true }).click();
    const ask = wb.page.locator('.monaco-dialog-box', { hasText: 'open the external website' });
    await ask.waitFor({ timeout: 10_000 });
    assert.match(await ask.innerText(), /https:\/\/github\.com\/acme\/cost-reports\/issues\/new\?/);
    // (this machine has no way out: the new tab's request is what shows where it goes)
    const [issue, request] = await Promise.all([
      wb.page.context().waitForEvent('page', { timeout: 15_000 }),
      wb.page.context().waitForEvent('request', { predicate: (r) => /github\.com/.test(r.url()), timeout: 15_000 }),
      ask.getByRole('button', { name: 'Open', exact: true }).click(),
    ]);
    assert.match(request.url(), /^https:\/\/github\.com\/acme\/cost-reports\/issues\/new\?.*title=/);
    await issue.close();
    await wb.command('View: Close All Editors');
  });

  it('(8) the list holds every decision, the allowed low one too', async () => {
    await wb.status().click();
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 10_000 });
    const listed = await wb.page.locator('.quick-input-widget').innerText();
    assert.match(listed, /allowed · low: /);
    assert.match(listed, /denied · critical: /);
    assert.match(listed, /allowed · high: /);
    await wb.shot('16-recent-decisions');
    await wb.page.keyboard.press('Escape');
  });

  it('(8, 10) Assess a Command…: a critical result is a red error, the same every time, and its review has nothing waiting and no buttons', async () => {
    const assessOnce = async (): Promise<string> => {
      await wb.command('Blast Radius: Assess a Command…');
      const input = wb.page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('rm -rf ~');
      await input.press('Enter');
      const t = toast('error', /CRITICAL/).first();
      await t.waitFor({ timeout: 20_000 });
      return (await t.innerText()).replace(/\s+/g, ' ').trim();
    };
    const first = await assessOnce();
    assert.equal(await toast('info', /CRITICAL/).count(), 0, 'a critical result came as an info toast');
    await new Promise((r) => setTimeout(r, 700));
    await wb.shot('17-assess-command-critical-error');
    await wb.command('Notifications: Clear All Notifications');
    const second = await assessOnce();
    assert.equal(second, first, 'the same command gave another answer');
    await toast('error', /CRITICAL/)
      .first()
      .getByRole('button', { name: 'Review…' })
      .click();
    const doc = wb.page.locator('.editor-group-container .view-lines', { hasText: 'Nothing is waiting on this review' }).first();
    await doc.waitFor({ timeout: 10_000 });
    assert.doesNotMatch(await doc.innerText(), /branch main/, 'the cwd’s branch is shown for deleting the home');
    assert.equal(
      await wb.page
        .locator('.editor-actions')
        .getByRole('button', { name: /^(Allow|Deny)$/ })
        .count(),
      0,
      'answer buttons on a review nothing waits on',
    );
    await wb.shot('18-assessed-review-no-buttons');
    await wb.command('View: Close All Editors');
    await wb.command('Notifications: Clear All Notifications');
  });

  it('(1) Open Audit Log shows this window’s own log, with every decision the hooks reported', async () => {
    const log = wb.iso.env.BLAST_RADIUS_AUDIT_LOG;
    assert.ok(existsSync(log), `no audit log at ${log}`);
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { decision: string });
    assert.ok(entries.length >= 6, `${entries.length} entries`);
    await wb.command('Blast Radius: Open Audit Log');
    await wb.page.locator('.tab', { hasText: 'audit.jsonl' }).first().waitFor({ timeout: 10_000 });
    await wb.page.locator('.editor-group-container .view-lines', { hasText: '"seq":1' }).first().waitFor({ timeout: 10_000 });
    await wb.shot('19-audit-log');
  });
  it('Install Agent Hooks…: Claude Code is installed; Codex is written but the person is warned it does not call the hook yet, with the steps one click away', async () => {
    const home = wb.iso.env.HOME;
    // Both agents "found on this machine", so both are picked at the start.
    mkdirSync(join(home, '.claude'), { recursive: true });
    mkdirSync(join(home, '.codex'), { recursive: true });
    await wb.command('Blast Radius: Install Agent Hooks…');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'OpenAI Codex CLI' }).first().waitFor({ timeout: 10_000 });
    await input.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Install the Blast Radius hook for 2 agents?' }).waitFor({ timeout: 30_000 });
    await wb.shot('20-install-hooks-consent');
    await dialog.getByRole('button', { name: 'Install', exact: true }).click();
    await toast('info', 'hooks installed for Claude Code.').first().waitFor({ timeout: 30_000 });
    const warning = toast('warning', /the hook is written for OpenAI Codex CLI, but the agent does not call it yet/).first();
    await warning.waitFor({ timeout: 30_000 });
    assert.equal(await toast('info', /Codex/).count(), 0, 'Codex was reported as installed');
    await wb.shot('21-install-hooks-codex-waits');
    assert.ok(existsSync(join(home, '.codex', 'hooks.json')), 'the Codex hook was not written');
    assert.match(readFileSync(join(home, '.claude', 'settings.json'), 'utf8'), /hook\.js claude/);
    await warning.getByRole('button', { name: 'Show What to Do' }).click();
    await wb.page.locator('.editor-group-container .view-lines', { hasText: 'Trust it now' }).first().waitFor({ timeout: 10_000 });
    await wb.shot('22-install-hooks-what-to-do');
    // The preview and the steps are read-only documents: closing them asks nothing.
    await wb.command('View: Close All Editors');
    await wb.page.locator('.tab', { hasText: 'what to do' }).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await dialog.count(), 0, 'closing the install documents asked something');
    await wb.command('Notifications: Clear All Notifications');
  });
});
