// The hook's bridge connection, over real sockets, both ways it can go: Node's pipe binding (what
// the hook uses) and node:net (its fallback). Every case runs on both and must end the same way;
// the client's answers over a real bridge server, the codes of a failed connect, an answer in many
// small pieces, a request larger than a socket buffer, a server that hangs up, one that never
// answers, and a destroy() that silences the rest.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askEditor, type AskResult, findEditor } from '../../../src/bridge/client';
import { checkBindings, connectLine, type Transport } from '../../../src/bridge/line-socket';
import { MAX_MESSAGE_BYTES } from '../../../src/bridge/protocol';
import { type BridgeServer, startBridgeServer } from '../../../src/bridge/server';

const linux = process.platform === 'linux';
const TRANSPORTS: Transport[] = ['auto', 'net'];
const expectedTransport = (t: Transport): string => (t === 'auto' && process.platform !== 'win32' ? 'bindings' : 'net');

describe('bridge line socket', () => {
  let root: string;
  const servers: Server[] = [];
  const bridges: BridgeServer[] = [];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-line-'));
  });
  afterEach(async () => {
    for (const b of bridges.splice(0)) await b.close();
    for (const s of servers.splice(0)) s.close();
    rmSync(root, { recursive: true, force: true });
  });

  let n = 0;
  /** A raw server on a fresh socket (abstract on Linux, a file elsewhere), handling each connection with `onConn`. */
  const raw = async (onConn: (c: Socket) => void): Promise<string> => {
    const path = linux ? `\0br-line-test-${process.pid}-${++n}` : join(root, `s${++n}.sock`);
    const s = createServer(onConn);
    servers.push(s);
    await new Promise<void>((r) => s.listen(path, r));
    return path;
  };
  /** Hears everything connectLine reports for one exchange, until end or error. */
  const exchange = (path: string, line: string | undefined, transport: Transport): Promise<{ events: string[]; data: string; transport: string }> =>
    new Promise((resolve) => {
      const events: string[] = [];
      let data = '';
      const done = (): void => {
        sock.destroy();
        resolve({ events, data, transport: sock.transport });
      };
      const sock = connectLine(
        path,
        {
          connect: () => {
            events.push('connect');
            if (line !== undefined) sock.write(line);
          },
          data: (c) => (data += c.toString('utf8')),
          end: () => {
            events.push('end');
            done();
          },
          error: (code) => {
            events.push(`error ${code}`);
            done();
          },
        },
        transport,
      );
    });

  for (const t of TRANSPORTS) {
    describe(`transport ${t}`, () => {
      it(`is carried by ${expectedTransport(t)}`, async () => {
        const path = await raw((c) => c.end('hi\n'));
        const r = await exchange(path, 'x\n', t);
        assert.equal(r.transport, expectedTransport(t));
        assert.deepEqual(r.events, ['connect', 'end']);
        assert.equal(r.data, 'hi\n');
      });

      it('asks a real bridge server and reads its decision', async () => {
        const dir = join(root, 'run');
        const ws = join(root, 'ws');
        mkdirSync(ws, { recursive: true });
        const seen: string[] = [];
        bridges.push(
          await startBridgeServer({
            workspaceFolders: [ws],
            dir,
            onRequest: async (req) => {
              seen.push((req.actions[0] as { command: string }).command);
              return { decision: 'ask', reason: `asked about ${req.actions.length} action`, approvalId: 'a1' };
            },
          }),
        );
        const editor = findEditor(ws, dir, { standInPids: [process.pid] })!;
        const r = await askEditor(editor, { agent: 'claude', actions: [{ kind: 'shell', command: 'rm -rf build' }], cwd: ws }, 5000, t);
        assert.deepEqual(r, { ok: true, response: { decision: 'ask', reason: 'asked about 1 action', approvalId: 'a1' } });
        assert.deepEqual(seen, ['rm -rf build']);
      });

      it('reports nothing listening as unreachable, with the code node:net gives', async () => {
        const path = linux ? `\0br-line-test-nobody-${process.pid}` : join(root, 'nobody.sock');
        const r = await exchange(path, 'x\n', t);
        assert.deepEqual(r.events, [linux ? 'error ECONNREFUSED' : 'error ENOENT']);
        const ask = await askEditor(
          { file: '', discovery: { version: 1, pid: 1, socketPath: path, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } },
          { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' },
          5000,
          t,
        );
        assert.equal(ask.ok, false);
        assert.equal(!ask.ok && ask.kind, 'unreachable');
        assert.match(!ask.ok ? ask.message : '', linux ? /ECONNREFUSED/ : /ENOENT/);
      });

      it('reads an answer sent in many small pieces', async () => {
        const answer = JSON.stringify({ decision: 'allow', reason: 'x'.repeat(3000) });
        const path = await raw((c) => {
          c.once('data', () => {
            let i = 0;
            const next = (): void => {
              if (i >= answer.length) return void c.end('\n');
              c.write(answer.slice(i, i + 97));
              i += 97;
              setTimeout(next, i % 970 === 0 ? 2 : 0);
            };
            next();
          });
        });
        const r = await exchange(path, 'q\n', t);
        assert.equal(r.data, `${answer}\n`);
        const ask = await askEditor(
          { file: '', discovery: { version: 1, pid: 1, socketPath: path, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } },
          { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' },
          5000,
          t,
        );
        assert.deepEqual(ask, { ok: true, response: { decision: 'allow', reason: 'x'.repeat(3000) } });
      });

      it('sends a request larger than a socket buffer whole', async () => {
        let got = 0;
        const path = await raw((c) => {
          c.on('data', (d: Buffer) => {
            got += d.length;
            if (d.includes(10)) c.end(`${got}\n`);
          });
        });
        const big = `${'y'.repeat(4 * 1024 * 1024)}\n`;
        const r = await exchange(path, big, t);
        assert.equal(r.data, `${big.length}\n`);
      });

      it('tells a server that hangs up without answering from an answer', async () => {
        const path = await raw((c) => c.once('data', () => c.end()));
        const ask: AskResult = await askEditor(
          { file: '', discovery: { version: 1, pid: 1, socketPath: path, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } },
          { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' },
          5000,
          t,
        );
        assert.deepEqual(ask, { ok: false, kind: 'protocol', message: 'the editor closed the connection without answering' });
      });

      it('stops reading an oversized answer', async () => {
        const path = await raw((c) => c.once('data', () => c.write(Buffer.alloc(MAX_MESSAGE_BYTES + 1024, 0x61))));
        const ask = await askEditor(
          { file: '', discovery: { version: 1, pid: 1, socketPath: path, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } },
          { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' },
          10000,
          t,
        );
        assert.deepEqual(ask, { ok: false, kind: 'protocol', message: 'the editor sent an oversized answer' });
      });

      it('gives up at its deadline on a server that never answers, and closes the connection', async () => {
        let closed!: () => void;
        const wasClosed = new Promise<void>((r) => (closed = r));
        const path = await raw((c) => c.on('data', () => undefined).on('close', () => closed()));
        const started = Date.now();
        const ask = await askEditor(
          { file: '', discovery: { version: 1, pid: 1, socketPath: path, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } },
          { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' },
          300,
          t,
        );
        assert.deepEqual(ask, { ok: false, kind: 'timeout', message: 'the editor did not answer within 0.3s' });
        assert.ok(Date.now() - started >= 290, 'not before the deadline');
        await wasClosed;
      });

      it('reports nothing after destroy()', async () => {
        const path = await raw((c) => c.once('data', () => setTimeout(() => c.end('late\n'), 50)));
        const events: string[] = [];
        const sock = connectLine(
          path,
          {
            connect: () => {
              events.push('connect');
              sock.write('q\n');
              setTimeout(() => sock.destroy(), 10);
            },
            data: () => events.push('data'),
            end: () => events.push('end'),
            error: (code) => events.push(`error ${code}`),
          },
          t,
        );
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(events, ['connect']);
      });
    });
  }

  describe('another Node’s bindings', () => {
    const b = (process as unknown as { binding: (name: string) => Record<string, unknown> }).binding;
    const real = { pipes: b.call(process, 'pipe_wrap'), streams: b.call(process, 'stream_wrap') };
    /** This Node's pipe binding with one method of its Pipe replaced (a real handle otherwise). */
    const pipesWith = (name: string, fn: (...args: unknown[]) => unknown): Record<string, unknown> => {
      const Base = real.pipes.Pipe as new (type: number) => object;
      const Pipe = class extends Base {};
      Object.defineProperty(Pipe.prototype, name, { value: fn });
      return { ...real.pipes, Pipe };
    };

    it('uses them only when every piece is there with its type', function () {
      if (process.platform === 'win32') this.skip();
      assert.ok(checkBindings(real.pipes, real.streams), 'this Node’s own');
      const drop = (o: Record<string, unknown>, k: string, v: unknown = undefined) => ({ ...o, [k]: v });
      const cases: [string, unknown, unknown][] = [
        ['no pipe binding', undefined, real.streams],
        ['no stream binding', real.pipes, undefined],
        ['no Pipe', drop(real.pipes, 'Pipe'), real.streams],
        ['no PipeConnectWrap', drop(real.pipes, 'PipeConnectWrap'), real.streams],
        ['no constants', drop(real.pipes, 'constants'), real.streams],
        ['SOCKET not a number', drop(real.pipes, 'constants', { SOCKET: '0' }), real.streams],
        ['no WriteWrap', real.pipes, drop(real.streams, 'WriteWrap')],
        ['streamBaseState not an Int32Array', real.pipes, drop(real.streams, 'streamBaseState', new Uint32Array(8))],
        ['no kReadBytesOrError', real.pipes, drop(real.streams, 'kReadBytesOrError')],
        ['no kArrayBufferOffset', real.pipes, drop(real.streams, 'kArrayBufferOffset')],
      ];
      for (const [what, pipes, streams] of cases) assert.equal(checkBindings(pipes, streams), undefined, what);
    });

    it('falls back to node:net when they are not what this file expects, or connect throws', async function () {
      if (process.platform === 'win32') this.skip();
      const path = await raw((c) => c.end('hi\n'));
      for (const bindings of [
        { pipes: { ...real.pipes, PipeConnectWrap: undefined }, streams: real.streams },
        {
          pipes: {
            ...real.pipes,
            Pipe: class {
              constructor() {
                throw new TypeError('another constructor');
              }
            },
          },
          streams: real.streams,
        },
        {
          pipes: pipesWith('connect', () => {
            throw new TypeError('another signature');
          }),
          streams: real.streams,
        },
      ]) {
        const r = await new Promise<string>((resolve) => {
          const sock = connectLine(
            path,
            { connect: () => undefined, data: () => undefined, end: () => (sock.destroy(), resolve(sock.transport)), error: (c) => resolve(`error ${c}`) },
            'auto',
            bindings,
          );
        });
        assert.equal(r, 'net');
      }
    });

    const failing: [string, string, number, string[]][] = [
      ['connect', 'connect', -111, ['error ECONNREFUSED: connect ECONNREFUSED']],
      ['readStart', 'a read that cannot start', -9, ['error EBADF: read EBADF']],
      ['writeUtf8String', 'a write', -32, ['connect', 'error EPIPE: write EPIPE']],
    ];
    for (const [method, what, status, events] of failing) {
      it(`reports ${what} that fails at once as an error with its code`, async function () {
        if (process.platform === 'win32') this.skip();
        const path = await raw((c) => c.on('data', () => undefined));
        const seen: string[] = [];
        await new Promise<void>((resolve) => {
          const sock = connectLine(
            path,
            {
              connect: () => (seen.push('connect'), sock.write('x\n')),
              data: () => seen.push('data'),
              end: () => (seen.push('end'), resolve()),
              error: (code, message) => (seen.push(`error ${code}: ${message}`), sock.destroy(), resolve()),
            },
            'auto',
            { pipes: pipesWith(method, () => status), streams: real.streams },
          );
          assert.equal(sock.transport, 'bindings');
        });
        assert.deepEqual(seen, events);
      });
    }
  });

  it('asks an editor without loading node:net (the hook pays ~1.5 ms for it)', async function () {
    if (process.platform === 'win32') this.skip();
    const path = await raw((c) => c.once('data', () => c.end(`${JSON.stringify({ decision: 'allow', reason: 'ok' })}\n`)));
    const client = join(__dirname, '../../../src/bridge/client.js');
    const script = `
      const { askEditor } = require(${JSON.stringify(client)});
      const editor = { file: '', discovery: { version: 1, pid: 1, socketPath: ${JSON.stringify(path)}, token: 'a'.repeat(64), workspaceFolders: ['/'], startedAt: 1 } };
      askEditor(editor, { agent: 'claude', actions: [{ kind: 'shell', command: 'ls' }], cwd: '/' }, 5000).then((r) => {
        // read before process.stdout, which loads net for a pipe
        const net = process.moduleLoadList.includes('NativeModule net');
        process.stdout.write(JSON.stringify({ net, r }));
      });
    `;
    // Not spawnSync: the server answering it lives in this process.
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000 }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(stdout),
      ),
    );
    const r = JSON.parse(out) as { net: boolean; r: AskResult };
    assert.deepEqual(r.r, { ok: true, response: { decision: 'allow', reason: 'ok' } });
    assert.equal(r.net, false, 'node:net was loaded');
  });
});
