// The hook's side of one bridge connection: connect to a local socket, write one line, hear the
// bytes that come back. Two ways to do it, one interface:
//  - through Node's pipe and stream bindings (the ones node:net is built on), which the hook uses:
//    loading node:net and its stream machinery costs ~1.5 ms of a hook call whose whole budget
//    above a bare node is a few milliseconds, and an editor is asked on every tool call;
//  - through node:net, wherever the bindings cannot be had quietly (facts/node-binding.ts) or do
//    not look the way this file expects (another Node's internals): every check below that fails
//    falls back to it, never to a guess.
// Both report the same events with the same error codes (the code of a failed connect comes from
// the same libuv status either way), and the bridge client's tests run each of them.
import { nodeBinding } from '../facts/node-binding';

export interface LineSocketEvents {
  connect(): void;
  data(chunk: Buffer): void;
  /** The other end closed its side. */
  end(): void;
  /** `code`: the system error's name (ECONNREFUSED, ENOENT, EPIPE, …) when there is one. */
  error(code: string | undefined, message: string): void;
}

export interface LineSocket {
  /** Writes `text` (after connect). Errors arrive through `error`. */
  write(text: string): void;
  /** Closes the connection; no event follows. Safe to call more than once. */
  destroy(): void;
  /** Which transport carries it (for tests). */
  readonly transport: 'bindings' | 'net';
}

export type Transport = 'auto' | 'net';

/**
 * Connects to the socket at `path` (a file path, or "\0name" for an abstract one on Linux).
 * `bindings`: for tests, the pipe and stream bindings to use in place of this Node's own.
 */
export function connectLine(path: string, on: LineSocketEvents, transport: Transport = 'auto', bindings?: { pipes: unknown; streams: unknown }): LineSocket {
  if (transport === 'auto') {
    const b = bindings ? checkBindings(bindings.pipes, bindings.streams) : ownBindings();
    const socket = b && connectThroughBindings(b, path, on);
    if (socket) return socket;
  }
  return connectThroughNet(path, on);
}

function connectThroughNet(path: string, on: LineSocketEvents): LineSocket {
  const { connect } = require('node:net') as typeof import('node:net');
  const socket = connect(path);
  // A destroyed net.Socket emits none of these any more.
  socket.on('connect', () => on.connect());
  socket.on('data', (chunk: Buffer) => on.data(chunk));
  socket.on('end', () => on.end());
  socket.on('error', (err: NodeJS.ErrnoException) => on.error(err.code, err.message));
  return { transport: 'net', write: (text) => void socket.write(text), destroy: () => void socket.destroy() };
}

// The shapes this file relies on, as Node 20–24 have them (lib/net.js, lib/internal/stream_base_commons.js).
interface PipeHandle {
  connect(req: object, path: string): number;
  readStart(): number;
  writeUtf8String(req: object, text: string): number;
  close(cb?: () => void): void;
  onread: ((buf: ArrayBuffer | undefined) => void) | undefined;
}
interface PipeBinding {
  Pipe: new (type: number) => PipeHandle;
  PipeConnectWrap: new () => { oncomplete?: (status: number) => void; address?: string };
  constants: { SOCKET: number };
}
interface StreamBinding {
  WriteWrap: new () => { handle?: PipeHandle; oncomplete?: (status: number) => void };
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
}

/** libuv's end of file (UV_EOF), the same on every platform. */
const UV_EOF = -4095;

type Bindings = { pipes: PipeBinding; streams: StreamBinding };

/** This Node's pipe and stream bindings, when they can be had quietly and look as expected. */
const ownBindings = (): Bindings | undefined =>
  process.platform === 'win32' ? undefined : checkBindings(nodeBinding('pipe_wrap'), nodeBinding('stream_wrap'));

/** The two bindings when every piece this file uses is there with the expected type; else undefined (node:net then). */
export function checkBindings(pipeBinding: unknown, streamBinding: unknown): Bindings | undefined {
  const pipes = pipeBinding as Partial<PipeBinding> | undefined;
  const streams = streamBinding as Partial<StreamBinding> | undefined;
  if (typeof pipes?.Pipe !== 'function' || typeof pipes.PipeConnectWrap !== 'function' || typeof pipes.constants?.SOCKET !== 'number') return undefined;
  if (
    typeof streams?.WriteWrap !== 'function' ||
    !(streams.streamBaseState instanceof Int32Array) ||
    typeof streams.kReadBytesOrError !== 'number' ||
    typeof streams.kArrayBufferOffset !== 'number'
  )
    return undefined;
  return { pipes: pipes as PipeBinding, streams: streams as StreamBinding };
}

/** The name of a negative libuv status (ECONNREFUSED…), as node:net would give it. */
const errorName = (status: number): string => (require('node:util') as typeof import('node:util')).getSystemErrorName(status);

function connectThroughBindings({ pipes, streams }: Bindings, path: string, on: LineSocketEvents): LineSocket | undefined {
  let handle: PipeHandle;
  try {
    handle = new pipes.Pipe(pipes.constants.SOCKET);
  } catch {
    return undefined;
  }
  // After destroy() nothing more is reported (a request libuv cancels on close ends here too).
  let closed = false;
  const fail = (status: number, what: string): void => {
    if (closed) return;
    const code = errorName(status);
    on.error(code, `${what} ${code}`);
  };
  // The requests below are C++ objects that Node keeps alive while libuv holds them (as net.js relies on).
  const socket: LineSocket = {
    transport: 'bindings',
    write: (text) => {
      if (closed) return;
      const req = new streams.WriteWrap();
      req.handle = handle;
      req.oncomplete = (status) => {
        if (status < 0) fail(status, 'write');
      };
      const err = handle.writeUtf8String(req, text);
      // A write that fails at once never calls oncomplete.
      if (err < 0) queueMicrotask(() => fail(err, 'write'));
    },
    destroy: () => {
      if (closed) return;
      closed = true;
      handle.close();
    },
  };
  handle.onread = (buf) => {
    if (closed) return;
    const n = streams.streamBaseState[streams.kReadBytesOrError]!;
    if (n > 0 && buf) on.data(Buffer.from(buf, streams.streamBaseState[streams.kArrayBufferOffset], n));
    else if (n === UV_EOF) on.end();
    else if (n < 0) fail(n, 'read');
  };
  const req = new pipes.PipeConnectWrap();
  req.address = path;
  req.oncomplete = (status) => {
    if (status < 0) return fail(status, 'connect');
    const err = handle.readStart();
    if (err < 0) return fail(err, 'read');
    if (!closed) on.connect();
  };
  let err: number;
  try {
    err = handle.connect(req, path);
  } catch {
    // another Node's binding that wants other arguments: node:net knows it
    handle.close();
    return undefined;
  }
  if (err < 0) queueMicrotask(() => fail(err, 'connect'));
  return socket;
}
