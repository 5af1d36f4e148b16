// `blast-radius hook <agent>`: runs before every tool call of every agent. Reads the agent's JSON
// on stdin, lets read-only tools through at once, asks the editor window that holds the cwd when
// one is listening, and otherwise assesses locally and decides by the policy alone. Fails closed:
// a crash, bad input, an unknown agent or the deadline all end in the agent's blocking answer,
// never exit 1 (several agents read 1 as "go ahead").
//
// Start-up cost is the point of this file's shape: only the adapters and the bridge client are
// imported at the top; the policy is read light (facts/policy-locate.ts: no zod, no engine) and a
// file that is not JSONC blocks before any editor is asked; the engine, zod, the facts probes and
// the full policy parser are required inside functions (esbuild keeps them lazily initialised) and
// only when no editor answers, where hook-local.ts decides as the editor's gate does
// (engine/decision.ts).
import { askEditor, chooseEditor, scanEditors } from '../bridge/client';
import type { DecidedBy } from '../bridge/protocol';
import type { TrustOptions } from '../bridge/trust';
import { adapterFor } from './agents/registry';
import { AGENTS, type Adapter, type Answer, type ParsedCall, type Verdict } from './agents/types';
import type { Action, Assessment } from '../engine/schema';
import type { PolicySource } from '../facts/policy-locate';

const HELP = `Usage: blast-radius hook <agent> [--timeout SECONDS] [--no-editor]

Answers an agent's pre-tool-use hook: reads the agent's JSON on stdin, prints the agent's answer.
Agents: ${AGENTS.join(', ')}

Options:
  --timeout SECONDS   longest wait for a decision (default: per agent, or the policy's hook.timeoutSeconds)
  --no-editor         do not ask an editor; decide by the policy alone`;

const MAX_STDIN_BYTES = 16 * 1024 * 1024;
/** Time kept back from the deadline to print the answer. */
const OUTPUT_MARGIN_MS = 150;

export interface HookOptions {
  timeoutSeconds?: number;
  noEditor: boolean;
  /** Why dist/hook.js could not use the hook's code cache (said with a local decision). */
  startNote?: string;
}

export async function runHook(argv: string[], startNote?: string): Promise<number> {
  const [agentName, ...rest] = argv;
  if (agentName === '--help' || agentName === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const adapter = agentName ? adapterFor(agentName) : undefined;
  if (!adapter) {
    // No adapter means no agent-specific answer: exit 2 is the blocking answer nearly everywhere.
    process.stderr.write(`Blast Radius: ${agentName ? `unknown agent '${agentName}'` : 'no agent given'} (expected one of ${AGENTS.join(', ')}); blocked.\n`);
    return 2;
  }
  // No environment variable turns the editor off: only --no-editor, written in the agent's settings.
  const opts: HookOptions = { noEditor: false, ...(startNote ? { startNote } : {}) };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--no-editor') opts.noEditor = true;
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice(10) : rest[++i]);
      if (!(v > 0)) return new HookRun(adapter, opts).blockNow(`Blast Radius: --timeout needs a positive number of seconds; blocked.`);
      opts.timeoutSeconds = v;
    } else return new HookRun(adapter, opts).blockNow(`Blast Radius: unknown hook option '${a}'; blocked.`);
  }
  return new HookRun(adapter, opts).run();
}

class HookRun {
  private done = false;
  private raw: string | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private deadlineAt = 0;
  private waitingFor = 'the agent’s input';

  constructor(
    private readonly adapter: Adapter,
    private readonly opts: HookOptions,
  ) {}

  blockNow(reason: string): Promise<number> {
    this.block(reason);
    return new Promise(() => undefined);
  }

  run(): Promise<number> {
    const fail = (err: unknown): void => this.block(`Blast Radius: internal error (${err instanceof Error ? err.message : String(err)}); blocked to be safe.`);
    process.on('uncaughtException', fail);
    process.on('unhandledRejection', fail);
    // An agent that gives up on the hook (its own timeout, Ctrl-C) sends SIGTERM or SIGINT: answer
    // with the blocking answer before going, so the agent that reads it anyway sees a block, and
    // the audit log records the decision instead of nothing.
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      process.on(sig, () => this.block(`Blast Radius: the hook was stopped (${sig}) while waiting for ${this.waitingFor}; blocked.`));
    }
    const seconds = this.opts.timeoutSeconds ?? this.adapter.defaultDeadlineSeconds;
    this.setDeadline(Math.min(seconds, this.opts.timeoutSeconds ?? this.adapter.maxDeadlineSeconds));
    this.main().catch(fail);
    // The answer ends the process (emit); this promise never settles on purpose.
    return new Promise(() => undefined);
  }

  /** Deadline in seconds from process start; answers with the blocking answer when it passes. */
  private setDeadline(seconds: number): void {
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    const startedMs = process.uptime() * 1000;
    this.deadlineAt = Date.now() - startedMs + seconds * 1000;
    this.deadlineTimer = setTimeout(
      () => this.block(`Blast Radius: no decision within ${seconds}s (waiting for ${this.waitingFor}); blocked.`),
      Math.max(0, this.deadlineAt - Date.now() - OUTPUT_MARGIN_MS),
    );
  }

  private remainingMs(): number {
    return this.deadlineAt - Date.now() - OUTPUT_MARGIN_MS;
  }

  private async main(): Promise<void> {
    if (stdinIsTerminal()) return this.block(`Blast Radius: 'hook ${this.adapter.name}' expects the agent's hook JSON on stdin; blocked.`);
    const raw = await readStdin(MAX_STDIN_BYTES);
    if (raw === undefined) return this.block(`Blast Radius: the hook input is larger than ${MAX_STDIN_BYTES} bytes; blocked.`);
    this.raw = raw;
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return this.block(`Blast Radius: the hook input is not valid JSON${raw.trim() ? '' : ' (it is empty)'}; blocked.`);
    }
    const parsed = this.adapter.parse(payload);
    if (!parsed.ok) return this.block(`Blast Radius: ${parsed.error}; blocked.`);
    const call = parsed.call;

    if (call.readOnly) return this.finish(call, { decision: 'allow', agentReason: '', userReason: '', source: 'read-only' });
    if (call.problems.length) {
      const why = call.problems.join('; ');
      return this.finish(call, { decision: 'deny', agentReason: `Blast Radius: ${why}.`, userReason: `Blast Radius: ${why}.`, source: 'policy' });
    }
    if (!call.actions.length) return this.block(`Blast Radius: could not tell what ${call.tool} would do; blocked.`);
    // Where the agent keeps the person's requests (a path only; read above low, by whoever decides).
    const transcript = (require('./task-ref') as typeof import('./task-ref')).transcriptOf(this.adapter.name, payload);

    // The policy, read light (no zod, no engine): its timeout, and a file that is not even JSONC
    // blocks here, before any editor is asked. The full read takes the same text later.
    const policy = (require('../facts/policy-locate') as typeof import('../facts/policy-locate')).readPolicyLight(call.cwd);
    if (!policy.ok) return this.finish(call, (require('./verdicts') as typeof import('./verdicts')).brokenPolicyVerdict(policy.error));
    if (policy.timeoutSeconds !== undefined && this.opts.timeoutSeconds === undefined) {
      this.setDeadline(Math.min(policy.timeoutSeconds, this.adapter.maxDeadlineSeconds));
    }

    if (!this.opts.noEditor) {
      // Only an editor the hook can verify is asked; a claim it cannot trust is named in the
      // reason and the audit line, and the policy decides (src/bridge/trust.ts).
      const choice = chooseEditor(scanEditors().editors, call.cwd, trustOptions());
      const notes = [...choice.notes];
      if (choice.editor) {
        this.waitingFor = 'the editor';
        // The hook's own guard locations go along: the editor's facts count them too (they can only add).
        const { runtimeGuardPaths } = require('../decision/guard-paths') as typeof import('../decision/guard-paths');
        const guardPaths = runtimeGuardPaths(process.env, __dirname);
        const r = await askEditor(
          choice.editor,
          {
            agent: this.adapter.name,
            actions: call.actions,
            cwd: call.cwd,
            ...(call.session ? { session: call.session } : {}),
            ...(transcript ? { transcript } : {}),
            guardPaths,
          },
          this.remainingMs(),
        );
        if (r.ok) return this.finish(call, this.fromEditor(call, r.response, notes), r.response.assessment);
        if (r.kind === 'timeout') return this.block(`Blast Radius: ${r.message}; blocked.`);
        // Unreachable, refused or unreadable: decide locally, as with no editor at all.
        notes.push(r.message);
      }
      if (notes.length) this.note = `${notes.join('; ')}; decided by the policy alone`;
    }
    this.waitingFor = 'the local assessment';
    await this.decideLocally(call, transcript, policy.source);
  }

  private note: string | undefined;

  private fromEditor(call: ParsedCall, res: { decision: Verdict['decision']; reason: string; decidedBy?: DecidedBy }, notes: string[]): Verdict {
    const said = /^Blast Radius\b/.test(res.reason) ? res.reason : `Blast Radius: ${res.reason}`;
    const reason = notes.length ? `${said} (Note: ${notes.join('; ')}.)` : said;
    let decision = res.decision;
    if (decision === 'ask' && !this.adapter.canAsk(call)) decision = 'deny';
    return { decision, agentReason: reason, userReason: reason, source: 'editor', ...(res.decidedBy ? { editorDecidedBy: res.decidedBy } : {}) };
  }

  private async decideLocally(call: ParsedCall, transcript?: string, policySource?: PolicySource): Promise<void> {
    const budgetMs = Math.max(50, Math.min(2000, this.remainingMs() / 4));
    // A file tool's `git status` runs while the engine loads (facts/git-early.ts).
    const { startStatusEarly } = require('../facts/git-early') as typeof import('../facts/git-early');
    const earlyGit = startStatusEarly(call.actions, call.cwd, budgetMs);
    const { local, note } = loadLocal(call);
    const notes = [this.opts.startNote, this.note, note].filter(Boolean).join('; ');
    const { verdict, assessment } = await local.decideLocally(call, {
      canAsk: this.adapter.canAsk(call),
      budgetMs,
      ...(notes ? { note: notes } : {}),
      ...(transcript ? { transcript, agent: this.adapter.name } : {}),
      ...(policySource ? { policySource } : {}),
      ...(earlyGit ? { earlyGit } : {}),
    });
    this.finish(call, verdict, assessment);
  }

  /** The one place a decision becomes final: recorded, then answered. */
  private finish(call: ParsedCall, verdict: Verdict, assessment?: Assessment): void {
    if (this.done) return;
    const note = finalDecision({
      agent: this.adapter.name,
      call,
      verdict,
      ...(assessment ? { assessment } : {}),
      lockBudgetMs: this.auditBudgetMs(),
    });
    this.emit(withAuditNote(this.adapter.name, this.adapter.answer(verdict, call), note));
  }

  private block(reason: string): void {
    if (this.done) return;
    const note = finalDecision({
      agent: this.adapter.name,
      verdict: { decision: 'deny', agentReason: reason, userReason: reason, source: 'policy' },
      error: true,
      lockBudgetMs: this.auditBudgetMs(),
    });
    this.emit(withAuditNote(this.adapter.name, this.adapter.block(reason, this.raw), note));
  }

  /** The audit lock may take what is left of the deadline, never more (the answer must not be late). */
  private auditBudgetMs(): number {
    return Math.max(0, Math.min(2000, this.remainingMs() - 50));
  }

  /** Prints the answer and ends the process. */
  private emit(answer: Answer): void {
    if (this.done) return;
    this.done = true;
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    if (answer.stderr) writeAll(2, answer.stderr);
    if (answer.stdout) writeAll(1, answer.stdout);
    process.exit(answer.exitCode);
  }
}

// Standard input and output go through the file descriptors, not process.stdin/stdout: those are
// net.Socket streams for the agent's pipes, and loading net and the stream machinery costs the
// hook ~3 ms of CPU per call, a fifth of its whole budget over a bare Node.

/** Writes all of `text` to `fd` before returning (the process exits right after). */
function writeAll(fd: number, text: string): void {
  const { writeSync } = require('node:fs') as typeof import('node:fs');
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  let waits = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      // A non-blocking pipe the agent has not drained yet: wait a little, at most ~2 s in all.
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN' && waits++ < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      return; // EPIPE: the agent closed the pipe, nothing more to say
    }
  }
}

/** A terminal on stdin: someone ran the hook by hand (a pipe, a file or /dev/null are input). */
function stdinIsTerminal(): boolean {
  const { fstatSync } = require('node:fs') as typeof import('node:fs');
  try {
    if (!fstatSync(0).isCharacterDevice()) return false;
  } catch {
    return false; // no stdin at all: reading it ends the input at once
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(0);
}

declare const BR_HOOK_BUNDLE: boolean | undefined;
/** Only in the build the tests run (esbuild.config.mjs --tests): see trustOptions. */
declare const BR_TEST_EDITOR_PARENT: boolean | undefined;

/**
 * In the shipped hook, none: only a VS Code-family extension host running Blast Radius is asked.
 * The test build also lets the process that started the hook, or the one BR_TEST_EDITOR_PID
 * names, stand in for the editor (it must still hold the socket the discovery file names): the
 * unit tests run the bridge server in plain Node, and the real-agent suite runs it in the test
 * process while an agent starts the hook. The constant is compiled in, so nothing at run time can
 * switch it on in a shipped build.
 */
function trustOptions(): TrustOptions {
  if (typeof BR_TEST_EDITOR_PARENT === 'undefined' || !BR_TEST_EDITOR_PARENT) return {};
  const named = Number(process.env.BR_TEST_EDITOR_PID);
  return { standInPids: Number.isInteger(named) && named > 0 ? [process.ppid, named] : [process.ppid] };
}
/** The build id dist/hook-local.js and its code cache carry, compiled in by the build that made them. */
declare const BR_LOCAL_BUILD_ID: string | undefined;

/**
 * The engine side (engine, facts, policy): in dist/hook.js it is the separate file
 * dist/hook-local.js, compiled with the code cache shipped next to it for this kind of call when both carry the build id
 * this hook carries (src/cli/code-cache.ts); everywhere else a lazy require. `note` says why the
 * shipped cache was not used, when the files are not the ones this hook was built with.
 */
function loadLocal(call: ParsedCall): { local: typeof import('./hook-local'); note?: string } {
  if (typeof BR_HOOK_BUNDLE !== 'undefined' && BR_HOOK_BUNDLE) {
    const { requireWithBuildCache } = require('./code-cache') as typeof import('./code-cache');
    // Two caches of the same bundle, each holding what its kind of call runs (V8 deserialises all of one).
    const files = call.actions.every((a) => a.kind === 'fileWrite' || a.kind === 'fileEdit' || a.kind === 'fileDelete');
    const loaded = requireWithBuildCache<typeof import('./hook-local')>(
      `${__dirname}/hook-local.js`,
      `${__dirname}/hook-local${files ? '.file' : ''}.cache`,
      typeof BR_LOCAL_BUILD_ID === 'string' && BR_LOCAL_BUILD_ID ? BR_LOCAL_BUILD_ID : undefined,
      require, // dist/hook.js's, passed down: hook-local.js sits in the same folder
    );
    return { local: loaded.exports, ...(loaded.note ? { note: loaded.note } : {}) };
  } else {
    // (an else, not a fall-through: esbuild drops this branch, and its bundle, from dist/hook.js)
    return { local: require('./hook-local') as typeof import('./hook-local') };
  }
}

/** Reads fd 0 to its end; undefined when it holds more than `max` bytes. */
function readStdin(max: number): Promise<string | undefined> {
  const fs = require('node:fs') as typeof import('node:fs');
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  const text = (): string => Buffer.concat(chunks).toString('utf8');
  // A pipe or socket (how every agent passes the call) is made non-blocking and read here, on the
  // main thread, waiting on the event loop between reads; a file is read as it is. Never a read
  // that blocks in libuv's thread pool: node joins that pool on exit, so an agent that kept its
  // end open would keep the hook from ending after its blocking answer, until the agent's own
  // timeout took the answer away (and starting the pool costs ~0.5 ms a call besides).
  if (nonBlockingStdin(fs)) {
    return new Promise((resolve, reject) => {
      const step = (): void => {
        for (;;) {
          let n: number;
          try {
            n = fs.readSync(0, buf, 0, buf.length, null);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return void setTimeout(step, 1);
            if (code === 'EOF' || code === 'EBADF') return resolve(text());
            return reject(err instanceof Error ? err : new Error(String(err)));
          }
          if (n === 0) return resolve(text());
          size += n;
          if (size > max) return resolve(undefined);
          chunks.push(Buffer.from(buf.subarray(0, n)));
        }
      };
      step();
    });
  }
  // Anything else (a platform without the pipe binding): read through the thread pool.
  return new Promise((resolve, reject) => {
    const next = (): void =>
      fs.read(0, buf, 0, buf.length, null, (err, n) => {
        if (err) {
          // fd 0 shared with a parent that made it non-blocking: poll (the deadline still holds).
          if (err.code === 'EAGAIN') return void setTimeout(next, 2);
          if (err.code === 'EOF' || err.code === 'EBADF') return resolve(text());
          return reject(err);
        }
        if (n === 0) return resolve(text());
        size += n;
        if (size > max) return resolve(undefined);
        chunks.push(Buffer.from(buf.subarray(0, n)));
        next();
      });
    next();
  });
}

/** Kept so the handle (which owns fd 0 from then on) lives as long as the process. */
let _stdinHandle: unknown;

/**
 * True when fd 0 can be read without ever blocking the process: a regular file (always at hand),
 * or a pipe or socket switched to non-blocking mode the way node's own process.stdin does it
 * (libuv's uv_pipe_open, through the pipe binding; reads then say EAGAIN instead of waiting).
 * False on Windows, and where the binding cannot be had quietly (facts/node-binding.ts).
 */
function nonBlockingStdin(fs: typeof import('node:fs')): boolean {
  let st: import('node:fs').Stats;
  try {
    st = fs.fstatSync(0);
  } catch {
    return false;
  }
  if (st.isFile()) return true;
  // Windows pipes are not switched this way (libuv opens them as handles): the pool reads them.
  if (process.platform === 'win32' || (!st.isFIFO() && !st.isSocket())) return false;
  const pipes = (require('../facts/node-binding') as typeof import('../facts/node-binding')).nodeBinding('pipe_wrap') as
    { Pipe: new (type: number) => { open(fd: number): number }; constants: { SOCKET: number } } | undefined;
  if (!pipes) return false;
  try {
    const { Pipe, constants } = pipes;
    const handle = new Pipe(constants.SOCKET);
    if (handle.open(0) !== 0) return false;
    _stdinHandle = handle;
    return true;
  } catch {
    return false;
  }
}

interface FinalDecision {
  agent: string;
  verdict: Verdict;
  call?: ParsedCall;
  assessment?: Assessment;
  /** Decided by a crash, bad input or the deadline (fail closed). */
  error?: boolean;
  /** Longest wait for the audit log's lock; past it the entry is spooled (never lost, never late). */
  lockBudgetMs?: number;
}

/**
 * Every hook decision passes here exactly once, just before the agent gets its answer: the audit
 * log records it (src/audit; must never throw and must stay light, it runs on every tool call).
 * Returns what the person must be told about the record (not written, kept aside), if anything.
 */
export function finalDecision(d: FinalDecision): string | undefined {
  try {
    const { recordDecisionDetailed } = require('../audit') as typeof import('../audit');
    const actions: Action[] = d.call?.actions ?? [];
    const r = recordDecisionDetailed(
      {
        agent: d.agent,
        digest: d.assessment?.digest ?? (actions.length ? digestOfActions(actions) : ''),
        summary: d.assessment?.summary ?? (d.call ? `${d.call.tool}${d.call.readOnly ? ' (read-only)' : ''}` : d.verdict.userReason),
        level: d.assessment?.level ?? (d.call?.readOnly ? 'low' : 'unknown'),
        ...(d.assessment ? { requires: d.assessment.requires } : {}),
        decision: d.verdict.decision,
        decidedBy: d.error
          ? { type: 'error' }
          : d.verdict.source === 'editor'
            ? editorDecider(d.verdict.editorDecidedBy)
            : d.verdict.source === 'reviewer'
              ? { type: 'reviewer', ...(d.verdict.reviewer ? { name: d.verdict.reviewer } : {}) }
              : { type: 'policy' },
        ...(actions[0] ? { kind: actions[0].kind } : {}),
        reason: d.verdict.agentReason,
        ...(d.call ? { cwd: d.call.cwd } : {}),
        ...(d.assessment?.task ? { task: d.assessment.task.asked } : {}),
      },
      d.lockBudgetMs !== undefined ? { lockTimeoutMs: d.lockBudgetMs } : {},
    );
    return r.note ? `Blast Radius: audit log: ${r.note}.` : undefined;
  } catch (err) {
    // The audit log must never change the answer, but the person hears that it failed.
    return `Blast Radius: audit log: this decision could not be recorded (${err instanceof Error ? err.message : String(err)}).`;
  }
}

/** Agents that show a JSON answer's `systemMessage` to the person. */
const SYSTEM_MESSAGE_AGENTS = new Set(['claude', 'vscode', 'codex', 'gemini']);

/**
 * Adds an audit note to an answer without changing the decision: on stderr always, and as (or
 * after) `systemMessage` where the agent shows one and the answer is a JSON object.
 */
export function withAuditNote(agent: string, answer: Answer, note: string | undefined): Answer {
  if (!note) return answer;
  const out: Answer = { ...answer, stderr: `${answer.stderr ?? ''}${note}\n` };
  if (SYSTEM_MESSAGE_AGENTS.has(agent) && answer.stdout?.trim().startsWith('{')) {
    try {
      const v = JSON.parse(answer.stdout) as Record<string, unknown>;
      v.systemMessage = typeof v.systemMessage === 'string' && v.systemMessage ? `${v.systemMessage}\n${note}` : note;
      out.stdout = `${JSON.stringify(v)}\n`;
    } catch {
      /* not JSON after all: stderr carries it */
    }
  }
  return out;
}

/** Who decided in the editor, as the editor said (older editors say nothing: a person is assumed). */
function editorDecider(by: DecidedBy | undefined): { type: 'person' | 'policy' | 'reviewer' | 'error'; name?: string } {
  if (!by || by === 'person') return { type: 'person', name: 'editor' };
  return { type: by, name: 'editor' };
}

function digestOfActions(actions: Action[]): string {
  const { digestOf } = require('../engine/digest') as typeof import('../engine/digest');
  return digestOf(actions.length === 1 ? actions[0] : actions);
}
