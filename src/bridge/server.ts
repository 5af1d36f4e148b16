// The editor side of the bridge, without vscode: listens on a local socket (abstract on Linux,
// a socket file in the private bridge directory elsewhere, a named pipe on Windows), writes the
// discovery file the hook finds it by, and answers each request through `onRequest`. The
// extension wraps this; tests and the bench run it as is. Invariants: every accepted connection
// gets exactly one answer line; a refusal is an `{"error"}` line, never a decision; nothing a
// client sends can block another connection. While it listens, the server keeps this extension's
// package.json open: the hook reads that (through /proc) as the sign that the process holding the
// socket runs Blast Radius (src/bridge/trust.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import type { Action } from '../engine/schema';
import { defaultBridgeDir, discoveryPathFor, ensurePrivateDir, isAbstractSocket, socketPathFor } from './paths';
import { type BridgeRefusal, type BridgeRequest, type BridgeResponse, type Discovery, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './protocol';
import { BridgeRequestSchema, BridgeResponseSchema, firstIssue } from './schema';

export type { BridgeRequest, BridgeResponse, Discovery } from './protocol';
export type { Action };

export interface BridgeServerOptions {
  workspaceFolders: string[];
  /** Called once per request; `signal` aborts when the hook disconnects or its deadline passes. */
  onRequest: (req: Omit<BridgeRequest, 'token'>, signal: AbortSignal) => Promise<BridgeResponse>;
  /** Directory for the socket and discovery file (default: per-user runtime dir, created 0700). */
  dir?: string;
  log?: (message: string) => void;
}

export interface BridgeServer {
  socketPath: string;
  discoveryFile: string;
  token: string;
  pid: number;
  close(): Promise<void>;
}

/** A client must send its whole request line within this time. */
const READ_TIMEOUT_MS = 10_000;
/** Without a deadline from the hook, the longest the server lets a request run. */
const DEFAULT_DEADLINE_MS = 600_000;

interface Internal {
  server: Server;
  startedAt: number;
  pending: Set<(r: BridgeResponse) => void>;
  closed: boolean;
  /** This extension's package.json, held open while listening (the hook's sign of who we are). */
  packageFd?: number;
}

/** The package.json of this extension: the first one named blast-radius above this module. */
export function ownPackageJson(from: string = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; publisher?: unknown };
        if (pkg.name === 'blast-radius' && pkg.publisher === 'blast-radius') return file;
      } catch {
        // not ours: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
const internals = new WeakMap<BridgeServer, Internal>();

export async function startBridgeServer(opts: BridgeServerOptions): Promise<BridgeServer> {
  const log = opts.log ?? (() => undefined);
  const dir = opts.dir ?? defaultBridgeDir();
  ensurePrivateDir(dir);
  const id = `editor-${process.pid}-${randomBytes(6).toString('hex')}`;
  const socketPath = socketPathFor(dir, id);
  const discoveryFile = discoveryPathFor(dir, id);
  const token = randomBytes(32).toString('hex');
  const tokenHash = createHash('sha256').update(token).digest();
  const state: Internal = { server: createServer(), startedAt: Date.now(), pending: new Set(), closed: false };

  const tokenOk = (t: unknown): boolean => typeof t === 'string' && timingSafeEqual(createHash('sha256').update(t).digest(), tokenHash);

  state.server.on('connection', (socket) => handleConnection(socket, { tokenOk, onRequest: opts.onRequest, log, state }));
  state.server.on('error', (err) => log(`bridge: server error: ${err.message}`));

  // The socket is created with the process umask; the directory (0700) already keeps other users
  // out, and the chmod closes the window on systems that honour socket modes.
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    state.server.once('error', onError);
    state.server.listen(socketPath, () => {
      state.server.off('error', onError);
      resolve();
    });
  });
  if (process.platform !== 'win32' && !isAbstractSocket(socketPath)) chmodSync(socketPath, 0o600);
  const pkg = ownPackageJson();
  if (pkg) state.packageFd = openSync(pkg, 'r');
  else log('bridge: no blast-radius package.json found above the bridge module; hooks will not trust this server');

  const server: BridgeServer = {
    socketPath,
    discoveryFile,
    token,
    pid: process.pid,
    close: () => closeServer(server),
  };
  internals.set(server, state);
  writeDiscovery(server, opts.workspaceFolders);
  exitCleanup.add(server);
  log(`bridge: listening on ${socketPath} for ${opts.workspaceFolders.join(', ') || '(no folders)'}`);
  return server;
}

/** Rewrites the discovery file (atomically) with the window's current folders. */
export function updateWorkspaceFolders(server: BridgeServer, folders: string[]): void {
  const state = internals.get(server);
  if (!state || state.closed) return;
  writeDiscovery(server, folders);
}

function writeDiscovery(server: BridgeServer, folders: string[]): void {
  const state = internals.get(server)!;
  const body: Discovery = {
    version: PROTOCOL_VERSION,
    pid: server.pid,
    socketPath: server.socketPath,
    token: server.token,
    workspaceFolders: [...folders],
    startedAt: state.startedAt,
  };
  const tmp = `${server.discoveryFile}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
  renameSync(tmp, server.discoveryFile);
}

async function closeServer(server: BridgeServer): Promise<void> {
  const state = internals.get(server);
  if (!state || state.closed) return;
  state.closed = true;
  exitCleanup.delete(server);
  removeFiles(server);
  if (state.packageFd !== undefined) closeSync(state.packageFd);
  for (const answer of [...state.pending]) answer({ decision: 'deny', reason: 'Blast Radius: the editor closed before deciding; denied.' });
  await new Promise<void>((resolve) => state.server.close(() => resolve()));
}

function removeFiles(server: BridgeServer): void {
  rmSync(server.discoveryFile, { force: true });
  if (process.platform !== 'win32' && !isAbstractSocket(server.socketPath)) rmSync(server.socketPath, { force: true });
}

// Discovery files of a process that exits without close() would look alive until its pid is
// reused; remove them synchronously on exit (stale ones of crashed processes are the client's job).
const exitCleanup = new Set<BridgeServer>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const s of exitCleanup) {
      try {
        removeFiles(s);
      } catch {
        // best effort on the way out
      }
    }
  });
}
hookExit();

interface ConnContext {
  tokenOk(t: unknown): boolean;
  onRequest: BridgeServerOptions['onRequest'];
  log: (message: string) => void;
  state: Internal;
}

function handleConnection(socket: Socket, ctx: ConnContext): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const controller = new AbortController();

  const finish = (payload: BridgeResponse | BridgeRefusal): void => {
    if (done) return;
    done = true;
    clearTimeout(readTimer);
    if (!socket.destroyed) socket.end(`${JSON.stringify(payload)}\n`);
  };
  const refuse = (error: string): void => {
    ctx.log(`bridge: refused: ${error}`);
    finish({ error });
    socket.pause();
  };

  const readTimer = setTimeout(() => refuse(`no complete request within ${READ_TIMEOUT_MS / 1000}s`), READ_TIMEOUT_MS);
  readTimer.unref();
  socket.on('error', () => undefined); // a hook that went away; nothing to answer
  socket.on('close', () => {
    clearTimeout(readTimer);
    if (!done) {
      done = true;
      controller.abort(new Error('hook disconnected'));
    }
  });
  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    const nl = chunk.indexOf(10);
    const take = nl >= 0 ? chunk.subarray(0, nl) : chunk;
    size += take.length;
    if (size > MAX_MESSAGE_BYTES) return refuse(`request larger than ${MAX_MESSAGE_BYTES} bytes`);
    chunks.push(take);
    if (nl < 0) return;
    clearTimeout(readTimer);
    socket.pause();
    void handleLine(Buffer.concat(chunks).toString('utf8'));
  });

  async function handleLine(line: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return refuse('malformed request: not JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return refuse('malformed request: not an object');
    const raw = json as Record<string, unknown>;
    if (raw.version !== PROTOCOL_VERSION) return refuse(`unsupported protocol version ${JSON.stringify(raw.version)} (this editor speaks ${PROTOCOL_VERSION})`);
    if (!ctx.tokenOk(raw.token)) return refuse('wrong token');
    const parsed = BridgeRequestSchema.safeParse(json);
    if (!parsed.success) return refuse(`malformed request: ${firstIssue(parsed.error)}`);
    const { token: _token, ...req } = parsed.data;
    if (ctx.state.closed) return finish({ decision: 'deny', reason: 'Blast Radius: the editor is closing; denied.' });

    const deadline = req.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const answer = (r: BridgeResponse): void => {
      ctx.state.pending.delete(answer);
      clearTimeout(deadlineTimer);
      finish(r);
    };
    const deadlineTimer = setTimeout(() => {
      controller.abort(new Error('deadline passed'));
      answer({ decision: 'deny', reason: `Blast Radius: no decision within ${Math.round(deadline / 1000)}s; denied.` });
    }, deadline);
    deadlineTimer.unref();
    ctx.state.pending.add(answer);
    try {
      const response = await ctx.onRequest(req, controller.signal);
      const checked = BridgeResponseSchema.safeParse(response);
      if (!checked.success) {
        ctx.log(`bridge: onRequest returned an invalid response: ${firstIssue(checked.error)}`);
        return answer({ decision: 'deny', reason: `Blast Radius: the editor gave an invalid answer (${firstIssue(checked.error)}); denied.` });
      }
      answer(checked.data);
    } catch (err) {
      ctx.log(`bridge: onRequest failed: ${err instanceof Error ? err.message : String(err)}`);
      answer({ decision: 'deny', reason: `Blast Radius: the editor failed to decide (${err instanceof Error ? err.message : String(err)}); denied.` });
    }
  }
}
