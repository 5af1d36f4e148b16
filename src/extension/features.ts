// What every feature module gets from the core: the window's gate, review documents, decision
// panel and log, and `register` (a command's handler behind the stub extension.ts registered at
// activation). Each feature returns one Disposable holding everything it created.
import type * as vscode from 'vscode';
import type { Action, Assessment } from '../engine';
import type { DecisionPanel } from './decisionPanel';
import type { Decision, Gate, Question } from './gate';
import type { ReviewDocuments } from './review';

export type CommandHandler = (...args: unknown[]) => unknown;

export interface Features {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  gate: Gate;
  review: ReviewDocuments;
  panel: DecisionPanel;
  register: (id: string, handler: CommandHandler) => vscode.Disposable;
}

let viewSeq = 0;

/** A question nobody waits on (an assessment made on request, a colleague's request): for reading only. */
export function viewOnly(action: Action, assessment: Assessment, agent: string, cwd: string, notes: string[] = []): Question {
  const settled: Decision = { decision: 'deny', reason: 'nothing is waiting on this review', by: 'error' };
  return {
    id: `view${++viewSeq}`,
    digest: assessment.digest,
    agent,
    cwd,
    actions: [action],
    action,
    assessment,
    notes,
    created: Date.now(),
    settled,
    decision: Promise.resolve(settled),
    settle: () => undefined,
    waiters: 0,
  };
}
