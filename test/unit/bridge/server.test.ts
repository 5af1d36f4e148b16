// The bridge over real sockets in a real private directory: discovery, tokens, refusals, stale
// editors, permissions against a second user, close() and abort signals. The server runs in this
// test process, which is not an editor: findEditor is told, explicitly, to let this process stand
// in for one (`standIn`); what the hook checks about the real thing is test/unit/bridge/trust.test.ts.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askEditor, findEditor, scanEditors } from '../../../src/bridge/client';
import { defaultBridgeDir, ensurePrivateDir, isAbstractSocket, privacyProblem } from '../../../src/bridge/paths';
import { MAX_MESSAGE_BYTES } from '../../../src/bridge/protocol';
import {
  type BridgeRequest,
  type BridgeServer,
  type BridgeServerOptions,
  type BridgeResponse,
  startBridgeServer,
  updateWorkspaceFolders,
} from '../../../src/bridge/server';

const posix = process.platform !== 'win32';
const linux = process.platform === 'linux';
/** This process may stand in for an editor (it still has to hold the socket). */
const standIn = { standInPids: [process.pid] };

/** Sends raw bytes on the socket and returns everything the server wrote before closing. */
function rawExchange(socketPath: string, data: string | Buffer, opts: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    let out = '';
    s.on('data', (d) => (out += d.toString('utf8')));
    s.on('close', () => resolve(out));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    s.on('connect', () => {
      s.write(data);
      if (opts.end) s.end();
    });
  });
}

describe('bridge server', () => {
  let root: string;
  let dir: string;
  let ws: string;
  const servers: BridgeServer[] = [];
  const echo = async (req: Omit<BridgeRequest, 'token'>): Promise<BridgeResponse> => ({
    decision: 'allow',
    reason: `echo ${req.agent} ${req.actions.length} ${JSON.stringify(req.actions[0])}`,
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-bridge-'));
    dir = join(root, 'run');
    ws = join(root, 'ws');
    mkdirSync(join(ws, 'sub'), { recursive: true });
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
    rmSync(root, { recursive: true, force: true });
  });
  const start = async (onRequest: BridgeServerOptions['onRequest'] = echo, folders = [ws]): Promise<BridgeServer> => {
    const s = await startBridgeServer({ workspaceFolders: folders, onRequest, dir });
    servers.push(s);
    return s;
  };

  it('creates a private directory, socket and discovery file, and answers through onRequest', async function () {
    const seen: Omit<BridgeRequest, 'token'>[] = [];
    const s = await start(async (req) => {
      seen.push(req);
      return { decision: 'ask', reason: 'because', approvalId: 'a1' };
    });
    if (posix) {
      assert.equal(statSync(dir).mode & 0o777, 0o700, 'bridge dir mode');
      if (linux) assert.ok(isAbstractSocket(s.socketPath), `an abstract socket on Linux, not ${s.socketPath}`);
      else assert.equal(statSync(s.socketPath).mode & 0o777, 0o600, 'socket mode');
      assert.equal(statSync(s.discoveryFile).mode & 0o777, 0o600, 'discovery file mode');
    }
    const disc = JSON.parse(readFileSync(s.discoveryFile, 'utf8'));
    assert.deepEqual(disc.workspaceFolders, [ws]);
    assert.equal(disc.pid, process.pid);
    assert.equal(disc.token, s.token);
    const editor = findEditor(join(ws, 'sub'), dir, standIn);
    assert.ok(editor, 'editor found for a cwd inside its folder');
    const r = await askEditor(editor, { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: join(ws, 'sub'), session: 's1' }, 5000);
    assert.deepEqual(r, { ok: true, response: { decision: 'ask', reason: 'because', approvalId: 'a1' } });
    assert.equal(seen.length, 1);
    assert.equal((seen[0] as Record<string, unknown>).token, undefined, 'token is not passed to onRequest');
    assert.equal(seen[0]!.session, 's1');
    assert.ok(seen[0]!.deadlineMs! > 0 && seen[0]!.deadlineMs! <= 5000, `deadlineMs ${seen[0]!.deadlineMs}`);
  });

  it('finds no editor for a cwd outside every workspace folder, and follows updateWorkspaceFolders', async () => {
    const s = await start();
    const other = join(root, 'other');
    mkdirSync(other);
    assert.equal(findEditor(other, dir, standIn), undefined);
    assert.equal(findEditor(`${ws}-sibling`, dir, standIn), undefined, 'a sibling with the folder as prefix is not inside it');
    updateWorkspaceFolders(s, [ws, other]);
    assert.ok(findEditor(other, dir, standIn));
  });

  it('finds the editor when the cwd reaches its folder through a symlink', async function () {
    if (!posix) this.skip();
    const s = await start();
    const link = join(root, 'link-to-ws');
    symlinkSync(ws, link);
    assert.equal(findEditor(join(link, 'sub'), dir, standIn)?.discovery.token, s.token);
  });

  it('picks the window with the deepest folder holding the cwd', async () => {
    const outer = await start(echo, [root]);
    const inner = await start(echo, [ws]);
    assert.equal(findEditor(join(ws, 'sub'), dir, standIn)?.discovery.token, inner.token);
    assert.equal(findEditor(join(root, 'run'), dir, standIn)?.discovery.token, outer.token);
  });

  const refusals: { name: string; line: (s: BridgeServer) => string; expect: RegExp }[] = [
    {
      name: 'wrong token',
      line: () => JSON.stringify({ version: 1, token: 'f'.repeat(64), agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' }),
      expect: /wrong token/,
    },
    {
      name: 'missing token',
      line: () => JSON.stringify({ version: 1, agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' }),
      expect: /wrong token/,
    },
    { name: 'not JSON', line: () => '{"version":1,', expect: /malformed request: not JSON/ },
    { name: 'not an object', line: () => '[1,2]', expect: /not an object/ },
    {
      name: 'wrong version',
      line: (s) => JSON.stringify({ version: 2, token: s.token, agent: 'claude', actions: [], cwd: '/' }),
      expect: /unsupported protocol version 2/,
    },
    {
      name: 'unknown key',
      line: (s) => JSON.stringify({ version: 1, token: s.token, agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/', extra: 1 }),
      expect: /malformed request: .*extra/,
    },
    {
      name: 'invalid action',
      line: (s) => JSON.stringify({ version: 1, token: s.token, agent: 'claude', actions: [{ kind: 'shell' }], cwd: '/' }),
      expect: /malformed request: actions\.0/,
    },
    {
      name: 'no actions',
      line: (s) => JSON.stringify({ version: 1, token: s.token, agent: 'claude', actions: [], cwd: '/' }),
      expect: /malformed request: actions/,
    },
  ];
  for (const c of refusals) {
    it(`refuses a request with ${c.name}`, async () => {
      let called = 0;
      const s = await start(async () => {
        called++;
        return { decision: 'allow', reason: 'no' };
      });
      const out = await rawExchange(s.socketPath, `${c.line(s)}\n`);
      const answer = JSON.parse(out);
      assert.deepEqual(Object.keys(answer), ['error'], `${c.name}: a refusal is never a decision: ${out}`);
      assert.match(answer.error, c.expect, c.name);
      assert.equal(called, 0, `${c.name}: onRequest must not be called`);
    });
  }

  it('the client reports a wrong token as refused, not as a decision', async () => {
    const s = await start();
    const editor = findEditor(ws, dir, standIn)!;
    const forged = { ...editor, discovery: { ...editor.discovery, token: '0'.repeat(64) } };
    const r = await askEditor(forged, { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws }, 5000);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.kind, 'refused');
    assert.ok(s.token !== forged.discovery.token);
  });

  it('refuses an oversized request with a reason and stays up', async () => {
    const s = await start();
    const big = Buffer.alloc(MAX_MESSAGE_BYTES + 1024, 'a'); // no newline: the server must stop reading
    const out = await rawExchange(s.socketPath, big);
    assert.match(JSON.parse(out).error, /larger than/);
    const r = await askEditor(findEditor(ws, dir, standIn)!, { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws }, 5000);
    assert.equal(r.ok, true, 'server still answers after refusing an oversized message');
  });

  it('one slow or silent connection does not block another', async () => {
    const s = await start();
    const silent = connect(s.socketPath);
    await new Promise((r) => silent.on('connect', r));
    silent.write('{"version":1,'); // half a request, never finished
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // A second request whose decision is held open until a third one has been answered.
    let calls = 0;
    const s2 = await start(
      async (req) => {
        calls++;
        if ((req.actions[0] as { command: string }).command === 'hold') await held;
        return { decision: 'allow', reason: (req.actions[0] as { command: string }).command };
      },
      [join(ws, 'sub')],
    );
    const editor = findEditor(join(ws, 'sub'), dir, standIn)!;
    assert.equal(editor.discovery.token, s2.token);
    const holding = askEditor(editor, { agent: 'claude', actions: [{ kind: 'shell', command: 'hold' }], cwd: ws }, 10000);
    const quick = await askEditor(editor, { agent: 'claude', actions: [{ kind: 'shell', command: 'quick' }], cwd: ws }, 10000);
    assert.deepEqual(quick, { ok: true, response: { decision: 'allow', reason: 'quick' } });
    release();
    assert.deepEqual(await holding, { ok: true, response: { decision: 'allow', reason: 'hold' } });
    assert.equal(calls, 2);
    silent.destroy();
  });

  it('aborts the signal when the hook disconnects', async () => {
    let aborted!: () => void;
    const wasAborted = new Promise<void>((r) => (aborted = r));
    const s = await start((_req, signal) => {
      signal.addEventListener('abort', () => aborted());
      return new Promise(() => undefined);
    });
    const sock = connect(s.socketPath);
    await new Promise((r) => sock.on('connect', r));
    sock.write(`${JSON.stringify({ version: 1, token: s.token, agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws })}\n`);
    await new Promise((r) => setTimeout(r, 50));
    sock.destroy();
    await wasAborted;
  });

  it('answers deny at the request deadline when onRequest never settles', async () => {
    const s = await start(() => new Promise<BridgeResponse>(() => undefined));
    const out = await rawExchange(
      s.socketPath,
      `${JSON.stringify({ version: 1, token: s.token, agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws, deadlineMs: 200 })}\n`,
    );
    const answer = JSON.parse(out);
    assert.equal(answer.decision, 'deny');
    assert.match(answer.reason, /no decision within/);
  });

  it('answers deny when onRequest throws or returns an invalid response', async () => {
    const s1 = await start(async () => {
      throw new Error('boom');
    });
    let r = await askEditor(
      { file: s1.discoveryFile, discovery: JSON.parse(readFileSync(s1.discoveryFile, 'utf8')) },
      { agent: 'x', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws },
      5000,
    );
    assert.ok(r.ok && r.response.decision === 'deny' && /boom/.test(r.response.reason), JSON.stringify(r));
    const s2 = await start(async () => ({ decision: 'maybe', reason: 'x' }) as unknown as BridgeResponse);
    r = await askEditor(
      { file: s2.discoveryFile, discovery: JSON.parse(readFileSync(s2.discoveryFile, 'utf8')) },
      { agent: 'x', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws },
      5000,
    );
    assert.ok(r.ok && r.response.decision === 'deny' && /invalid answer/.test(r.response.reason), JSON.stringify(r));
  });

  it('close() answers pending requests with deny and removes the socket and discovery file', async () => {
    const s = await start(() => new Promise(() => undefined));
    const pending = askEditor(findEditor(ws, dir, standIn)!, { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: ws }, 10000);
    await new Promise((r) => setTimeout(r, 100));
    await s.close();
    const r = await pending;
    assert.ok(r.ok && r.response.decision === 'deny', JSON.stringify(r));
    assert.equal(existsSync(s.discoveryFile), false, 'discovery file removed');
    if (linux) assert.equal(await rawExchange(s.socketPath, 'x').catch((e: NodeJS.ErrnoException) => e.code), 'ECONNREFUSED', 'nothing listens any more');
    else if (posix) assert.equal(existsSync(s.socketPath), false, 'socket removed');
    assert.equal(findEditor(ws, dir, standIn), undefined);
  });

  it('removes a dead editor’s stale discovery file and socket and finds no editor', async () => {
    ensurePrivateDir(dir);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    const file = join(dir, `editor-${deadPid}-abc.json`);
    const sock = join(dir, `editor-${deadPid}-abc.sock`);
    writeFileSync(sock, '');
    writeFileSync(file, JSON.stringify({ version: 1, pid: deadPid, socketPath: sock, token: 'a'.repeat(64), workspaceFolders: [ws], startedAt: 1 }), {
      mode: 0o600,
    });
    const scan = scanEditors(dir);
    assert.deepEqual(scan.removed, [file]);
    assert.equal(existsSync(file), false, 'stale discovery removed');
    assert.equal(existsSync(sock), false, 'stale socket removed');
    assert.equal(findEditor(ws, dir, standIn), undefined);
  });

  it('a live editor is still found next to a stale one', async () => {
    const s = await start();
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(
      join(dir, 'editor-dead.json'),
      JSON.stringify({ version: 1, pid: deadPid, socketPath: join(dir, 'x.sock'), token: 'a'.repeat(64), workspaceFolders: [ws], startedAt: Date.now() + 1e6 }),
      { mode: 0o600 },
    );
    assert.equal(findEditor(ws, dir, standIn)?.discovery.token, s.token);
  });

  it('ignores discovery files and directories that other users could read or write', async function () {
    if (!posix) this.skip();
    const s = await start();
    chmodSync(s.discoveryFile, 0o644);
    let scan = scanEditors(dir);
    assert.equal(scan.editors.length, 0, 'a 0644 discovery file is not trusted');
    assert.match(scan.ignored.join('\n'), /accessible to other users/);
    chmodSync(s.discoveryFile, 0o600);
    chmodSync(dir, 0o755);
    scan = scanEditors(dir);
    assert.equal(scan.editors.length, 0, 'a 0755 directory is not trusted');
    assert.match(scan.dirProblem ?? '', /accessible to other users/);
    ensurePrivateDir(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700, 'ensurePrivateDir tightens our own directory');
    assert.equal(privacyProblem(dir, 'dir'), undefined);
    assert.equal(scanEditors(dir).editors.length, 1);
  });

  // Off Linux the socket file sits in the 0700 directory: a second user cannot connect. On Linux the
  // socket is abstract (no file to swap, see src/bridge/paths.ts): anyone may connect, and without
  // the token, which only the 0600 discovery file holds, every request is refused.
  it('a second user cannot read the discovery file, and cannot connect (or, on Linux, is refused without the token)', async function () {
    if (!posix || process.getuid?.() !== 0) this.skip(); // switching users needs root
    const s = await start();
    chmodSync(root, 0o755); // the temp root is traversable; only the bridge dir keeps them out
    const script = `
      const net = require('net'), fs = require('fs');
      let read = 'read';
      try { fs.readFileSync(${JSON.stringify(s.discoveryFile)}); } catch (e) { read = e.code; }
      const c = net.connect(${JSON.stringify(s.socketPath)});
      let answer = '';
      c.on('connect', () => c.write(JSON.stringify({ version: 1, token: 'f'.repeat(64), agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' }) + '\\n'));
      c.on('data', (d) => (answer += d));
      c.on('end', () => console.log(JSON.stringify({ read, connect: JSON.parse(answer).error })));
      c.on('error', (e) => console.log(JSON.stringify({ read, connect: e.code })));`;
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => resolve(text));
    });
    assert.deepEqual(JSON.parse(out), { read: 'EACCES', connect: linux ? 'wrong token' : 'EACCES' }, out);
  });

  it('refuses to listen in a directory owned by another user', async function () {
    if (!posix || process.getuid?.() !== 0) this.skip();
    mkdirSync(dir, { mode: 0o700 });
    spawnSync('chown', ['65534:65534', dir]);
    await assert.rejects(startBridgeServer({ workspaceFolders: [ws], dir, onRequest: echo }), /belongs to uid 65534/);
  });

  it('defaultBridgeDir honours BLAST_RADIUS_BRIDGE_DIR, then XDG_RUNTIME_DIR, then HOME', () => {
    assert.equal(defaultBridgeDir({ BLAST_RADIUS_BRIDGE_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/1' }), '/x/y');
    if (posix) assert.equal(defaultBridgeDir({ XDG_RUNTIME_DIR: '/run/user/1', HOME: '/h' }), join('/run/user/1', 'blast-radius'));
    assert.equal(defaultBridgeDir({ HOME: '/h' }), join('/h', '.blast-radius', 'run'));
  });
});
