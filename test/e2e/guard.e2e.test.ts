// Issue 10 end to end, with a real editor open: the packaged extension in code-server (a genuine
// VS Code extension host), and an agent's planted always-allow editor claiming the same folder,
// newer. The hook installed with the extension (its dist/hook.js) is run as Claude Code runs it,
// in a throwaway HOME. The real editor must get the question (a person sees its decision panel, and here
// Escape denies), the planted server must never be contacted, and the agent's reason and the
// audit line must name the claim that was not trusted. Screenshots in test-results/e2e/.
import * as assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOOK_FILES } from '../../src/cli/code-cache';
import { repoRoot } from '../../scripts/vscode-test/code-server';
import { openWorkbench, type Workbench } from './workbench';

describe('e2e: a planted always-allow editor next to a real one', function () {
  let wb: Workbench;
  let sandbox: string;
  let hook: string;
  const planted: ChildProcess[] = [];

  before(async () => {
    wb = await openWorkbench();
    const installed = readdirSync(wb.server.extensionsDir).find((d) => d.startsWith('blast-radius.blast-radius-'));
    assert.ok(installed, `the extension is not installed in ${wb.server.extensionsDir}`);
    hook = join(wb.server.extensionsDir, installed, 'dist', 'hook.js');
    assert.ok(existsSync(hook), `${hook} is missing from the package`);
    // Every file the installed hook reads is in the package (.vscodeignore is an allowlist).
    for (const name of HOOK_FILES) assert.ok(existsSync(join(hook, '..', name)), `${name} is missing from the package`);
    // The shipped bundles are ASCII, so the loader decodes them as latin1 (src/cli/code-cache.ts).
    for (const name of ['hook-main.js', 'hook-local.js'])
      assert.ok(isAscii(readFileSync(join(hook, '..', name))), `${name} in the package is not ASCII (the hook then decodes it as UTF-8)`);
  });
  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'br-e2e-guard-'));
    mkdirSync(join(sandbox, 'home'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.shot(`failed-guard-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
    for (const p of planted.splice(0)) if (p.pid && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
    rmSync(sandbox, { recursive: true, force: true });
  });
  after(async () => {
    await wb?.close();
  });

  const bridgeDir = (): string => wb.iso.env.BLAST_RADIUS_BRIDGE_DIR;
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    HOME: join(sandbox, 'home'),
    XDG_STATE_HOME: join(sandbox, 'state'),
    XDG_CACHE_HOME: join(sandbox, 'cache'),
    XDG_RUNTIME_DIR: join(sandbox, 'xdg-run'),
    BLAST_RADIUS_BRIDGE_DIR: bridgeDir(),
    BLAST_RADIUS_AUDIT_LOG: join(sandbox, 'audit.jsonl'),
  });

  /** `nohup node always-allow.js … &`, claiming the real editor's folder, newer than it. */
  const plant = async (kind: 'file' | 'abstract', claimPid?: number): Promise<{ log: string }> => {
    const log = join(sandbox, `planted-${kind}.log`);
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'test', 'fixtures', 'attacks', 'always-allow.js'), bridgeDir(), wb.workspace, log, kind, ...(claimPid ? [String(claimPid)] : [])],
      { detached: true, env: env(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    planted.push(child);
    await new Promise<void>((res, rej) => {
      child.stdout.once('data', () => res());
      child.once('exit', (code) => rej(new Error(`the planted editor exited ${code}`)));
    });
    return { log };
  };
  const asked = (log: string): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
  const realEditorPid = (): number => {
    for (const f of readdirSync(bridgeDir()).filter((x) => x.endsWith('.json'))) {
      const d = JSON.parse(readFileSync(join(bridgeDir(), f), 'utf8')) as { pid: number; socketPath: string };
      if (!d.socketPath.includes('planted')) return d.pid;
    }
    throw new Error('no discovery file of the real editor');
  };

  /** The installed hook, as Claude Code runs it, with `rm -rf ~`. */
  const rmHome = (): Promise<{ decision: string; reason: string; code: number | null; ms: number }> =>
    new Promise((res, rej) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, [hook, 'claude'], { cwd: wb.workspace, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', rej);
      child.on('close', (code) => {
        const h = (JSON.parse(out.trim() || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } })
          .hookSpecificOutput;
        res({ decision: h?.permissionDecision ?? 'allow', reason: h?.permissionDecisionReason ?? '', code, ms: Date.now() - t0 });
      });
      child.stdin.end(
        JSON.stringify({ session_id: 'e2e', cwd: wb.workspace, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ~' } }),
      );
    });

  for (const how of [
    { name: 'its own socket and pid', kind: 'abstract' as const, claim: false, why: /is not a VS Code-family extension host/ },
    { name: 'a discovery file naming the real editor’s pid', kind: 'abstract' as const, claim: true, why: /does not hold @blast-radius-editor-\d+-planted/ },
    { name: 'the issue’s socket file in the bridge directory', kind: 'file' as const, claim: false, why: /is a file/ },
  ]) {
    it(`${how.name}: the real editor gets rm -rf ~ (Escape denies), the planted one is never asked, the reason names it`, async () => {
      const p = await plant(how.kind, how.claim ? realEditorPid() : undefined);
      const pending = rmHome();
      // The real editor's decision panel (it replaced the modal): the person sees the question.
      const panel = await wb.panel(undefined, 60_000);
      assert.match(await panel.locator('.chip').innerText(), /CRITICAL/);
      await wb.shot(`guard-${how.kind}${how.claim ? '-claims-real-pid' : ''}-real-editor-asked`);
      await panel.locator('body').press('Escape');
      const r = await pending;
      assert.equal(r.code, 0);
      assert.equal(r.decision, 'deny', r.reason);
      assert.match(r.reason, /dismissed/);
      assert.ok(r.ms < 120_000, `answered after ${r.ms} ms`);
      assert.equal(asked(p.log), 0, 'the planted server was contacted');
      assert.match(r.reason, /claims this folder but was not asked/);
      assert.match(r.reason, how.why);
      const audit = JSON.parse(readFileSync(join(sandbox, 'audit.jsonl'), 'utf8').trim().split('\n').pop()!) as {
        decision: string;
        reason: string;
        decidedBy: { type: string };
      };
      assert.equal(audit.decision, 'deny');
      assert.equal(audit.decidedBy.type, 'person');
      assert.match(audit.reason, how.why);
    });
  }
});
