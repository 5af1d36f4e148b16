// A separate process for the concurrency test: waits for the go file (so all workers start
// together), then appends COUNT decisions to LOG. Exit 0 only when every append was written.
import { existsSync, writeFileSync } from 'node:fs';
import { recordDecision } from '../../../src/audit';

const [log, countText, go, name] = process.argv.slice(2);
const cell = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + 60_000;
writeFileSync(`${go}.ready.${name}`, '');
while (!existsSync(go!)) {
  if (Date.now() > deadline) process.exit(3);
  Atomics.wait(cell, 0, 0, 1);
}
let failed = 0;
for (let i = 0; i < Number(countText); i++) {
  const ok = recordDecision(
    { agent: name!, digest: 'a'.repeat(64), summary: `${name}:${i}`, level: 'high', decision: i % 2 ? 'deny' : 'allow', decidedBy: { type: 'policy' } },
    { file: log!, lockTimeoutMs: 60_000, holdMs: 1 },
  );
  if (!ok) failed++;
}
process.exit(failed ? 1 : 0);
