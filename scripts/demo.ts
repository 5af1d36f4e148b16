// `npm run demo`: code-server on 127.0.0.1 with the packaged extension and the demo workspace (a
// small service with Terraform for dev and prod), then a scripted agent that goes through the real
// hook command (`blast-radius hook claude`, as Claude Code calls it):
//   1. a targeted one-line fix            → low, allowed, status bar only
//   2. a plan to "delete and recreate the environment" with terraform destroy in prod → critical
//   3. an edit of .vscode/settings.json that turns on auto-approve → critical (guard tampering)
// Open the printed URL to see and answer each dialog. With --headless (or BR_DEMO_HEADLESS=1) a
// headless Chromium opens it instead, saves screenshots to test-results/demo/ and answers Deny.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, repoRoot, startCodeServer, tempDir, type CodeServer } from './vscode-test/code-server';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || process.env.BR_DEMO_HEADLESS === '1';
const portArg = args.find((a) => a.startsWith('--port='));
const SHOTS = join(repoRoot, 'test-results', 'demo');

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
}

const STEPS: Step[] = [
  { title: 'a targeted one-line fix in src/report.py', tool: 'Edit', input: (ws) => ({ file_path: join(ws, 'src', 'report.py'), old_string: 'return round(total, 1)', new_string: 'return round(total, 2)', replace_all: false }) },
  { title: 'a plan: "delete and recreate the environment" with terraform destroy in prod', tool: 'ExitPlanMode', input: () => ({ plan: PLAN }) },
  { title: 'turning on auto-approve in .vscode/settings.json', tool: 'Write', input: (ws) => ({ file_path: join(ws, '.vscode', 'settings.json'), content: '{\n  "chat.tools.autoApprove": true\n}\n' }) },
];

function hook(ws: string, bridgeDir: string, step: Step): Promise<{ decision: string; reason: string }> {
  const payload = { session_id: 'demo', transcript_path: '/dev/null', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: step.tool, tool_input: step.input(ws), tool_use_id: `demo-${Date.now()}` };
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'hook', 'claude', '--timeout', '600'], { cwd: ws, env: { ...process.env, BLAST_RADIUS_BRIDGE_DIR: bridgeDir }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(JSON.stringify(payload));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res) => {
    child.on('close', (code) => {
      if (code === 2) return res({ decision: 'deny', reason: err.trim() });
      try {
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }).hookSpecificOutput;
        res({ decision: h?.permissionDecision ?? (code === 0 ? 'allow' : `exit ${code}`), reason: h?.permissionDecisionReason ?? err.trim() });
      } catch {
        res({ decision: `unreadable answer (exit ${code})`, reason: out + err });
      }
    });
  });
}

async function answerHeadless(page: Page, n: number, answered: Promise<unknown>): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  const shown = await Promise.race([dialog.waitFor({ timeout: 60_000 }).then(() => true), answered.then(() => false)]);
  if (!shown) {
    await new Promise((r) => setTimeout(r, 500));
    await page.screenshot({ path: join(SHOTS, `${n}-no-dialog.png`) });
    return;
  }
  await page.screenshot({ path: join(SHOTS, `${n}-dialog.png`) });
  await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
}

async function main(): Promise<void> {
  const vsix = join(repoRoot, 'blast-radius.vsix');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package (npm run demo does)`);
  const base = tempDir('demo');
  const ws = join(base, 'cost-reports');
  cpSync(join(repoRoot, 'demo', 'workspace'), ws, { recursive: true });
  // A real repository, so the one-line fix is a tracked, recoverable change.
  const git = (...a: string[]): void => void spawnSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', ...a], { cwd: ws, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'cost-reports');
  const bridgeDir = join(base, 'bridge');
  mkdirSync(bridgeDir, { recursive: true, mode: 0o700 });
  const env = { BLAST_RADIUS_BRIDGE_DIR: bridgeDir, BLAST_RADIUS_AUDIT_LOG: join(base, 'audit.jsonl'), BLAST_RADIUS_REVIEWS_DIR: join(base, 'reviews') };
  const server: CodeServer = await startCodeServer({ workspace: ws, env, vsix, settings: { 'blastRadius.hookTimeoutSeconds': 600 }, ...(portArg ? { port: Number(portArg.slice(7)) } : {}) });
  const url = `${server.url}/?folder=${encodeURIComponent(ws)}`;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.stdout.write(`\nBlast Radius demo\n  open: ${url}\n  workspace: ${ws}\n  audit log: ${env.BLAST_RADIUS_AUDIT_LOG}\n\n`);
  if (headless) {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(url);
  } else process.stdout.write('Waiting for the window to open (the extension starts its bridge when it does)…\n');
  while (!readdirSync(bridgeDir).some((f) => f.endsWith('.json'))) await new Promise((r) => setTimeout(r, 300));
  await new Promise((r) => setTimeout(r, 1500));

  for (const [i, step] of STEPS.entries()) {
    process.stdout.write(`agent → ${step.tool}: ${step.title}\n`);
    const answered = hook(ws, bridgeDir, step);
    if (page) await answerHeadless(page, i + 1, answered);
    const r = await answered;
    process.stdout.write(`   the agent was told: ${r.decision.toUpperCase()}${r.reason ? `: ${r.reason}` : ''}\n\n`);
    // Like the agent, carry out what was allowed (only the edit is ever applied here).
    if (r.decision === 'allow' && step.tool === 'Edit') {
      const { file_path, old_string, new_string } = step.input(ws) as { file_path: string; old_string: string; new_string: string };
      writeFileSync(file_path, readFileSync(file_path, 'utf8').replace(old_string, new_string));
      process.stdout.write(`   (the agent applied the fix to ${file_path})\n\n`);
    }
    if (page) await page.screenshot({ path: join(SHOTS, `${i + 1}-after.png`) });
  }
  if (headless) {
    process.stdout.write(`screenshots: ${resolve(SHOTS)}\n`);
    await stop();
    return;
  }
  process.stdout.write(`Demo finished. code-server keeps running at ${url}; Ctrl-C stops it.\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
