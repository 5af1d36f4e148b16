// `npm run test:integration`: runs test/integration (mocha) inside a real VS Code extension host.
// Here that host is code-server's, opened in headless Chromium with the `payload` URL; on machines
// that can download VS Code, scripts/vscode-test/run-electron.ts runs the same suite.
// Exits non-zero when mocha fails, when the result never arrives, or when the tools are missing.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureCodeServer, payloadUrl, repoRoot, stageExtension, startCodeServer, tempDir, type CodeServer } from './code-server';

const TIMEOUT_MS = Number(process.env.BR_INTEGRATION_TIMEOUT_MS ?? 240_000);

interface Result {
  passed: number;
  failed: number;
  pending?: number;
  output: string;
  failures?: string[];
}

async function main(): Promise<number> {
  try {
    ensureCodeServer();
  } catch (err) {
    process.stderr.write(`test:integration: ${(err as Error).message}\n`);
    return 2;
  }
  const outDir = resolve(repoRoot, process.env.BR_OUT ?? 'out');
  const distDir = resolve(repoRoot, process.env.BR_DIST ?? 'dist');
  const testsEntry = join(outDir, 'test', 'integration', 'index.js');
  if (!existsSync(testsEntry)) {
    process.stderr.write(`test:integration: ${testsEntry} is missing (npm run compile-tests)\n`);
    return 2;
  }
  const base = tempDir('it');
  const extDir = stageExtension(distDir, join(base, 'extension'));
  const workspace = join(base, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'integration', 'workspace'), workspace, { recursive: true });
  const bridgeDir = join(base, 'bridge');
  mkdirSync(bridgeDir, { recursive: true, mode: 0o700 });
  const resultFile = join(base, 'result.json');
  const env = {
    BLAST_RADIUS_BRIDGE_DIR: bridgeDir,
    BLAST_RADIUS_AUDIT_LOG: join(base, 'audit.jsonl'),
    // The editor's reviewer key is registered in XDG state, and no real system anchor may apply.
    XDG_STATE_HOME: join(base, 'state'),
    BLAST_RADIUS_SYSTEM_DIR: join(base, 'no-system-root'),
    BR_INTEGRATION_RESULT: resultFile,
    BR_REPO: repoRoot,
    BR_CLI: join(distDir, 'cli.js'),
    BR_BENCH_FILE: process.env.BR_BENCH_FILE ?? join(repoRoot, 'bench-results', 'extension-activation.json'),
    BR_GREP: process.env.BR_GREP ?? '',
  };
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ workspace, env, settings: { 'blastRadius.hookTimeoutSeconds': 120 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(payloadUrl(server, workspace, extDir, testsEntry));
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(resultFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(resultFile)) {
      await page.screenshot({ path: join(repoRoot, 'test-results', 'integration-timeout.png') }).catch(() => undefined);
      process.stderr.write(`test:integration: no result within ${TIMEOUT_MS / 1000} s.\ncode-server output:\n${server.output().slice(-4000)}\n${pageErrors.join('\n')}\n`);
      return 1;
    }
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as Result;
    process.stdout.write(result.output);
    process.stdout.write(`\nintegration (code-server ${'4.100.3'} extension host): ${result.passed} passing, ${result.failed} failing\n`);
    return result.failed > 0 || result.passed === 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`test:integration: ${(err as Error).stack ?? String(err)}\n${server?.output().slice(-4000) ?? ''}\n`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (!process.env.BR_KEEP) rmSync(base, { recursive: true, force: true });
    else writeFileSync(join(base, 'KEPT'), '');
  }
}

mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`test:integration: ${String(err)}\n`);
    process.exit(1);
  },
);
