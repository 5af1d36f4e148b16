// "Install Agent Hooks…" in the editor reads what the real `blast-radius install` printed (plain
// Node: install-report.ts imports no vscode). Run here in a throwaway HOME: Claude Code works at
// once (✓), Codex is written but not called until a person trusts it (!, with the steps), and a
// settings file that is not JSON is left alone (✗).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInstallOutput } from '../../../src/extension/install-report';
import { CLI } from '../../helpers';

describe('extension: reading what `install` said', function () {
  this.timeout(30_000);
  let root: string;
  let home: string;
  const install = (agent: string): { code: number | null; out: string } => {
    const r = spawnSync(process.execPath, [CLI, 'install', agent], {
      env: { ...process.env, HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: join(home, '.config'), BLAST_RADIUS_BRIDGE_DIR: join(root, 'run') },
      cwd: home,
      encoding: 'utf8',
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-install-report-'));
    home = join(root, 'home');
    mkdirSync(home);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('Claude Code: one ✓, nothing to do', () => {
    const r = install('claude');
    assert.equal(r.code, 0, r.out);
    const report = readInstallOutput(r.out);
    assert.equal(report.works.length, 1, r.out);
    assert.match(report.works[0]!, /^claude: the hook answers/);
    assert.deepEqual(report.attention, []);
    assert.deepEqual(report.broken, []);
  });

  it('Codex: written, but "!" — not called until trusted, with the steps to trust it kept', () => {
    const r = install('codex');
    assert.equal(r.code, 0, r.out);
    const report = readInstallOutput(r.out);
    assert.deepEqual(report.works, []);
    assert.equal(report.attention.length, 1, r.out);
    const block = report.attention[0]!;
    assert.match(block, /^codex: the agent does not call it yet/);
    assert.match(block, /\nCodex runs a new or changed hook only after a person trusts it, and until then runs every tool unchecked/);
    assert.match(block, /\nTrust it now: start `codex` in a terminal, type \/hooks/);
    assert.doesNotMatch(block, /wrote /, 'the "wrote" line is not part of the block');
  });

  it('a settings file that is not JSON: "✗", nothing written', () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(join(home, '.claude', 'settings.json'), '{ "hooks": ');
    const r = install('claude');
    assert.notEqual(r.code, 0, r.out);
    const report = readInstallOutput(r.out);
    assert.deepEqual(report.works, []);
    assert.equal(report.broken.length, 1, r.out);
    assert.match(report.broken[0]!, /^claude: .*settings\.json is not valid JSON; fix it first \(nothing written\)$/);
  });

  it('blocks end at the next unindented line; Windows line ends are read too', () => {
    const text = ['x: wrote a', '! x: not yet', '  step one', '  step two', 'y: wrote b', '✓ y: fine', '✗ z: broken', '  why'].join('\r\n');
    assert.deepEqual(readInstallOutput(text), {
      works: ['y: fine'],
      attention: ['x: not yet\nstep one\nstep two'],
      broken: ['z: broken\nwhy'],
    });
  });
});
