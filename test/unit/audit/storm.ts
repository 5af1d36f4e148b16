// Many real hook processes at once (dist/hook.js claude, a read-only call each: one audit line
// each), released together; shared by the unit test (small) and the bench (500 × 10).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_JS } from '../hooks/harness';

export interface StormResult {
  lines: number;
  spooled: number;
  wallMs: number;
  /** Slowest answer, from the hook process's own start (as its deadline counts). */
  maxAnswerMs: number;
  problems: string[];
  /** Answers that told the person their line waited in the spool (a holder starved of CPU for over a second). */
  notes: number;
}

export async function runHookStorm(o: { hooks: number; dir: string; env: NodeJS.ProcessEnv; deadlineSeconds: number }): Promise<StormResult> {
  const log = o.env.BLAST_RADIUS_AUDIT_LOG!;
  const before = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  const payload = JSON.stringify({
    session_id: 's',
    cwd: o.dir,
    hook_event_name: 'PreToolUse',
    tool_name: 'Read',
    tool_input: { file_path: join(o.dir, 'README.md') },
    tool_use_id: 't',
  });
  // Each hook reports how long it ran by its own clock (process.uptime at exit), the clock its deadline uses.
  const env = { ...o.env, NODE_OPTIONS: `${o.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'uptime-probe.js')}`.trim() };
  const problems: string[] = [];
  let maxAnswerMs = 0;
  let notes = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from(
      { length: o.hooks },
      (_, i) =>
        new Promise<void>((res) => {
          const p = spawn(process.execPath, [HOOK_JS, 'claude', '--timeout', String(o.deadlineSeconds)], { env, stdio: ['pipe', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.stderr.on('data', (d: Buffer) => (err += d.toString()));
          // 'close', not 'exit': the answer is read only once the pipes are drained.
          p.on('close', (code) => {
            const m = /br-uptime-ms=(\d+)/.exec(err);
            const ms = m ? Number(m[1]) : NaN;
            if (ms > maxAnswerMs) maxAnswerMs = ms;
            const answer = out.trim();
            // An allow is `{}`; under heavy contention it may carry the audit's note to the person (a spooled line).
            const allowed = answer === '{}' || /^\{"systemMessage":"Blast Radius: audit log: [^"]*kept in the spool[^"]*"\}$/.test(answer);
            if (answer !== '{}' && allowed) notes++;
            if (code !== 0 || !allowed)
              problems.push(`hook ${i}: exit ${code}, answer ${out.trim() || '(none)'} ${err.replace(/br-uptime-ms=\d+\n?/, '').trim()}`);
            else if (!(ms < o.deadlineSeconds * 1000)) problems.push(`hook ${i}: answered after ${ms} ms, past its ${o.deadlineSeconds} s deadline`);
            res();
          });
          p.stdin.end(payload);
        }),
    ),
  );
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).length - before;
  let spooled = 0;
  try {
    spooled = readdirSync(`${log}.spool`).filter((f) => f.endsWith('.json')).length;
  } catch {
    /* none */
  }
  return { lines, spooled, wallMs: Date.now() - t0, maxAnswerMs, problems, notes };
}
