// The contract every agent adapter fulfils: turn the agent's stdin payload into Actions, and turn
// a verdict into the agent's own answer (stdout JSON, stderr line, exit code). Adapters load no
// zod and no engine: they run on the hook's hot path.
import type { Action } from '../../engine/schema';

export const AGENTS = ['claude', 'vscode', 'cursor', 'gemini', 'codex', 'copilot', 'kiro', 'windsurf', 'cline'] as const;
export type AgentName = (typeof AGENTS)[number];

export interface ParsedCall {
  /** The tool as the agent named it (for messages). */
  tool: string;
  /** The hook event (PreToolUse, PermissionRequest, beforeShellExecution, pre_run_command…). */
  event: string;
  cwd: string;
  session?: string;
  /** Empty when the call is read-only. */
  actions: Action[];
  /** A read-only tool: allowed at once, nothing analysed, nothing contacted. */
  readOnly: boolean;
  /** What went wrong building the actions (an edit whose old text is not in the file): each denies. */
  problems: string[];
}

export type ParseResult = { ok: true; call: ParsedCall } | { ok: false; error: string };

export interface Verdict {
  decision: 'allow' | 'deny' | 'ask';
  /** One line the agent can act on ("… Ask the user to run it, or narrow it."). */
  agentReason: string;
  /** One line the person reads. */
  userReason: string;
  /** Who decided: the editor (a person or its gate), the policy alone, the read-only shortcut. */
  source: 'editor' | 'policy' | 'read-only' | 'reviewer';
  /** Who approved, when a second person's signed approval released the action. */
  reviewer?: string;
  /** Who decided in the editor, as the editor reported it. */
  editorDecidedBy?: 'person' | 'policy' | 'reviewer' | 'error';
}

export interface Answer {
  stdout?: string;
  stderr?: string;
  exitCode: 0 | 2;
}

export interface Adapter {
  name: AgentName;
  /** Seconds the shim waits for a decision when neither --timeout nor the policy says otherwise. */
  defaultDeadlineSeconds: number;
  /** Never wait longer than this: a bit under the hook timeout the installer writes for the agent. */
  maxDeadlineSeconds: number;
  /** Whether the agent's own "ask" reaches the person for this call (else ask becomes deny). */
  canAsk(call: ParsedCall): boolean;
  parse(payload: unknown): ParseResult;
  answer(verdict: Verdict, call: ParsedCall): Answer;
  /** The blocking answer for a crash, malformed input or a timeout; `raw` is stdin when read. */
  block(reason: string, raw?: string): Answer;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const json = (v: unknown): string => `${JSON.stringify(v)}\n`;

/** A person allowed it (in the editor, or a second person's signed approval): not the policy alone. */
export const personAllowed = (v: Verdict): boolean =>
  v.decision === 'allow' && ((v.source === 'editor' && (v.editorDecidedBy ?? 'person') === 'person') || v.source === 'reviewer');

/** Agents whose only protocol is the exit code: 2 blocks, with the reason on stderr. */
export const blockByExitCode = (reason: string): Answer => ({ stderr: `${reason}\n`, exitCode: 2 });
export const answerByExitCode = (v: Verdict): Answer => (v.decision === 'allow' ? { stdout: '', exitCode: 0 } : blockByExitCode(v.agentReason));
