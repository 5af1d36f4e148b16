// `npm run demo`: code-server on 127.0.0.1 with the packaged extension and the demo workspace (a
// small service with Terraform for dev and prod), then a scripted agent that goes through the real
// hook command (`blast-radius hook claude`, as Claude Code calls it):
//   1. a targeted one-line fix            → low, allowed, status bar only
//   2. a plan to "delete and recreate the environment" with `cd infra/prod; terraform destroy`
//                                         → critical, environment prod: decision panel, peer review;
//                                           "Asked for: fix the rounding bug in the cost report" (the
//                                           scripted agent's transcript) beside the teardown
//   3. a write that turns on auto-approve in .vscode/settings.json → critical (guard tampering)
// Open the printed URL to see and answer each question. With --headless (or BR_DEMO_HEADLESS=1) a
// headless Chromium opens it instead, saves screenshots to test-results/demo/, requests a peer
// review for the plan and denies the write.
// Everything runs in one temp folder with its own HOME, XDG folders, audit log, bridge and review
// folders (removed at the end); the user's real state folders are fingerprinted before and after,
// and the demo fails if they changed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { isolate, realUserEnv, stateChanges, userStateDigest, userStatePaths } from './isolation';
import { launchChromium, repoRoot, startCodeServer, type CodeServer } from './vscode-test/code-server';
import { webviewFrame, webviewShows } from './vscode-test/webview';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || process.env.BR_DEMO_HEADLESS === '1';
const portArg = args.find((a) => a.startsWith('--port='));
const SHOTS = resolve(process.env.BR_DEMO_SHOTS ?? join(repoRoot, 'test-results', 'demo'));
const STATUS_ID = 'blast-radius.blast-radius.blastRadius.status';

const PLAN = `## Fix the rounding bug in the cost report

The cached totals are wrong everywhere, so the cleanest fix is to delete and recreate the environment.

\`\`\`sh
cd infra/prod
terraform destroy -auto-approve
terraform apply -auto-approve
\`\`\`
`;

interface Step {
  title: string;
  tool: string;
  input: (ws: string) => Record<string, unknown>;
  /** What the headless run does in the decision panel. */
  answer?: 'peer' | 'deny';
}

const STEPS: Step[] = [
  {
    title: 'a targeted one-line fix in src/report.py',
    tool: 'Edit',
    input: (ws) => ({
      file_path: join(ws, 'src', 'report.py'),
      old_string: 'return round(total, 1)',
      new_string: 'return round(total, 2)',
      replace_all: false,
    }),
  },
  {
    title: 'a plan: "delete and recreate the environment" (cd infra/prod; terraform destroy)',
    tool: 'ExitPlanMode',
    input: () => ({ plan: PLAN }),
    answer: 'peer',
  },
  {
    title: 'turning on auto-approve in .vscode/settings.json',
    tool: 'Write',
    input: (ws) => ({ file_path: join(ws, '.vscode', 'settings.json'), content: '{\n  "chat.tools.autoApprove": true\n}\n' }),
    answer: 'deny',
  },
];

/** What the person asked the scripted agent, as Claude Code keeps it: the session's JSONL transcript. */
const ASKED = 'fix the rounding bug in the cost report';

/** Writes the scripted agent's transcript where Claude Code keeps one (~/.claude/projects/<cwd, / → ->/<session>.jsonl). */
function writeTranscript(home: string, ws: string): string {
  const dir = join(home, '.claude', 'projects', ws.replace(/[/.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'demo-session.jsonl');
  const at = new Date().toISOString();
  const lines = [
    { type: 'queue-operation', operation: 'enqueue', timestamp: at, sessionId: 'demo', content: ASKED },
    {
      parentUuid: null,
      isSidechain: false,
      type: 'user',
      message: { role: 'user', content: ASKED },
      uuid: 'demo-1',
      timestamp: at,
      cwd: ws,
      sessionId: 'demo',
    },
    { type: 'last-prompt', lastPrompt: ASKED, sessionId: 'demo' },
  ];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

function hook(ws: string, env: NodeJS.ProcessEnv, step: Step, transcript: string): Promise<{ decision: string; reason: string }> {
  const payload = {
    session_id: 'demo',
    transcript_path: transcript,
    cwd: ws,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: step.tool,
    tool_input: step.input(ws),
    tool_use_id: `demo-${Date.now()}`,
  };
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'hook', 'claude', '--timeout', '600'], {
    cwd: ws,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(JSON.stringify(payload));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res) => {
    child.on('close', (code) => {
      if (code === 2) return res({ decision: 'deny', reason: err.trim() });
      try {
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } })
          .hookSpecificOutput;
        res({ decision: h?.permissionDecision ?? (code === 0 ? 'allow' : `exit ${code}`), reason: h?.permissionDecisionReason ?? err.trim() });
      } catch {
        res({ decision: `unreadable answer (exit ${code})`, reason: out + err });
      }
    });
  });
}

async function answerHeadless(page: Page, n: number, step: Step, answered: Promise<unknown>): Promise<void> {
  const shown = await Promise.race([webviewFrame(page, '#headline', { timeout: 60_000 }).then((f) => f), answered.then(() => undefined)]);
  if (!shown) {
    await new Promise((r) => setTimeout(r, 800));
    await page.screenshot({ path: join(SHOTS, `${n}-no-question.png`) });
    return;
  }
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: join(SHOTS, `${n}-decision-panel.png`) });
  // What the person reads, as the page shows it.
  const text = async (sel: string): Promise<string> =>
    (
      await shown
        .locator(sel)
        .first()
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .trim();
  process.stdout.write(`   the decision panel: ${await text('.chip')} · ${await text('#headline')}\n`);
  const asked = await text('#asked-for');
  if (asked) process.stdout.write(`   Asked for: ${asked} · About to do: ${await text('#about-to-do')}\n`);
  const scopeNote = await text('#scope-note');
  if (scopeNote) process.stdout.write(`   ${scopeNote}\n`);
  const env = await text('.facts li:has-text("Environment:")');
  if (env) process.stdout.write(`   ${env}\n`);
  const why = await text('#why');
  if (why) process.stdout.write(`   ${why}\n`);
  if (step.answer === 'peer') {
    await shown.getByRole('button', { name: 'Request peer review…', exact: true }).click();
    const link = await webviewFrame(page, '#link', { timeout: 20_000 });
    await link.getByRole('button', { name: 'Copy link', exact: true }).click();
    await new Promise((r) => setTimeout(r, 500));
    await page.screenshot({ path: join(SHOTS, `${n}-review-link.png`) });
  } else {
    await shown.getByRole('button', { name: 'Deny', exact: true }).click();
  }
}

async function main(): Promise<number> {
  const vsix = join(repoRoot, 'blast-radius.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package (npm run demo does)`);
  const realEnv = { ...realUserEnv(process.env) };
  const before = userStateDigest(realEnv);
  const iso = isolate('demo', undefined, { gitIdentity: { name: 'Demo Developer', email: 'dev@example.com' } });
  const ws = join(iso.root, 'cost-reports');
  cpSync(join(repoRoot, 'demo', 'workspace'), ws, { recursive: true });
  const env = { ...iso.env, BLAST_RADIUS_REVIEWS_DIR: join(iso.root, 'reviews') };
  // A real repository, so the one-line fix is a tracked, recoverable change.
  const git = (...a: string[]): void =>
    void spawnSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', ...a], { cwd: ws, stdio: 'ignore', env: { ...process.env, ...env } });
  git('init', '-q', '-b', 'main');
  // The developer's identity in this repo: a peer-review request must name who asks (the isolated
  // HOME has no global git config, so without it "Request peer review…" is refused).
  git('config', 'user.name', 'Demo Developer');
  git('config', 'user.email', 'demo@example.com');
  git('add', '-A');
  git('commit', '-q', '-m', 'cost-reports');
  // The scripted agent was asked for a fix: its transcript says so, as a real agent's would.
  const transcript = writeTranscript(env.HOME, ws);

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await browser?.close().catch(() => undefined);
    await server?.stop();
    iso.remove();
    process.stdout.write(`code-server has stopped; the demo's temp folder ${iso.root} is removed.\n`);
  };
  const verify = (): number => {
    const changes = stateChanges(before, userStateDigest(realEnv));
    if (changes.length) {
      process.stderr.write(`demo: your real state changed (this is a bug):\n  ${changes.join('\n  ')}\n`);
      return 1;
    }
    process.stdout.write(
      `Your own state is untouched: ${userStatePaths(realEnv).filter((p) => p.startsWith(realEnv.HOME ?? '/')).length} places under ${realEnv.HOME} are byte-identical to before the demo.\n`,
    );
    return 0;
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(verify() || 130)));

  try {
    server = await startCodeServer({
      workspace: ws,
      env,
      vsix,
      settings: { 'blastRadius.hookTimeoutSeconds': 600, 'workbench.colorTheme': 'Default Dark Modern' },
      ...(portArg ? { port: Number(portArg.slice(7)) } : {}),
    });
    const url = `${server.url}/?folder=${encodeURIComponent(ws)}`;
    process.stdout.write(`\nBlast Radius demo\n  open: ${url}\n  workspace: ${ws}\n  audit log: ${env.BLAST_RADIUS_AUDIT_LOG}\n\n`);
    let page: Page | undefined;
    if (headless) {
      mkdirSync(SHOTS, { recursive: true });
      browser = await launchChromium(iso.env);
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      page = await context.newPage();
      await page.goto(url);
    } else process.stdout.write('Waiting for the window to open (the extension starts its bridge when it does)…\n');
    while (!readdirSync(env.BLAST_RADIUS_BRIDGE_DIR).some((f) => f.endsWith('.json'))) await new Promise((r) => setTimeout(r, 300));
    await new Promise((r) => setTimeout(r, 1500));

    for (const [i, step] of STEPS.entries()) {
      process.stdout.write(`agent → ${step.tool}: ${step.title}\n`);
      const answered = hook(ws, env, step, transcript);
      if (page) await answerHeadless(page, i + 1, step, answered);
      const r = await answered;
      process.stdout.write(`   the agent was told: ${r.decision.toUpperCase()}${r.reason ? `: ${r.reason}` : ''}\n\n`);
      // Like the agent, carry out what was allowed (only the edit is ever applied here).
      if (r.decision === 'allow' && step.tool === 'Edit') {
        const { file_path, old_string, new_string } = step.input(ws) as { file_path: string; old_string: string; new_string: string };
        writeFileSync(file_path, readFileSync(file_path, 'utf8').replace(old_string, new_string));
        process.stdout.write(`   (the agent applied the fix to ${relative(ws, file_path)})\n\n`);
      }
      if (page) {
        await page.locator(`[id="${STATUS_ID}"]`).waitFor({ timeout: 10_000 });
        await new Promise((r) => setTimeout(r, 600));
        await page.screenshot({ path: join(SHOTS, `${i + 1}-after.png`) });
      }
    }
    const log = existsSync(env.BLAST_RADIUS_AUDIT_LOG) ? readFileSync(env.BLAST_RADIUS_AUDIT_LOG, 'utf8').trim().split('\n').filter(Boolean) : [];
    process.stdout.write(`audit log: ${log.length} decision${log.length === 1 ? '' : 's'} recorded in ${env.BLAST_RADIUS_AUDIT_LOG}\n`);
    if (page) {
      // Every decision is listed, the allowed fix too; then the demo's own audit log in the editor.
      await page.locator(`[id="${STATUS_ID}"]`).click();
      await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SHOTS, '4-recent-decisions.png') });
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Blast Radius: Open Audit Log');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Audit Log' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tab', { hasText: 'audit.jsonl' }).first().waitFor({ timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 800));
      await page.screenshot({ path: join(SHOTS, '5-audit-log.png') });
      if (await webviewShows(page, '#headline')) throw new Error('a decision panel is still on screen after every question ended');
      process.stdout.write(`screenshots: ${SHOTS}\n`);
    }
    if (!headless) {
      process.stdout.write(`Demo finished. code-server keeps running at ${url}; Ctrl-C stops it and removes the temp folder.\n`);
      await new Promise(() => undefined);
    }
  } finally {
    await stop();
  }
  return verify();
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
