// Entry the extension host calls (`extensionTestsPath`): runs every test/integration/*.test.js
// with mocha inside the real host, and writes the result to BR_INTEGRATION_RESULT so the runner
// outside (code-server + Chromium, or @vscode/test-electron) can report it and fail the build.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const lines: string[] = [];
  const failures: string[] = [];
  // The host's stdout goes nowhere useful (the browser host patches console): build the report
  // from the runner's events instead of a reporter.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'dot', ...(process.env.BR_GREP ? { grep: process.env.BR_GREP } : {}) });
  for (const f of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(__dirname, f));
  let passed = 0;
  let failed = 0;
  let pending = 0;
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('suite', (s) => {
        if (s.title) lines.push(`\n  ${s.title}`);
      });
      runner.on('pass', (t) => {
        passed++;
        lines.push(`    ✔ ${t.title} (${t.duration ?? 0} ms)`);
      });
      runner.on('pending', (t) => {
        pending++;
        lines.push(`    - ${t.title} (pending)`);
      });
      runner.on('fail', (t, err: Error) => {
        failed++;
        lines.push(
          `    ✘ ${t.title}\n      ${String(err.stack ?? err.message)
            .split('\n')
            .slice(0, 6)
            .join('\n      ')}`,
        );
        failures.push(`${t.fullTitle()}: ${err.message}`);
      });
    });
  } catch (err) {
    failed++;
    failures.push(`mocha crashed: ${(err as Error).stack ?? String(err)}`);
  }
  const file = process.env.BR_INTEGRATION_RESULT;
  if (file) writeFileSync(file, JSON.stringify({ passed, failed, pending, failures, output: `${lines.join('\n')}\n` }, null, 2));
  if (failed) throw new Error(`${failed} integration test(s) failed`);
}
