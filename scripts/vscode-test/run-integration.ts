// `npm run test:integration`: runs test/integration (mocha) inside a real VS Code extension host.
// Here that host is code-server's, opened in headless Chromium with the `payload` URL; on machines
// that can download VS Code, scripts/vscode-test/run-electron.ts runs the same suite.
// Exits non-zero when mocha fails, when the result never arrives, or when the tools are missing.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { isolate, realUserEnv, stateChanges, userStateDigest } from '../isolation';
import { CODE_SERVER_VERSION, ensureCodeServer, launchChromium, payloadUrl, repoRoot, stageExtension, startCodeServer, type CodeServer } from './code-server';

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
  // The extension host, its hook processes and terminals get their own HOME, XDG folders, audit
  // log and bridge folder; the user's real ones are fingerprinted before and after.
  const realEnv = { ...realUserEnv(process.env) };
  const stateBefore = userStateDigest(realEnv);
  const iso = isolate('it', undefined, { gitIdentity: { name: 'Alice Tester', email: 'alice@example.com' } });
  const base = iso.root;
  const extDir = stageExtension(distDir, join(base, 'extension'));
  const workspace = join(base, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'integration', 'workspace'), workspace, { recursive: true });
  const resultFile = join(base, 'result.json');
  const env = {
    ...iso.env,
    // No real system anchor may apply to the test's audit log.
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
    browser = await launchChromium(iso.env);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(payloadUrl(server, workspace, extDir, testsEntry));
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(resultFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(resultFile)) {
      await page.screenshot({ path: join(repoRoot, 'test-results', 'integration-timeout.png') }).catch(() => undefined);
      process.stderr.write(
        `test:integration: no result within ${TIMEOUT_MS / 1000} s.\ncode-server output:\n${server.output().slice(-4000)}\n${pageErrors.join('\n')}\n`,
      );
      return 1;
    }
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as Result;
    process.stdout.write(result.output);
    process.stdout.write(`\nintegration (code-server ${CODE_SERVER_VERSION} extension host): ${result.passed} passing, ${result.failed} failing\n`);
    await browser.close().catch(() => undefined);
    await server.stop();
    const changes = stateChanges(stateBefore, userStateDigest(realEnv));
    if (changes.length) {
      process.stderr.write(`test:integration: the run changed the user's real state:\n  ${changes.slice(0, 20).join('\n  ')}\n`);
      return 1;
    }
    process.stdout.write(`user state untouched (${realEnv.HOME}): digest ${stateBefore.digest.slice(0, 12)} before and after\n`);
    return result.failed > 0 || result.passed === 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`test:integration: ${(err as Error).stack ?? String(err)}\n${server?.output().slice(-4000) ?? ''}\n`);
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (!process.env.BR_KEEP) iso.remove();
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
