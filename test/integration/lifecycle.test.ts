// Deactivation: a second gate + decision panel + bridge (the same classes the extension uses, in
// their own bridge directory) is closed while a real hook process waits; it must get deny, the
// panel must leave the screen, and the files must go.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { BridgeHost } from '../../src/extension/bridgeHost';
import { DecisionPanel } from '../../src/extension/decisionPanel';
import { Gate } from '../../src/extension/gate';
import { PolicyProblems } from '../../src/extension/settings';
import { askHook, DECISION, decisionOf, reasonOf, shell, waitFor, webviewTabs, whenTabsClose } from './util';

describe('lifecycle', () => {
  it('deactivate removes the discovery file and answers pending requests with deny', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-life-'));
    const log = vscode.window.createOutputChannel('Blast Radius lifecycle test', { log: true });
    const problems = new PolicyProblems(log);
    const gate = new Gate(log, { changed: () => undefined, openReview: async () => undefined }, problems);
    const panel = new DecisionPanel(gate, vscode.Uri.file(__dirname), async () => undefined, log);
    gate.useSurface(panel);
    const host = new BridgeHost(gate, log, dir);
    const watch = whenTabsClose(DECISION);
    try {
      const server = await host.start();
      assert.ok(existsSync(server.discoveryFile));
      const run = askHook([shell('echo br-confirm closing')], { bridgeDir: dir });
      await waitFor('the question', () => gate.pending.size === 1);
      await waitFor('its decision panel', () => webviewTabs(DECISION).length === 1);
      const closing = Date.now();
      await host.close();
      const r = await run.result;
      assert.equal(decisionOf(r), 'deny', reasonOf(r));
      assert.match(reasonOf(r), /closed/);
      const closedAt = await Promise.race([watch.closed, new Promise<number>((res) => setTimeout(() => res(Infinity), 3000))]);
      assert.ok(closedAt - closing < 1000, `the panel closed ${closedAt - closing} ms after the window started closing`);
      assert.ok(!existsSync(server.discoveryFile), 'discovery file left behind');
      assert.ok(
        server.socketPath.startsWith('\0')
          ? !readFileSync('/proc/net/unix', 'latin1').includes(` @${server.socketPath.slice(1)}`)
          : !existsSync(server.socketPath),
        'socket left behind',
      );
    } finally {
      watch.dispose();
      await host.close();
      panel.dispose();
      problems.dispose();
      log.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
