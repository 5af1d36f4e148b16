// What slipped past the hooks: a high command typed into a terminal (seen through shell
// integration) is reported, because no hook asked about it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceDir } from './util';

describe('observe', () => {
  const repo = () => join(workspaceDir(), 'observe-repo');
  after(() => rmSync(repo(), { recursive: true, force: true }));

  it('a high command run in a terminal without a decision is reported', async function () {
    mkdirSync(repo(), { recursive: true });
    execFileSync('git', ['init', '-q', repo()]);
    const term = vscode.window.createTerminal({ name: 'observe-test', cwd: repo(), shellPath: '/bin/bash' });
    try {
      // Shell integration is injected when bash starts; wait for it before running anything.
      const ready = await waitFor('shell integration', () => term.shellIntegration, 20_000).catch(() => undefined);
      if (!ready) return this.skip(); // this host's terminal has no shell integration: nothing to observe
      // Harmless here (no remote), but rated high: a force-push of main.
      ready.executeCommand('git push --force origin main 2>/dev/null; true');
      const a = await api();
      const seen = await waitFor(
        'the slipped-past report',
        () => a.slipped().find((s) => s.action.kind === 'shell' && s.action.command.includes('git push --force origin main')),
        20_000,
      );
      assert.ok(seen.level === 'high' || seen.level === 'critical', `reported at ${seen.level}`);
    } finally {
      term.dispose();
    }
  });
});
