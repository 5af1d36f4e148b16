// Lossless under load: 500 real hook processes at once (dist/hook.js claude, one read-only call
// each, so one audit line each), 10 runs in a row; every run must record exactly 500 lines with
// none left in the spool and every answer within its deadline (Claude Code's hook default, 120 s:
// 500 node processes on 2 cores take longer than VS Code's 30 s just to start), measured by each
// hook process's own clock. The unit suite runs the same storm at 60 × 2
// (test/unit/audit/audit-hook.test.ts). Sizes: BR_STORM_HOOKS, BR_STORM_RUNS.
// Run: npm run bench -- audit-hooks (or node out/bench/audit-hooks.js).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHookStorm } from '../test/unit/audit/storm';

async function main(): Promise<void> {
  const hooks = Number(process.env.BR_STORM_HOOKS ?? 500);
  const runs = Number(process.env.BR_STORM_RUNS ?? 10);
  const rows: string[] = [];
  let failed = 0;
  for (let run = 1; run <= runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'br-bench-storm-'));
    try {
      const env = {
        ...process.env,
        HOME: join(dir, 'home'),
        XDG_STATE_HOME: join(dir, 'state'),
        XDG_RUNTIME_DIR: join(dir, 'run'),
        BLAST_RADIUS_AUDIT_LOG: join(dir, 'audit.jsonl'),
        BLAST_RADIUS_BRIDGE_DIR: join(dir, 'bridge'),
        BLAST_RADIUS_SYSTEM_DIR: join(dir, 'no-system'),
        // The audit log's fallback folder is under the temp folder: the run's own, removed with it.
        TMPDIR: join(dir, 'tmp'),
      };
      mkdirSync(env.HOME, { recursive: true });
      mkdirSync(env.TMPDIR, { recursive: true });
      const deadline = Number(process.env.BR_STORM_DEADLINE ?? 120);
      const r = await runHookStorm({ hooks, dir, env, deadlineSeconds: deadline });
      const verify = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'audit', 'verify', '--log', env.BLAST_RADIUS_AUDIT_LOG], {
        env,
        encoding: 'utf8',
      });
      const ok = r.lines === hooks && r.spooled === 0 && r.problems.length === 0 && verify.status === 0;
      if (!ok) failed++;
      rows.push(
        `| ${run} | ${r.lines} / ${hooks} | ${r.spooled} | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.maxAnswerMs / 1000).toFixed(1)} s | ${r.notes} | ${r.problems.length} | ${verify.status === 0 ? 'intact' : 'BROKEN'} |`,
      );
      process.stderr.write(
        `storm run ${run}: ${r.lines}/${hooks} lines, ${r.spooled} spooled, ${r.problems.length} problems${r.problems.length ? `: ${r.problems.slice(0, 3).join('; ')}` : ''}\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(
    [
      `## Audit log under ${hooks} concurrent hook processes (${runs} runs)`,
      '',
      '| run | lines | left in spool | wall | slowest answer (own clock) | told "kept in the spool" | problems | verify |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      '',
      `${runs - failed} of ${runs} runs recorded every decision exactly once, the chain intact, no answer past the ${process.env.BR_STORM_DEADLINE ?? 120} s deadline.`,
      '',
    ].join('\n'),
  );
  process.exitCode = failed ? 1 : 0;
}

void main();
