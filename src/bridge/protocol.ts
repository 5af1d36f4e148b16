// The bridge protocol, version 1: one request line and one response line of JSON over a local
// socket, then the server closes. The server validates with zod (schema.ts); the hook side checks
// the few fields it reads by hand here, because loading zod costs the hook more than it does.
//
//   hook → editor   {"version":1,"token":…,"agent":"claude","actions":[Action…],"cwd":…,"session"?:…,"deadlineMs"?:…,"transcript"?:…}\n
//   editor → hook   {"decision":"allow"|"deny"|"ask","reason":…,"assessment"?:…,"approvalId"?:…,"decidedBy"?:…}\n
//              or   {"error":"…"}\n   (refused: wrong token, malformed, oversized, wrong version)
import type { Action, Assessment } from '../engine/schema';

export const PROTOCOL_VERSION = 1;
/** Largest request or response line, in bytes (a file write carries its content and previous). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Most actions one request may carry. */
export const MAX_ACTIONS = 64;

export type Decision = 'allow' | 'deny' | 'ask';

export interface BridgeRequest {
  version: 1;
  token: string;
  agent: string;
  actions: Action[];
  cwd: string;
  session?: string;
  /** Milliseconds the hook will wait for the answer, counted from when it sent the request. */
  deadlineMs?: number;
  /** The agent's transcript (a path the agent's payload named): the editor reads the person's request from it above low. */
  transcript?: string;
  /** The hook's own guard locations (its folder, its audit log and bridge folder): they only add to the editor's. */
  guardPaths?: string[];
}

export type DecidedBy = 'person' | 'policy' | 'reviewer' | 'error';
export const DECIDED_BY: readonly DecidedBy[] = ['person', 'policy', 'reviewer', 'error'];

export interface BridgeResponse {
  decision: Decision;
  reason: string;
  assessment?: Assessment;
  approvalId?: string;
  /** Who decided in the editor (for the audit log the hook writes): a person, the policy (low), a reviewer's approval, or an error. */
  decidedBy?: DecidedBy;
}

/** What a server refuses with; never a decision. */
export interface BridgeRefusal {
  error: string;
}

/** The discovery file each server writes (0600) next to its socket. */
export interface Discovery {
  version: 1;
  pid: number;
  socketPath: string;
  token: string;
  workspaceFolders: string[];
  /** ms since the epoch; the newest window wins a tie. */
  startedAt: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DISCOVERY_KEYS = new Set(['version', 'pid', 'socketPath', 'token', 'workspaceFolders', 'startedAt']);
const RESPONSE_KEYS = new Set(['decision', 'reason', 'assessment', 'approvalId', 'decidedBy']);

/** Strict check of a discovery file's JSON; returns an error string or the value. */
export function checkDiscovery(v: unknown): { ok: true; value: Discovery } | { ok: false; error: string } {
  if (!isObj(v)) return { ok: false, error: 'not an object' };
  for (const k of Object.keys(v)) if (!DISCOVERY_KEYS.has(k)) return { ok: false, error: `unknown key '${k}'` };
  if (v.version !== PROTOCOL_VERSION) return { ok: false, error: `unsupported version ${String(v.version)}` };
  if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return { ok: false, error: 'bad pid' };
  if (typeof v.socketPath !== 'string' || !v.socketPath) return { ok: false, error: 'bad socketPath' };
  if (typeof v.token !== 'string' || !/^[0-9a-f]{32,128}$/.test(v.token)) return { ok: false, error: 'bad token' };
  if (!Array.isArray(v.workspaceFolders) || !v.workspaceFolders.every((f) => typeof f === 'string')) return { ok: false, error: 'bad workspaceFolders' };
  if (typeof v.startedAt !== 'number') return { ok: false, error: 'bad startedAt' };
  return { ok: true, value: v as unknown as Discovery };
}

/**
 * Strict check of a response line as the hook reads it. The assessment is passed through as the
 * server validated it (the hook only prints its summary and level).
 */
export function checkResponse(v: unknown): { ok: true; value: BridgeResponse } | { ok: true; refused: string } | { ok: false; error: string } {
  if (!isObj(v)) return { ok: false, error: 'response is not an object' };
  if (typeof v.error === 'string' && Object.keys(v).length === 1) return { ok: true, refused: v.error };
  for (const k of Object.keys(v)) if (!RESPONSE_KEYS.has(k)) return { ok: false, error: `response has unknown key '${k}'` };
  if (v.decision !== 'allow' && v.decision !== 'deny' && v.decision !== 'ask')
    return { ok: false, error: `response has bad decision ${JSON.stringify(v.decision)}` };
  if (typeof v.reason !== 'string') return { ok: false, error: 'response has no reason' };
  if (v.approvalId !== undefined && typeof v.approvalId !== 'string') return { ok: false, error: 'response has bad approvalId' };
  if (v.assessment !== undefined && !isObj(v.assessment)) return { ok: false, error: 'response has bad assessment' };
  if (v.decidedBy !== undefined && !DECIDED_BY.includes(v.decidedBy as DecidedBy))
    return { ok: false, error: `response has bad decidedBy ${JSON.stringify(v.decidedBy)}` };
  return { ok: true, value: v as unknown as BridgeResponse };
}
