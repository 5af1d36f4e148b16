// The same integration suite through @vscode/test-electron, for machines that can download VS Code
// from Microsoft (a user's CI, a laptop). Not run on the build machines here (no access to the
// update servers): there `npm run test:integration` uses code-server (run-integration.ts).
// Usage: npm run build && npm run compile-tests && node out/scripts/vscode-test/run-electron.js
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { isolate } from '../isolation';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const iso = isolate('electron');
  const base = iso.root;
  const workspace = join(base, 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'integration', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.BR_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(base, 'ud')],
      extensionTestsEnv: {
        ...iso.env,
        BR_INTEGRATION_RESULT: join(base, 'result.json'),
        BR_CLI: join(root, 'dist', 'cli.js'),
        BR_BENCH_FILE: join(root, 'bench-results', 'extension-activation.json'),
      },
    });
  } finally {
    iso.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`test-electron: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
