// Node's own bindings, reached the one way Node still offers user code (`process.binding`, for an
// allow-list of modules that includes `pipe_wrap`, `stream_wrap`, `process_wrap` and `spawn_sync`).
// The hook is a fresh process for every agent tool call, and three of the things it needs cost more
// through the public modules than the work itself: switching its input pipe to non-blocking (net
// and streams, ~3 ms to load), running git once (child_process, net and a socket per pipe, ~4 ms
// more than the spawn) and one exchange with the editor (net, ~1.5 ms; bridge/line-socket.ts). Each
// caller keeps the public way as its fallback, used whenever this returns undefined: no
// `process.binding` (a future Node), or a process started with --pending-deprecation, where the
// call would print a deprecation warning on stderr, which is the blocking answer's reason for
// several agents.

/** The named binding, or undefined where it cannot be had quietly. */
export function nodeBinding(name: 'pipe_wrap' | 'process_wrap' | 'spawn_sync' | 'stream_wrap'): unknown {
  const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
  if (typeof binding !== 'function') return undefined;
  if (
    process.execArgv.includes('--pending-deprecation') ||
    /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') ||
    process.env.NODE_PENDING_DEPRECATION
  )
    return undefined;
  try {
    return binding.call(process, name);
  } catch {
    return undefined;
  }
}
