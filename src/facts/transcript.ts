// The person's latest requests, read from an agent's own session record: read-only, only the tail,
// bounded in bytes and time, never sent anywhere. Formats seen on the real binaries (the
// versions in test/agents/versions.ts; fixtures in test/fixtures/transcripts/):
//   Claude Code  ~/.claude/projects/<cwd, / → ->/<session>.jsonl: `type:"user"` lines whose
//                `message.content` is a string (or text items; tool results are `tool_result`
//                items and are skipped), `last-prompt` lines (`lastPrompt`), `queue-operation`
//                enqueue lines (what was typed while the agent worked). Sidechain (subagent) and
//                meta lines are skipped.
//   Codex        ~/.codex/sessions/YYYY/MM/DD/rollout-….jsonl: `response_item` messages with role
//                user (input_text), `event_msg` user_message / item_completed UserMessage; the
//                environment context and `AGENTS.md` messages are role user too and are skipped.
//   Gemini CLI   ~/.gemini/tmp/<project>/chats/session-….jsonl: `{type:"user", content:[{text}]}`
//                lines and `{"$set":{messages:[…]}}` snapshots; functionResponse parts are tool
//                results; `<session_context>` is not a request.
//   Copilot CLI  ~/.copilot/session-state/<sessionId>/events.jsonl: `user.message` lines
//                (data.content). Copilot flushes the file ~0.1 s after a turn starts, so the first
//                tool call of a session can find no request there: then the session's
//                workspace.yaml `name:` (Copilot names a session after its first request, unless
//                the person named it: `user_named: true`) stands in.
// The file is the agent's: a same-user agent can append a forged "request" to it. What is read
// here is therefore only ever used to add a finding or a sentence, never to lower anything
// (task-scope.ts). What it does not read: other agents' records (Cursor, Windsurf, Cline, Kiro),
// VS Code agent transcripts (their format is not verified here), a request older than the last
// TRANSCRIPT_MAX_BYTES (1 MB) of the file.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { type TaskInput, classifyTask } from '../engine/task-scope';

export type TranscriptFormat = 'claude' | 'codex' | 'gemini' | 'copilot';

export interface TaskRead {
  /** The person's latest requests, oldest first, newest last (at most `max`). */
  requests: string[];
  format?: TranscriptFormat;
  /** Bytes read from the file (and workspace.yaml). */
  bytesRead: number;
  ms: number;
  /** Why nothing could be read (not a file, unreadable, over the time budget…). */
  problem?: string;
}

export interface ReadOptions {
  /** First read: the last this many bytes. */
  initialBytes?: number;
  /** Never more than this many bytes from the end (the read doubles up to it while no request at all is found). */
  maxBytes?: number;
  /** Stop reading (and parsing) past this many milliseconds. */
  budgetMs?: number;
  /** How many requests to return. */
  max?: number;
  /** The agent's format, when known: only its markers are searched for (the others cost time). */
  format?: TranscriptFormat;
  now?: () => number;
}

export const TRANSCRIPT_INITIAL_BYTES = 256 * 1024;
/**
 * The hard cap: a request further back is not read (nothing changes). Measured cold (a fresh hook
 * process): about 2.5 ms per MB scanned, on top of ~3 ms to classify and compare; 1 MB keeps the
 * whole under 5 ms. Claude Code repeats the last request (`last-prompt`) after every tool call, so
 * its request is always near the end; a Codex or Gemini turn with more than 1 MB of tool output
 * after the request goes without one.
 */
export const TRANSCRIPT_MAX_BYTES = 1024 * 1024;
export const TRANSCRIPT_BUDGET_MS = 50;
/** A request longer than this is cut (only its start is classified anyway). */
const MAX_TEXT = 4000;
/** Lines longer than this are not parsed (tool output, pasted files). */
const MAX_LINE = 512 * 1024;

/** Texts agents put in the user role that the person did not type. */
const NOT_A_REQUEST =
  /^\s*(<(command-name|command-message|command-args|local-command-stdout|local-command-stderr|system-reminder|user-prompt-submit-hook|bash-input|bash-stdout|bash-stderr|environment_context|user_instructions|INSTRUCTIONS|session_context|current_datetime|turn_aborted|user_shell_command)\b|# AGENTS\.md instructions|Caveat: The messages below were generated|\[Request interrupted by user|This session is being continued from a previous conversation)/;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A request's text, or undefined when it is not one the person typed. */
function request(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (!t || NOT_A_REQUEST.test(t)) return undefined;
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t;
}

function textItems(content: unknown, kinds: string[]): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const item of content)
    if (isObj(item) && (item.type === undefined || (typeof item.type === 'string' && kinds.includes(item.type))) && typeof item.text === 'string')
      parts.push(item.text);
  return parts.length ? parts.join('\n') : undefined;
}

/** The requests one JSON line holds, in file order, with the format it showed. */
function requestsOf(v: unknown): { texts: string[]; format?: TranscriptFormat } {
  if (!isObj(v)) return { texts: [] };
  const out: string[] = [];
  const push = (t: string | undefined): void => {
    const r = request(t);
    if (r) out.push(r);
  };
  // Claude Code
  if (v.type === 'user' && isObj(v.message)) {
    if (v.isSidechain === true || v.isMeta === true || v.isCompactSummary === true) return { texts: [], format: 'claude' };
    const c = v.message.content;
    if (typeof c === 'string') push(c);
    else if (Array.isArray(c) && !c.some((i) => isObj(i) && i.type === 'tool_result')) push(textItems(c, ['text']));
    return { texts: out, format: 'claude' };
  }
  if (v.type === 'last-prompt') return { texts: (push(str(v.lastPrompt)), out), format: 'claude' };
  if (v.type === 'queue-operation') return { texts: v.operation === 'enqueue' ? (push(str(v.content)), out) : [], format: 'claude' };
  // Codex
  if (v.type === 'response_item' && isObj(v.payload)) {
    const p = v.payload;
    if (p.type === 'message' && p.role === 'user') push(textItems(p.content, ['input_text']));
    return { texts: out, format: 'codex' };
  }
  if (v.type === 'event_msg' && isObj(v.payload)) {
    const p = v.payload;
    if (p.type === 'user_message') push(str(p.message));
    else if (p.type === 'item_completed' && isObj(p.item) && p.item.type === 'UserMessage') push(textItems(p.item.content, ['text']));
    return { texts: out, format: 'codex' };
  }
  // Copilot CLI
  if (v.type === 'user.message' && isObj(v.data)) return { texts: (push(str(v.data.content)), out), format: 'copilot' };
  // Gemini CLI: a message line, or a snapshot of messages.
  const gemini = (m: unknown): void => {
    if (!isObj(m) || m.type !== 'user' || !Array.isArray(m.content)) return;
    if (m.content.some((p) => isObj(p) && 'functionResponse' in p)) return;
    push(textItems(m.content, []));
  };
  if (v.type === 'user' && Array.isArray(v.content)) {
    gemini(v);
    return { texts: out, format: 'gemini' };
  }
  if (isObj(v.$set) && Array.isArray(v.$set.messages)) {
    for (const m of v.$set.messages) gemini(m);
    return { texts: out, format: 'gemini' };
  }
  return { texts: [] };
}

/**
 * Where a request can start, as each agent serialises it (key order included): a line is parsed
 * only when one of these is in it, found by native search over the raw bytes — the tool output
 * that fills most of a transcript is never decoded, split or parsed. An agent that reorders its
 * keys is simply not read (no request, nothing changes).
 */
const MARKERS: Record<TranscriptFormat, Buffer[]> = {
  claude: [
    '"role":"user","content":"', // a typed request
    '"role":"user","content":[{"type":"text"', // a request with attachments
    '"type":"last-prompt"',
    '"operation":"enqueue"', // typed while the agent worked
  ].map((m) => Buffer.from(m)),
  codex: ['"role":"user","content":[{"type":"input_text"', '"type":"user_message"', '"type":"UserMessage"'].map((m) => Buffer.from(m)),
  gemini: ['"type":"user","content":[{"text"', '{"$set":{"messages"'].map((m) => Buffer.from(m)),
  copilot: ['"type":"user.message"'].map((m) => Buffer.from(m)),
};
const ALL_MARKERS = Object.values(MARKERS).flat();
/** More hits than this per marker in one window are not looked at (a pasted transcript, a loop). */
const MAX_HITS = 64;

/** Start offsets of the lines in `buf` (from `from` on) holding a marker, newest first. */
function candidateLines(buf: Buffer, from: number, markers: Buffer[]): number[] {
  const starts = new Set<number>();
  for (const m of markers) {
    let p = buf.lastIndexOf(m);
    for (let n = 0; p >= from && n < MAX_HITS; n++) {
      starts.add(buf.lastIndexOf(10, p) + 1);
      p = p > 0 ? buf.lastIndexOf(m, p - 1) : -1;
    }
  }
  return [...starts].filter((x) => x >= from).sort((a, b) => b - a);
}

/** Opens a regular file read-only without blocking (a FIFO or a device is refused, not waited on). */
function openRegular(path: string): { fd: number; size: number } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { problem: `cannot open (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      return { problem: 'not a regular file' };
    }
    return { fd, size: st.size };
  } catch (err) {
    closeSync(fd);
    return { problem: `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/**
 * Reads the latest requests from a transcript. Never throws, never writes, never waits on the
 * file: a path that is not an absolute path to a regular file yields no requests and a problem.
 */
export function readTask(path: string, opts: ReadOptions = {}): TaskRead {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const budget = opts.budgetMs ?? TRANSCRIPT_BUDGET_MS;
  const maxBytes = Math.max(1, opts.maxBytes ?? TRANSCRIPT_MAX_BYTES);
  const max = Math.max(1, opts.max ?? 3);
  const done = (r: Omit<TaskRead, 'ms'>): TaskRead => ({ ...r, ms: now() - t0 });
  if (typeof path !== 'string' || !path || path.length > 4096 || path.includes('\0') || !isAbsolute(path))
    return done({ requests: [], bytesRead: 0, problem: 'not an absolute path' });
  const opened = openRegular(path);
  if ('problem' in opened) {
    const named = copilotFallback(path);
    return done(named ? { requests: [named.name], format: 'copilot', bytesRead: named.bytes } : { requests: [], bytesRead: 0, problem: opened.problem });
  }
  const markers = opts.format ? MARKERS[opts.format] : ALL_MARKERS;
  const found: string[] = []; // newest first
  let format: TranscriptFormat | undefined;
  let bytesRead = 0;
  let problem: string | undefined;
  try {
    const { fd, size } = opened;
    let end = size; // bytes [end, size) are scanned
    let carry = Buffer.alloc(0); // the partial first line of the previous window
    let want = Math.min(opts.initialBytes ?? TRANSCRIPT_INITIAL_BYTES, maxBytes);
    while (end > 0) {
      const start = Math.max(0, size - want);
      if (start >= end) break;
      // Not zero-filled: only the bytes read (got) are ever looked at.
      const chunk = Buffer.allocUnsafe(end - start);
      let got = 0;
      while (got < chunk.length) {
        const n = readSync(fd, chunk, got, chunk.length - got, start + got);
        if (n <= 0) break;
        got += n;
      }
      bytesRead += got;
      const buf = carry.length ? Buffer.concat([chunk.subarray(0, got), carry]) : chunk.subarray(0, got);
      // Unless the window starts the file, its first line may be cut: keep it for the next window.
      const firstNl = start > 0 ? buf.indexOf(10) : -1;
      carry = start > 0 ? (firstNl < 0 ? buf : buf.subarray(0, firstNl)) : Buffer.alloc(0);
      const from = start > 0 ? (firstNl < 0 ? buf.length : firstNl + 1) : 0;
      for (const at of candidateLines(buf, from, markers)) {
        if (found.length >= max) break;
        if (now() - t0 > budget) {
          problem = `stopped at the ${budget} ms budget`;
          break;
        }
        const nl = buf.indexOf(10, at);
        const stop = nl < 0 ? buf.length : nl;
        if (stop - at > MAX_LINE) continue;
        let v: unknown;
        try {
          v = JSON.parse(buf.toString('utf8', at, stop));
        } catch {
          continue; // a line being written, or not JSON: not a request
        }
        const r = requestsOf(v);
        if (r.format && !format) format = r.format;
        for (let k = r.texts.length - 1; k >= 0 && found.length < max; k--) if (!found.includes(r.texts[k]!)) found.push(r.texts[k]!);
      }
      if (problem) break;
      end = start;
      // Grow backwards only while no request at all was found: the latest one is what matters.
      if (found.length || start === 0 || want >= maxBytes) break;
      want = Math.min(maxBytes, want * 2);
      if (now() - t0 > budget) {
        problem = `stopped at the ${budget} ms budget`;
        break;
      }
    }
    closeSync(fd);
  } catch (err) {
    problem = `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    try {
      closeSync(opened.fd);
    } catch {
      /* already closed */
    }
  }
  if (!found.length) {
    const named = copilotFallback(path);
    if (named) {
      bytesRead += named.bytes;
      found.push(named.name);
      format = 'copilot';
    }
  }
  return done({ requests: found.reverse(), ...(format ? { format } : {}), bytesRead, ...(problem ? { problem } : {}) });
}

/** Copilot before its first flush of events.jsonl: the session is named after its first request. */
function copilotFallback(path: string): { name: string; bytes: number } | undefined {
  if (basename(path) !== 'events.jsonl' || basename(dirname(dirname(path))) !== 'session-state') return undefined;
  const named = copilotSessionName(join(dirname(path), 'workspace.yaml'));
  return named.name ? { name: named.name, bytes: named.bytes } : undefined;
}

/** `name:` of a Copilot CLI workspace.yaml when Copilot (not the person) named the session. */
export function copilotSessionName(file: string): { name?: string; bytes: number } {
  const opened = openRegular(file);
  if ('problem' in opened) return { bytes: 0 };
  const buf = Buffer.alloc(Math.min(opened.size, 64 * 1024));
  let n = 0;
  try {
    n = readSync(opened.fd, buf, 0, buf.length, 0);
  } catch {
    /* unreadable: no name */
  } finally {
    closeSync(opened.fd);
  }
  const text = buf.subarray(0, n).toString('utf8');
  if (/^user_named:\s*true\s*$/m.test(text)) return { bytes: n };
  const m = /^name:[ \t]*(.*)$/m.exec(text);
  if (!m) return { bytes: n };
  const raw = m[1]!.trim();
  let name: string | undefined;
  if (raw.startsWith('"')) {
    try {
      name = JSON.parse(raw) as string; // YAML double quotes escape as JSON does for what Copilot writes
    } catch {
      name = undefined;
    }
  } else if (raw.startsWith("'")) name = raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : undefined;
  else if (!/^[|>]/.test(raw)) name = raw; // block scalars: not read
  return { ...(request(name) ? { name: request(name)! } : {}), bytes: n };
}

/** The transcript format each agent writes (the VS Code agent's is not known: every format is tried). */
const FORMAT_OF: Record<string, TranscriptFormat> = { claude: 'claude', codex: 'codex', gemini: 'gemini', copilot: 'copilot' };

/** How the person is told where the request was read, by the hook's agent name. */
export const TRANSCRIPT_FROM: Record<string, string> = {
  claude: 'Claude Code transcript',
  codex: 'Codex session',
  gemini: 'Gemini CLI chat',
  vscode: 'VS Code agent transcript',
  copilot: 'Copilot CLI session',
};

/**
 * The latest request of a transcript, classified (engine/task-scope.ts), ready for
 * applyTaskScope; undefined when no request could be read. A reply that only agrees ("yes") keeps
 * the request before it beside it. The full text lives only in the returned object.
 */
export function taskInputFrom(path: string, agent: string, opts: ReadOptions = {}): { input?: TaskInput; read: TaskRead } {
  const format = FORMAT_OF[agent];
  const read = readTask(path, { ...(format ? { format } : {}), ...opts });
  const latest = read.requests[read.requests.length - 1];
  if (!latest) return { read };
  const scope = classifyTask(latest);
  const previous = scope.continuation ? read.requests[read.requests.length - 2] : undefined;
  const from = TRANSCRIPT_FROM[agent];
  return { read, input: { ...scope, text: latest, ...(previous ? { previous } : {}), ...(from ? { from } : {}) } };
}
