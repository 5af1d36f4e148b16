// The hook side of the bridge: find the editor window whose folders hold the action's cwd, check
// that the server behind its discovery file is a real editor running Blast Radius (trust.ts), send
// one request, read one answer. Loads no zod and no engine (the hook runs before every tool call).
// Returns result unions; never throws. Stale discovery files (dead pid) are removed on the way.
import { readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Action } from '../engine/schema';
import { defaultBridgeDir, privacyProblem, socketLabel } from './paths';
import { type BridgeResponse, type Discovery, checkDiscovery, checkResponse, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './protocol';
import { connectLine, type Transport } from './line-socket';
import { checkServer, type Trust, type TrustOptions, UnixSockets } from './trust';

export interface EditorEntry {
  file: string;
  discovery: Discovery;
}

export interface EditorScan {
  /** Live editors (pid alive, files private to this user). */
  editors: EditorEntry[];
  /** Discovery files that were ignored, with why (wrong owner, too open, malformed). */
  ignored: string[];
  /** Discovery files of dead editors that were removed. */
  removed: string[];
  /** Set when the directory itself cannot be used. */
  dirProblem?: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: alive but another user's, so our editor is gone and its pid reused.
    return false;
  }
}

/** Reads every discovery file in the bridge directory; removes those of dead processes. */
export function scanEditors(dir: string = defaultBridgeDir()): EditorScan {
  const scan: EditorScan = { editors: [], ignored: [], removed: [] };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    scan.dirProblem = `${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    return scan;
  }
  const dirProblem = privacyProblem(dir, 'dir');
  if (dirProblem) {
    scan.dirProblem = dirProblem;
    return scan;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const file = join(dir, name);
    const problem = privacyProblem(file, 'file');
    if (problem) {
      scan.ignored.push(problem);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      scan.ignored.push(`${file}: not JSON`);
      continue;
    }
    const checked = checkDiscovery(json);
    if (!checked.ok) {
      scan.ignored.push(`${file}: ${checked.error}`);
      continue;
    }
    const d = checked.value;
    if (!pidAlive(d.pid)) {
      rmSync(file, { force: true });
      // Only a socket inside our own directory is ours to remove.
      if (process.platform !== 'win32' && resolve(d.socketPath).startsWith(resolve(dir) + sep)) rmSync(d.socketPath, { force: true });
      scan.removed.push(file);
      continue;
    }
    scan.editors.push({ file, discovery: d });
  }
  return scan;
}

const norm = (p: string): string => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);
function real(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}
/** Length of the folder when `path` is inside it (or is it), else -1. */
function within(path: string, folder: string): number {
  const f = norm(resolve(folder));
  const p = norm(resolve(path));
  if (p === f || p.startsWith(f.endsWith(sep) ? f : f + sep)) return f.length;
  return -1;
}

/** The editor whose workspace folder holds `cwd` (deepest folder wins, then the newest window), unchecked. */
export function pickEditor(editors: EditorEntry[], cwd: string): EditorEntry | undefined {
  return claimsOn(editors, cwd)[0]?.entry;
}

interface Claim {
  entry: EditorEntry;
  /** Length of the claimed folder that holds the cwd (deeper is more specific). */
  depth: number;
}

/** Every editor claiming a folder that holds `cwd`, deepest first, then newest first (as claimed). */
function claimsOn(editors: EditorEntry[], cwd: string): Claim[] {
  // Paths as written first; symlinks resolved (a few syscalls) only when nothing matched.
  const direct = claims(editors, cwd, (p) => p);
  return direct.length ? direct : claims(editors, real(cwd), real);
}

function claims(editors: EditorEntry[], cwd: string, map: (p: string) => string): Claim[] {
  const out: Claim[] = [];
  for (const entry of editors) {
    let depth = -1;
    for (const folder of entry.discovery.workspaceFolders) depth = Math.max(depth, within(cwd, map(folder)));
    if (depth >= 0) out.push({ entry, depth });
  }
  return out.sort((a, b) => b.depth - a.depth || b.entry.discovery.startedAt - a.entry.discovery.startedAt);
}

export interface EditorChoice {
  /** The editor to ask, when one may be asked. */
  editor?: EditorEntry;
  trust?: Trust;
  /** What the person should know: claims that were not trusted, or why none was asked. */
  notes: string[];
  /** Every claim on the cwd with its verdict (for doctor). */
  checked: { entry: EditorEntry; trust: Trust }[];
}

/**
 * The editor to ask for `cwd`, among the claims in the bridge directory. A claim that is not
 * trusted is never asked (and is named in `notes`). Among trusted ones the deepest folder wins,
 * then the editor that has run longest: a newer claim cannot take a folder from a live editor.
 * Where claims cannot be verified (macOS, Windows), two claims on the cwd mean asking neither.
 */
export function chooseEditor(editors: EditorEntry[], cwd: string, opts: TrustOptions = {}): EditorChoice {
  const found = claimsOn(editors, cwd);
  const choice: EditorChoice = { notes: [], checked: [] };
  if (!found.length) return choice;
  const sockets = new UnixSockets();
  const trusted: { claim: Claim; trust: Extract<Trust, { trusted: true }> }[] = [];
  for (const claim of found) {
    const trust = checkServer(claim.entry.discovery, sockets, opts);
    choice.checked.push({ entry: claim.entry, trust });
    if (trust.trusted) trusted.push({ claim, trust });
    else
      choice.notes.push(
        `the editor bridge of pid ${claim.entry.discovery.pid} (${socketLabel(claim.entry.discovery.socketPath)}) claims this folder but was not asked: ${trust.why}`,
      );
  }
  if (!trusted.length) return choice;
  if (trusted.some((t) => !t.trust.verified) && trusted.length > 1) {
    choice.notes.push(
      `${trusted.length} editors (pids ${trusted.map((t) => t.claim.entry.discovery.pid).join(', ')}) claim this folder and this system cannot tell which is real, so none was asked`,
    );
    return choice;
  }
  const depth = trusted[0]!.claim.depth;
  const best = trusted
    .filter((t) => t.claim.depth === depth)
    .sort((a, b) => (a.trust.verified && b.trust.verified ? a.trust.startTicks - b.trust.startTicks || a.trust.pid - b.trust.pid : 0))[0]!;
  for (const t of trusted) {
    if (t !== best && t.claim.depth === depth)
      choice.notes.push(`the editor of pid ${t.trust.pid} also claims this folder; the one running longest (pid ${best.trust.pid}) was asked`);
  }
  choice.editor = best.claim.entry;
  choice.trust = best.trust;
  return choice;
}

/** The trusted editor for `cwd`, if any (see chooseEditor for the notes). */
export function findEditor(cwd: string, dir: string = defaultBridgeDir(), opts: TrustOptions = {}): EditorEntry | undefined {
  return chooseEditor(scanEditors(dir).editors, cwd, opts).editor;
}

export type AskResult =
  | { ok: true; response: BridgeResponse }
  /** unreachable: nothing listening; refused: the server said no (token, size, shape); timeout:
   * no answer by the deadline; protocol: an answer we cannot read. */
  | { ok: false; kind: 'unreachable' | 'refused' | 'timeout' | 'protocol'; message: string };

export interface AskRequest {
  agent: string;
  actions: Action[];
  cwd: string;
  session?: string;
  transcript?: string;
  /** The hook's own guard locations (decision/guard-paths.ts): the editor's facts count them too. */
  guardPaths?: string[];
}

/**
 * Sends one request and waits at most `timeoutMs` for the answer. The server is told a slightly
 * shorter deadline so that, when a person is slow, its own deny arrives before we give up.
 */
export function askEditor(editor: EditorEntry, req: AskRequest, timeoutMs: number, transport: Transport = 'auto'): Promise<AskResult> {
  return new Promise((resolvePromise) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (r: AskResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolvePromise(r);
    };
    const timer = setTimeout(
      () => settle({ ok: false, kind: 'timeout', message: `the editor did not answer within ${(timeoutMs / 1000).toFixed(1)}s` }),
      Math.max(1, timeoutMs),
    );
    // Through Node's pipe binding where it can be had (line-socket.ts): the hook does not load node:net.
    const socket = connectLine(
      editor.discovery.socketPath,
      {
        connect: () => {
          const body = {
            version: PROTOCOL_VERSION,
            token: editor.discovery.token,
            agent: req.agent,
            actions: req.actions,
            cwd: req.cwd,
            ...(req.session ? { session: req.session } : {}),
            ...(req.transcript ? { transcript: req.transcript } : {}),
            ...(req.guardPaths?.length ? { guardPaths: req.guardPaths } : {}),
            deadlineMs: Math.max(1, Math.floor(timeoutMs - Math.min(500, timeoutMs * 0.1))),
          };
          const line = `${JSON.stringify(body)}\n`;
          if (Buffer.byteLength(line) > MAX_MESSAGE_BYTES)
            return settle({ ok: false, kind: 'refused', message: `request larger than ${MAX_MESSAGE_BYTES} bytes` });
          socket.write(line);
        },
        data: (chunk) => {
          const nl = chunk.indexOf(10);
          size += chunk.length;
          if (size > MAX_MESSAGE_BYTES) return settle({ ok: false, kind: 'protocol', message: 'the editor sent an oversized answer' });
          chunks.push(nl >= 0 ? chunk.subarray(0, nl) : chunk);
          if (nl >= 0) settle(parseAnswer(Buffer.concat(chunks).toString('utf8')));
        },
        end: () =>
          settle(
            chunks.length
              ? parseAnswer(Buffer.concat(chunks).toString('utf8'))
              : { ok: false, kind: 'protocol', message: 'the editor closed the connection without answering' },
          ),
        error: (code, message) => {
          const unreachable = code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'ENOTSOCK';
          settle({ ok: false, kind: unreachable ? 'unreachable' : 'protocol', message: `cannot reach the editor (${code ?? message})` });
        },
      },
      transport,
    );
  });
}

function parseAnswer(line: string): AskResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, kind: 'protocol', message: 'the editor sent an answer that is not JSON' };
  }
  const checked = checkResponse(json);
  if (!checked.ok) return { ok: false, kind: 'protocol', message: checked.error };
  if ('refused' in checked) return { ok: false, kind: 'refused', message: `the editor refused the request: ${checked.refused}` };
  return { ok: true, response: checked.value };
}
