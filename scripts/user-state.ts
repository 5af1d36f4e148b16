// `node out/scripts/user-state.js save|check`: `npm test` fingerprints the user's real state
// folders (scripts/isolation.ts: our state, cache, bridge and home folders, the agents' hook
// settings) before its suites run and checks them after; any difference fails the run, naming
// each path. Each suite checks its own run as well; this covers the whole of `npm test`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { realUserEnv, stateChanges, userStateDigest, type StateDigest } from './isolation';
import { repoRoot } from './vscode-test/code-server';

const file = process.argv[3] ?? join(repoRoot, 'test-results', 'user-state-before.json');
const env = realUserEnv(process.env);

function main(): number {
  const cmd = process.argv[2];
  if (cmd === 'save') {
    mkdirSync(dirname(file), { recursive: true });
    const d = userStateDigest(env);
    writeFileSync(file, JSON.stringify(d));
    process.stdout.write(`user state fingerprinted: ${Object.keys(d.entries).length} entries under ${env.HOME}, digest ${d.digest.slice(0, 12)}\n`);
    return 0;
  }
  if (cmd === 'check') {
    let before: StateDigest;
    try {
      before = JSON.parse(readFileSync(file, 'utf8')) as StateDigest;
    } catch {
      process.stderr.write(`user-state: no fingerprint in ${file} (run save first)\n`);
      return 2;
    }
    const after = userStateDigest(env);
    const changes = stateChanges(before, after);
    if (changes.length) {
      process.stderr.write(`user-state: the run changed the user's real state (${changes.length}):\n  ${changes.slice(0, 30).join('\n  ')}\n`);
      return 1;
    }
    process.stdout.write(`user state untouched by the whole run: digest ${after.digest.slice(0, 12)} before and after\n`);
    return 0;
  }
  process.stderr.write('usage: user-state save|check [FILE]\n');
  return 2;
}

process.exit(main());
