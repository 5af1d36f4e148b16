// `npm run examples`: assesses each demo input in examples/ with the built CLI (dist/cli.js,
// --no-facts so the answer does not depend on this machine) and prints the reports one after
// another, each under a header, then a one-line recap. The first thing a new user runs.
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Level } from '../src/engine';

export interface Example {
  title: string;
  /** Relative to the repository root. */
  file: string;
  /** An Action as JSON, fed to `assess -` on stdin, rather than a file whose kind is detected. */
  stdin?: boolean;
  /** The level the example is there to show (checked by test/unit/file/examples.test.ts). */
  expect: Level;
}

export const EXAMPLES: Example[] = [
  { title: 'The incident: a plan to "delete and recreate the environment" (terraform destroy in prod)', file: 'examples/teardown-plan.md', expect: 'critical' },
  { title: 'What the fix should have been: one line in the cost report', file: 'examples/targeted-fix.diff', expect: 'low' },
  { title: 'A Terraform plan that destroys and recreates the prod database', file: 'examples/terraform-replace-prod-db.json', expect: 'critical' },
  { title: 'A CloudFormation change set that removes a table', file: 'examples/cloudformation-remove-table.json', expect: 'critical' },
  { title: 'A SQL migration that drops a table', file: 'examples/migrations/20251204_drop_legacy_invoices.sql', expect: 'high' },
  { title: 'A Kubernetes delete of a namespace', file: 'examples/actions/kubectl-delete-namespace.json', stdin: true, expect: 'critical' },
  { title: 'Guard tampering: an agent turning on chat.tools.autoApprove', file: 'examples/actions/vscode-autoapprove.json', stdin: true, expect: 'critical' },
];

export function cliPath(root = process.cwd()): string {
  return resolve(process.env.BR_DIST ?? join(root, 'dist'), 'cli.js');
}

/** Runs the CLI on one example; `extra` adds options such as --json. */
export function runExample(ex: Example, extra: string[] = [], root = process.cwd()): { status: number | null; stdout: string; stderr: string } {
  const args = [cliPath(root), 'assess', ...(ex.stdin ? ['-'] : [ex.file]), '--no-facts', ...extra];
  const fd = ex.stdin ? openSync(join(root, ex.file), 'r') : undefined;
  try {
    const r = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      stdio: [fd ?? 'ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function spawnOn(ex: Example): number | null {
  const fd = ex.stdin ? openSync(ex.file, 'r') : undefined;
  try {
    return spawnSync(process.execPath, [cliPath(), 'assess', ...(ex.stdin ? ['-'] : [ex.file]), '--no-facts'], {
      stdio: [fd ?? 'ignore', 'inherit', 'inherit'],
    }).status;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function main(): number {
  const cli = cliPath();
  if (!existsSync(cli)) {
    process.stderr.write(`examples: ${cli} is missing; run 'npm run build' first (npm run examples does)\n`);
    return 1;
  }
  const tty = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const bold = (s: string): string => (tty ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string): string => (tty ? `\x1b[2m${s}\x1b[0m` : s);
  const recap: string[] = [];
  let failed = 0;
  EXAMPLES.forEach((ex, i) => {
    const shown = ex.stdin ? `blast-radius assess - --no-facts < ${ex.file}` : `blast-radius assess ${ex.file} --no-facts`;
    process.stdout.write(`\n${bold(`━━ ${i + 1}/${EXAMPLES.length}  ${ex.title}`)}\n${dim(`$ ${shown}`)}\n\n`);
    // Shown straight on this terminal (the CLI colours its own output), then once more as JSON
    // for the recap line.
    const shownRun = spawnOn(ex);
    const r = runExample(ex, ['--json']);
    let level = 'error';
    try {
      level = (JSON.parse(r.stdout) as { level: string }).level;
    } catch {
      failed++;
    }
    if (shownRun !== 0 || r.status !== 0) {
      failed++;
      process.stdout.write(`examples: the CLI exited ${shownRun ?? r.status}: ${r.stderr.trim().split('\n')[0] ?? ''}\n`);
    }
    recap.push(`  ${level.padEnd(8)} ${ex.title}`);
  });
  process.stdout.write(
    `\n${bold('━━ Recap')}\n${recap.join('\n')}\n\nAssess your own: blast-radius assess FILE | blast-radius assess -- <command…> | blast-radius assess - < action.json\n`,
  );
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
