// The end-to-end harness: code-server with the packaged .vsix installed, Debian's Chromium driven
// by playwright-core, the real hook command run as Claude Code runs it. Everything (code-server,
// the extension host, Chromium, the hook processes) shares one isolated HOME, XDG folders, audit
// log and bridge folder, removed on close. Screenshots of each state go to test-results/e2e/
// (kept, git-ignored) so a person can look at what the test saw.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { isolate, type Isolation } from '../../scripts/isolation';
import { launchChromium, repoRoot, startCodeServer, type CodeServer } from '../../scripts/vscode-test/code-server';
import { webviewFrame, webviewShows } from '../../scripts/vscode-test/webview';

export const SHOTS = join(repoRoot, 'test-results', 'e2e');
export const STATUS_ID = 'blast-radius.blast-radius.blastRadius.status';

export interface Workbench {
  page: Page;
  server: CodeServer;
  workspace: string;
  iso: Isolation;
  status(): Locator;
  /** The decision panel's content (waits for it). */
  panel(text?: string | RegExp, timeout?: number): Promise<Frame>;
  /** True while a decision panel is on screen. */
  panelShows(): Promise<boolean>;
  /** The review-link panel's content. */
  linkPanel(timeout?: number): Promise<Frame>;
  /** Runs a command from the command palette by its title. */
  command(title: string): Promise<void>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The folder copied as the workspace (default: the integration fixture workspace). */
  workspaceFrom?: string;
  settings?: Record<string, unknown>;
}

export async function openWorkbench(opts: OpenOptions = {}): Promise<Workbench> {
  const vsix = resolve(process.env.BR_VSIX ?? join(repoRoot, 'blast-radius.vsix'));
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing (npm run package)`);
  const iso = isolate('e2e', undefined, { gitIdentity: { name: 'Alice Tester', email: 'alice@example.com' } });
  const workspace = join(iso.root, 'workspace');
  cpSync(opts.workspaceFrom ?? join(repoRoot, 'test', 'fixtures', 'integration', 'workspace'), workspace, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  const env = { ...iso.env, BLAST_RADIUS_REVIEWS_DIR: join(iso.root, 'reviews') };
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      workspace,
      env,
      vsix,
      settings: { 'blastRadius.hookTimeoutSeconds': 170, 'workbench.colorTheme': 'Default Dark Modern', ...opts.settings },
    });
    browser = await launchChromium(iso.env);
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const srv = server;
    const br = browser;
    const wb: Workbench = {
      page,
      server: srv,
      workspace,
      iso,
      status: () => page.locator(`[id="${STATUS_ID}"]`),
      panel: (text, timeout) => webviewFrame(page, '#headline', { ...(text !== undefined ? { text } : {}), ...(timeout ? { timeout } : {}) }),
      panelShows: () => webviewShows(page, '#headline'),
      linkPanel: (timeout) => webviewFrame(page, '#link', { ...(timeout ? { timeout } : {}) }),
      command: async (title) => {
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ timeout: 10_000 });
        await input.fill(`>${title}`);
        await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
        await input.press('Enter');
      },
      shot: async (name) => void (await page.screenshot({ path: join(SHOTS, `${name}.png`) })),
      close: async () => {
        await br.close().catch(() => undefined);
        await srv.stop();
        iso.remove();
      },
    };
    await wb.status().waitFor({ state: 'visible', timeout: 90_000 });
    // The bridge is up once the window's discovery file is there.
    const end = Date.now() + 30_000;
    while (!readdirSync(iso.env.BLAST_RADIUS_BRIDGE_DIR).some((f) => f.endsWith('.json')) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    return wb;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    iso.remove();
    throw err;
  }
}

export interface HookAnswer {
  decision: string;
  reason: string;
  exitCode: number | null;
}

/** Runs `blast-radius hook claude` (the built dist/cli.js) with a Claude Code PreToolUse payload, in the workbench's isolated environment. */
export function claudeHook(
  wb: Workbench,
  toolName: string,
  toolInput: Record<string, unknown>,
  opts: { timeoutSeconds?: number; cwd?: string } = {},
): Promise<HookAnswer> {
  const cli = resolve(repoRoot, process.env.BR_DIST ?? 'dist', 'cli.js');
  const cwd = opts.cwd ?? wb.workspace;
  const payload = {
    session_id: 'e2e',
    transcript_path: '/dev/null',
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: toolName,
    tool_input: toolInput,
    tool_use_id: `e2e-${Date.now()}`,
  };
  const child = spawn(process.execPath, [cli, 'hook', 'claude', '--timeout', String(opts.timeoutSeconds ?? 170)], {
    cwd,
    env: { ...process.env, ...wb.iso.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
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
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } })
          .hookSpecificOutput;
        // Exit 0 without a permissionDecision is Claude Code's "no objection": the tool runs.
        resolvePromise({
          decision: h?.permissionDecision ?? (code === 0 ? 'allow' : `exit ${code}`),
          reason: h?.permissionDecisionReason ?? err.trim(),
          exitCode: code,
        });
      } catch {
        reject(new Error(`hook exited ${code} with unreadable output: ${out}${err}`));
      }
    });
  });
}
