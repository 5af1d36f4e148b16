import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { activated, api, EXTENSION_ID, workspaceDir } from './util';

describe('activation', () => {
  it('starts the bridge and writes the discovery file with this window folders', async () => {
    const a = await api();
    const file = a.discoveryFile();
    assert.ok(file, 'no discovery file path');
    assert.ok(existsSync(file), `discovery file ${file} missing`);
    assert.equal(dirname(file), process.env.BLAST_RADIUS_BRIDGE_DIR, 'discovery file outside BLAST_RADIUS_BRIDGE_DIR');
    const d = JSON.parse(readFileSync(file, 'utf8')) as { workspaceFolders: string[]; pid: number; socketPath: string };
    assert.deepEqual(d.workspaceFolders, [workspaceDir()]);
    assert.equal(d.pid, process.pid);
    // On Linux the socket is abstract (no file): it exists when /proc/net/unix lists it listening.
    assert.ok(
      d.socketPath.startsWith('\0') ? readFileSync('/proc/net/unix', 'latin1').includes(` @${d.socketPath.slice(1)}`) : existsSync(d.socketPath),
      'socket missing',
    );
  });

  it('shows the armed shield in the status bar before anything is assessed', async () => {
    const a = await api();
    assert.match(a.statusText().text, /^\$\(shield\) Blast Radius/);
  });

  it('registers every command of the manifest', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    for (const c of pkg.contributes.commands) assert.ok(all.has(c.command), `${c.command} is in package.json but not registered`);
  });

  // Figures for `npm run bench` (bench/extension.ts prints them); not an assertion on time.
  after(async () => {
    const file = process.env.BR_BENCH_FILE;
    if (!file) return;
    const a = await api();
    const { activationMs } = await activated();
    const main = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath + '/dist/extension.js';
    // Cost of loading the bundle once more (a fresh copy, so the module cache does not hide it);
    // the core behind it is not initialised by a require, only by activate's deferred load.
    const copy = `${main}.bench-${process.pid}.js`;
    writeFileSync(copy, readFileSync(main));
    const t0 = performance.now();
    require(copy);
    const requireMs = performance.now() - t0;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        {
          activateMs: activationMs,
          coreMs: a.coreMs,
          requireMs,
          bundleBytes: readFileSync(main).length,
          host: `code-server, VS Code ${vscode.version}`,
          when: new Date().toISOString(),
        },
        null,
        2,
      ),
    );
  });
});
