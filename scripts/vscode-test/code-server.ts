// Starts and stops code-server (VS Code for the browser, installed by install-code-server.sh) and
// headless Chromium for the integration runner, the end-to-end tests and the demo. Everything binds
// to 127.0.0.1, runs with its own HOME and XDG folders (code-server writes its config, logs and a
// device id there; the extension its audit log and bridge files), lives in temp dirs removed on
// stop, and is killed by process group when the caller is done.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { HOOK_FILES } from '../../src/cli/code-cache';
import { isolate, realTmpdir } from '../isolation';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(__dirname, '..', '..').replace(/[\\/]out(-[^\\/]+)?$/, '');
const installDir = join(repoRoot, '.vscode-test', 'code-server');
const entry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.BR_CHROMIUM ?? '/usr/bin/chromium';

/** Installs code-server (and the system packages) when missing; throws one clear line when it cannot. */
export function ensureCodeServer(): void {
  if (existsSync(join(installDir, `.installed-${CODE_SERVER_VERSION}`)) && existsSync(CHROMIUM)) return;
  // stdin passes through: setup-system.sh asks before it installs system packages.
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'vscode-test', 'install-code-server.sh')], { stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(
      `cannot install code-server ${CODE_SERVER_VERSION} and chromium for the extension tests (exit ${r.status}; see the lines above and test-results/*.log)`,
    );
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM} (apt-get install chromium, or set BR_CHROMIUM)`);
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(realTmpdir(), `br-${prefix}-`));
}

/**
 * Copies the extension as it ships (package.json, dist/ bundles and vendor/, media/) into a folder, so a
 * run uses one consistent build even while others rebuild dist/ in the same tree.
 */
export function stageExtension(distDir: string, into: string): string {
  mkdirSync(join(into, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(into, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const f of ['extension.js', 'extension.js.map', 'extension-core.js', 'extension-core.js.map', 'cli.js', ...HOOK_FILES]) {
    if (existsSync(join(distDir, f))) cpSync(join(distDir, f), join(into, 'dist', f));
  }
  // The libraries the bundles require on demand (see esbuild.config.mjs).
  if (existsSync(join(distDir, 'vendor'))) cpSync(join(distDir, 'vendor'), join(into, 'dist', 'vendor'), { recursive: true });
  if (!existsSync(join(into, 'dist', 'extension.js'))) throw new Error(`no extension build in ${distDir} (npm run build)`);
  if (existsSync(join(repoRoot, 'media'))) cpSync(join(repoRoot, 'media'), join(into, 'media'), { recursive: true });
  return into;
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  workspace: string;
  env?: NodeJS.ProcessEnv;
  /** A .vsix to install before starting. */
  vsix?: string;
  /** User settings written before start. */
  settings?: Record<string, unknown>;
  port?: number;
  log?: (line: string) => void;
}

function codeServerArgs(userDataDir: string, extensionsDir: string): string[] {
  return ['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  ensureCodeServer();
  const iso = isolate('cs');
  const base = iso.root;
  const userDataDir = join(base, 'ud');
  const extensionsDir = join(base, 'ext');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'workbench.tips.enabled': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  // Its own HOME and XDG folders unless the caller gives them (then the caller's, shared with the
  // hook processes it starts): code-server, the extension host and its terminals never see the user's.
  const env = { ...process.env, ...iso.env, ...opts.env };
  if (opts.vsix) {
    const r = spawnSync(process.execPath, [entry, ...codeServerArgs(userDataDir, extensionsDir), '--install-extension', opts.vsix], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`code-server --install-extension failed: ${r.stderr || r.stdout}`);
  }
  const port = opts.port ?? (await freePort());
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...codeServerArgs(userDataDir, extensionsDir), opts.workspace],
    {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const onData = (d: Buffer): void => {
    const s = d.toString();
    out += s;
    if (out.length > 1 << 20) out = out.slice(-(1 << 19));
    opts.log?.(s);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    iso.remove();
  };
  // Wait until the server answers its health check.
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`code-server exited before it was ready:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, userDataDir, extensionsDir, output: () => out, stop };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Chromium with `env` (an isolated HOME: Chromium keeps its NSS database and crash reports there). */
export function launchChromium(env: NodeJS.ProcessEnv): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: { ...process.env, ...env } });
}

/** The workbench URL that runs a mocha suite in the remote extension host (the `payload` query parameter of the browser workbench). */
export function payloadUrl(server: CodeServer, workspace: string, extensionPath: string, testsPath: string): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
  ]);
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
}
