// scripts/setup-system.sh never installs system packages silently: with chromium and ripgrep
// missing from PATH it says in one line what apt would install (from a simulation) and where its
// output goes, and in dry-run mode installs nothing. The package manager's output never reaches
// the terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../helpers';

const TOOLS = ['bash', 'id', 'dpkg-query', 'apt-get', 'apt-config', 'dpkg', 'grep', 'awk', 'wc', 'tr', 'sed', 'mkdir', 'dirname', 'date', 'cat'];

describe('scripts/setup-system.sh', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'br-setup-'));
    mkdirSync(join(dir, 'bin'));
    // A PATH with the shell tools and apt, without chromium and rg.
    for (const t of TOOLS) {
      const found = spawnSync('bash', ['-c', `command -v ${t}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, join(dir, 'bin', t));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names what it would install in one line and installs nothing (dry run)', function () {
    const isRootWithApt = process.getuid?.() === 0 && existsSync(join(dir, 'bin', 'apt-get'));
    const log = join(dir, 'setup.log');
    const r = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-system.sh')], {
      encoding: 'utf8',
      input: '',
      env: { PATH: join(dir, 'bin'), HOME: dir, BR_SETUP_DRY_RUN: '1', BR_SETUP_LOG: log },
    });
    const lines = r.stderr.trim().split('\n').filter(Boolean);
    assert.equal(r.stdout, '', `stdout: ${r.stdout}`);
    assert.equal(lines.length, 1, `more than one line:\n${r.stderr}`);
    if (!isRootWithApt) {
      assert.equal(r.status, 1);
      assert.match(lines[0]!, /^blast-radius tests need system packages: chromium ripgrep/);
      return;
    }
    assert.equal(r.status, 0, r.stderr);
    assert.match(lines[0]!, /^blast-radius: apt-get installs chromium ripgrep.*; its output goes to .*setup\.log$/);
  });
});
