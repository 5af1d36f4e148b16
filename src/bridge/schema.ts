// zod schemas of the bridge protocol for the server side (the editor), where zod is loaded anyway.
// Strict objects: an unknown key in a request is a refusal, not something silently dropped.
import { z } from 'zod';
import { Action, Assessment } from '../engine/schema';
import { DECIDED_BY, MAX_ACTIONS, PROTOCOL_VERSION } from './protocol';

export const BridgeRequestSchema = z.strictObject({
  version: z.literal(PROTOCOL_VERSION),
  token: z.string().min(1).max(256),
  agent: z.string().min(1).max(64),
  actions: z.array(Action).min(1).max(MAX_ACTIONS),
  cwd: z.string().min(1).max(4096),
  session: z.string().max(512).optional(),
  deadlineMs: z.number().int().positive().max(3_600_000).optional(),
  transcript: z.string().min(1).max(4096).optional(),
  // Only ever more guard locations for this request's own facts: a forged list can only make it stricter.
  guardPaths: z.array(z.string().min(1).max(4096)).max(32).optional(),
});

export const BridgeResponseSchema = z.strictObject({
  decision: z.enum(['allow', 'deny', 'ask']),
  reason: z.string(),
  assessment: Assessment.optional(),
  approvalId: z.string().max(256).optional(),
  decidedBy: z.enum(DECIDED_BY).optional(),
});

/** First problem of a failed parse in one line ("actions.0.command: expected string"). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.filter((p) => typeof p !== 'symbol').join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}
