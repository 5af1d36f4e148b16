// The end-to-end harness: code-server with the packaged .vsix installed, Debian's Chromium driven
// by playwright-core, the real hook command run as Claude Code runs it. Screenshots of each state
// go to test-results/e2e/ (kept, git-ignored) so a person can look at what the test saw.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, repoRoot, startCodeServer, tempDir, type CodeServer } from '../../scripts/vscode-test/code-server';

export const SHOTS = join(repoRoot, 'test-results', 'e2e');
export const STATUS_ID = 'blast-radius.blast-radius.blastRadius.status';

export interface Workbench {
  page: Page;
  server: CodeServer;
  workspace: string;
  bridgeDir: string;
  status(): Locator;
  dialog(): Locator;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openWorkbench(): Promise<Workbench> {
  const vsix = resolve(process.env.BR_VSIX ?? join(repoRoot, 'blast-radius.vsix'));
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing (npm run package)`);
  const base = tempDir('e2e');
  const workspace = join(base, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'integration', 'workspace'), workspace, { recursive: true });
  const bridgeDir = join(base, 'bridge');
  mkdirSync(bridgeDir, { recursive: true, mode: 0o700 });
  mkdirSync(SHOTS, { recursive: true });
  const env = { BLAST_RADIUS_BRIDGE_DIR: bridgeDir, BLAST_RADIUS_AUDIT_LOG: join(base, 'audit.jsonl'), BLAST_RADIUS_REVIEWS_DIR: join(base, 'reviews') };
  const server = await startCodeServer({ workspace, env, vsix, settings: { 'blastRadius.hookTimeoutSeconds': 170, 'workbench.colorTheme': 'Default Dark Modern' } });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const wb: Workbench = {
      page,
      server,
      workspace,
      bridgeDir,
      status: () => page.locator(`[id="${STATUS_ID}"]`),
      dialog: () => page.locator('.monaco-dialog-box'),
      shot: async (name) => void (await page.screenshot({ path: join(SHOTS, `${name}.png`) })),
      close: async () => {
        await browser?.close().catch(() => undefined);
        await server.stop();
      },
    };
    await wb.status().waitFor({ state: 'visible', timeout: 90_000 });
    // The bridge is up once the window's discovery file is there.
    const end = Date.now() + 30_000;
    while (!readdirSync(bridgeDir).some((f) => f.endsWith('.json')) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    return wb;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

export interface HookAnswer {
  decision: string;
  reason: string;
  exitCode: number | null;
}

/** Runs `blast-radius hook claude` (the built dist/cli.js) with a Claude Code PreToolUse payload. */
export function claudeHook(wb: Workbench, toolName: string, toolInput: Record<string, unknown>): Promise<HookAnswer> {
  const cli = resolve(repoRoot, process.env.BR_DIST ?? 'dist', 'cli.js');
  const payload = { session_id: 'e2e', transcript_path: '/dev/null', cwd: wb.workspace, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: toolName, tool_input: toolInput, tool_use_id: `e2e-${Date.now()}` };
  const child = spawn(process.execPath, [cli, 'hook', 'claude', '--timeout', '170'], { cwd: wb.workspace, env: { ...process.env, BLAST_RADIUS_BRIDGE_DIR: wb.bridgeDir }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(JSON.stringify(payload));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 2) return resolvePromise({ decision: 'deny', reason: err.trim(), exitCode: code });
      try {
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }).hookSpecificOutput;
        // Exit 0 without a permissionDecision is Claude Code's "no objection": the tool runs.
        resolvePromise({ decision: h?.permissionDecision ?? (code === 0 ? 'allow' : `exit ${code}`), reason: h?.permissionDecisionReason ?? err.trim(), exitCode: code });
      } catch {
        reject(new Error(`hook exited ${code} with unreadable output: ${out}${err}`));
      }
    });
  });
}
