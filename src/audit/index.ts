// Tamper-evident audit log (hash-chained JSON lines). STUB: the peer-review/audit work fills it in;
// the signature is fixed so the hook and the extension can call it now.
import type { Level } from '../engine';

export type AuditDecision = 'allow' | 'deny' | 'ask' | 'approval-used' | 'approval-refused';

export interface AuditEntry {
  /** ISO time, set by recordDecision. */
  time: string;
  agent: string;
  digest: string;
  summary: string;
  level: Level | 'unknown';
  decision: AuditDecision;
  /** Who decided: the person at the editor, the policy (no editor), a reviewer, or an error (fail closed). */
  decidedBy: { type: 'person' | 'policy' | 'reviewer' | 'error'; name?: string };
  kind?: string;
  reason?: string;
  cwd?: string;
}

export interface RecordOptions {
  /** Log file; default: the user's audit log (see defaultAuditFile). */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

/** Appends one decision. Never throws; returns false when the line could not be written. */
export function recordDecision(_entry: Omit<AuditEntry, 'time'>, _opts: RecordOptions = {}): boolean {
  return true;
}
