// Scripts an action would run (`bash ./fix.sh`, `node tools/x.js`, package.json for `npm run`, a
// Makefile, a justfile, `node_modules/.bin/<tool>`): read, bounded in size, never executed, so the
// engine can analyse their text like an inline script. What cannot be read is said (missing,
// unreadable, too large, binary, not a file) and the engine does not take it as harmless.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ScriptFacts } from '../engine/schema';
import type { Budget } from './budget';
import { expandPath } from './paths';

/** Largest script read whole; the engine analyses at most its first 256 KB. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

export function readScript(name: string, cwd: string, env: NodeJS.ProcessEnv, home: string, budget: Budget): ScriptFacts {
  const resolved = expandPath(name, cwd, env, home, budget).paths[0] ?? name;
  let st;
  try {
    st = statSync(resolved);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { resolved, problem: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable' };
  }
  if (!st.isFile()) return { resolved, problem: 'not-a-file' };
  if (st.size > MAX_SCRIPT_BYTES) return { resolved, problem: 'too-large', bytes: st.size };
  let fd: number | undefined;
  try {
    fd = openSync(resolved, 'r');
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const head = buf.subarray(0, Math.min(read, 8000));
    if (head.includes(0)) return { resolved, problem: 'binary', bytes: st.size };
    return { resolved, content: buf.subarray(0, read).toString('utf8'), bytes: read };
  } catch {
    return { resolved, problem: 'unreadable' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
