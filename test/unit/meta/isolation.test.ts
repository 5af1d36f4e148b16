// The test run's own isolation (test/setup.ts): this process and what it spawns see a temp HOME,
// XDG folders, audit log and bridge folder, never the user's; and the fingerprint that guards the
// user's real state notices a file added, changed or removed in the places a careless run writes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ISOLATED_VARS, realUserEnv, stateChanges, userStateDigest } from '../../../scripts/isolation';
import { CLI } from '../../helpers';

describe('test isolation', () => {
  it('every isolated variable points inside one temp root that is not the real HOME', () => {
    const real = realUserEnv(process.env);
    const root = process.env.HOME!.replace(/\/home$/, '');
    assert.notEqual(process.env.HOME, real.HOME, 'the tests run with the real HOME');
    for (const v of ISOLATED_VARS) assert.ok(process.env[v]?.startsWith(`${root}/`), `${v}=${process.env[v]} is outside ${root}`);
  });

  it('a real hook process started by a test writes its decision to the isolated audit log', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'br-iso-'));
    try {
      const payload = { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'echo isolated' } };
      const r = spawnSync(process.execPath, [CLI, 'hook', 'claude'], {
        cwd,
        input: JSON.stringify(payload),
        encoding: 'utf8',
        env: { ...process.env, BLAST_RADIUS_NO_EDITOR: '1' },
      });
      assert.equal(r.status, 0, r.stderr);
      const log = process.env.BLAST_RADIUS_AUDIT_LOG!;
      assert.ok(existsSync(log), `no entry in ${log}`);
      assert.match(readFileSync(log, 'utf8'), /"agent":"claude"/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('the user-state fingerprint names what was added, changed and removed, and nothing else', () => {
    const home = mkdtempSync(join(tmpdir(), 'br-home-'));
    try {
      const env = { HOME: home };
      mkdirSync(join(home, '.local', 'state', 'blast-radius'), { recursive: true });
      writeFileSync(join(home, '.local', 'state', 'blast-radius', 'audit.jsonl'), 'one\n');
      mkdirSync(join(home, '.claude'));
      writeFileSync(join(home, '.claude', 'settings.json'), '{}');
      writeFileSync(join(home, 'notes.txt'), 'not ours');
      const before = userStateDigest(env);
      assert.deepEqual(stateChanges(before, userStateDigest(env)), []);
      writeFileSync(join(home, '.local', 'state', 'blast-radius', 'audit.jsonl'), 'one\ntwo\n');
      mkdirSync(join(home, '.blast-radius', 'run'), { recursive: true });
      rmSync(join(home, '.claude', 'settings.json'));
      writeFileSync(join(home, 'notes.txt'), 'changed, but not a place we guard');
      assert.deepEqual(stateChanges(before, userStateDigest(env)), [
        `added ${home}/.blast-radius`,
        `added ${home}/.blast-radius/run`,
        `changed ${home}/.local/state/blast-radius/audit.jsonl`,
        `removed ${home}/.claude/settings.json`,
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
