// Loaded by mocha (`require` in .mocharc.json) before any test file: every test, and every process
// a test spawns, gets its own HOME, XDG folders, temp folder, audit log, bridge and cache folders
// under one temp root, removed at the end. The user's real state folders (scripts/isolation.ts)
// are fingerprinted first and again after the last test; any difference fails the run. Every test
// removes the temp folders it makes: what is left in the run's temp folder at the end fails the run
// too, naming each entry.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isolate, realUserEnv, rememberRealEnv, stateChanges, userStateDigest } from '../scripts/isolation';

const realEnv = { ...realUserEnv(process.env) };
const before = userStateDigest(realEnv);
const realTmp = process.env.BR_REAL_TMPDIR ?? tmpdir();
const iso = isolate('test', realTmp);
process.env.BR_REAL_ENV ??= rememberRealEnv(realEnv);
process.env.BR_REAL_TMPDIR = realTmp;
Object.assign(process.env, iso.env);

export const mochaHooks = {
  afterAll(): void {
    const leaked = readdirSync(iso.env.TMPDIR).sort();
    iso.remove();
    const after = userStateDigest(realEnv);
    const changes = stateChanges(before, after);
    if (changes.length) throw new Error(`the tests changed the user's real state (${changes.length}):\n  ${changes.slice(0, 20).join('\n  ')}`);
    if (leaked.length)
      throw new Error(
        `the tests left ${leaked.length} temp entr${leaked.length === 1 ? 'y' : 'ies'} behind (each test removes what it makes):\n  ${leaked.slice(0, 40).join('\n  ')}`,
      );
    process.stdout.write(
      `\n  user state untouched: ${Object.keys(after.entries).length} entries under ${realEnv.HOME}, digest ${after.digest.slice(0, 12)} before and after\n`,
    );
  },
};
