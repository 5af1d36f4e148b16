// A file tool's `git status` starts before the hook loads the engine (src/facts/git-early.ts) and
// is the only git the call runs: traced through the real hook (strace), it is executed once, before
// the engine half is opened, and the decision is the one the CLI reaches for the same write.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookCommand, hookEnv, makeProject } from './harness';
import { TEST_CLI } from '../../helpers';

describe('hook: a file write runs its one git status while the engine loads', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  before(function () {
    if (process.platform !== 'linux' || spawnSync('strace', ['-V']).status !== 0) this.skip();
    root = mkdtempSync(join(tmpdir(), 'br-early-git-'));
    const home = join(root, 'home');
    mkdirSync(home);
    mkdirSync(join(root, 'bridge'));
    project = makeProject(join(root, 'project'));
    env = { ...hookEnv({ home, bridgeDir: join(root, 'bridge') }), BLAST_RADIUS_AUDIT_LOG: join(root, 'audit.jsonl') };
  });
  after(() => root && rmSync(root, { recursive: true, force: true }));

  /** The hook under strace: its answer, and the git programs it ran and the files it opened, in order. */
  function traced(payload: object): { stdout: string; events: string[] } {
    const log = join(root, `trace-${Date.now()}`);
    const r = spawnSync('strace', ['-f', '-qq', '-o', log, '-e', 'trace=execve,openat', process.execPath, ...hookCommand('claude')], {
      env,
      cwd: project,
      input: JSON.stringify(payload),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const events = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => /execve\("[^"]*\/git"|hook-local\.js"/.test(l) && !/= -1 /.test(l))
      .map((l) => (/execve/.test(l) ? `git ${/"status"/.test(l) ? 'status' : 'other'}` : 'open hook-local.js'));
    rmSync(log);
    return { stdout: r.stdout, events };
  }
  const write = (path: string, content: string): object => ({
    session_id: 's',
    transcript_path: '',
    cwd: project,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path, content },
  });

  it('a committed file: git status once, started before the engine half is opened; allowed', () => {
    const t = traced(write(join(project, 'src', 'app.ts'), 'const port = 3001;\n'));
    assert.deepEqual(t.events, ['git status', 'open hook-local.js']);
    assert.equal(t.stdout.trim(), '{}');
  });

  it('a file with uncommitted changes: the same one run, and the decision the CLI reaches for that write', () => {
    const file = join(project, 'cost_report.py');
    appendFileSync(file, '# local work\n');
    const before = readFileSync(file, 'utf8');
    const t = traced(write(file, 'def total(amounts):\n    return sum(amounts)\n'));
    assert.deepEqual(t.events, ['git status', 'open hook-local.js']);
    const audit = readFileSync(join(root, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; summary: string });
    const cli = spawnSync(process.execPath, [TEST_CLI, 'assess', '-', '--json'], {
      env,
      cwd: project,
      input: JSON.stringify({ kind: 'fileWrite', path: file, content: 'def total(amounts):\n    return sum(amounts)\n', previous: before }),
      encoding: 'utf8',
    });
    const assessed = JSON.parse(cli.stdout) as { level: string; summary: string };
    assert.deepEqual({ level: audit.at(-1)!.level, summary: audit.at(-1)!.summary }, { level: assessed.level, summary: assessed.summary });
  });

  it('an edit (which names its file twice): the same one run', () => {
    const t = traced({
      session_id: 's',
      transcript_path: '',
      cwd: project,
      hook_event_name: 'PreToolUse',
      tool_name: 'Edit',
      tool_input: { file_path: join(project, 'README.md'), old_string: '# Demo\nA demo.', new_string: '# Demo app\nA small demo.' },
    });
    assert.deepEqual(t.events, ['git status', 'open hook-local.js']);
    assert.equal(t.stdout.trim(), '{}');
  });

  it('a new file: no git at all', () => {
    const t = traced(write(join(project, 'src', 'new.ts'), 'export {};\n'));
    assert.deepEqual(t.events, ['open hook-local.js']);
  });
});
