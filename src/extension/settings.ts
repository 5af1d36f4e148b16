// User settings and the team policy. Settings that could loosen the guard are application-scoped
// in the manifest, so a workspace (or an agent writing .vscode/settings.json) cannot change them;
// the team policy can only make a level stricter than the user's setting, never looser.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { DEFAULT_REQUIRES, LEVELS, REQUIREMENTS, parsePolicyText, withCriticalFloor, type Level, type Requirement, type ResolvedPolicy } from '../engine';
import { withPersonalFloor } from '../engine/decision';
import { CRITICAL_REQUIREMENTS } from '../engine/vocab';
import { loadPolicy } from '../facts';

export interface Settings {
  requires: Record<Level, Requirement>;
  /** Only the levels the person set (their floor under the team policy: engine/decision.ts withPersonalFloor). */
  requiresSet: Partial<Record<Level, Requirement>>;
  hookTimeoutSeconds: number;
  observe: boolean;
  openReviewFirst: boolean;
  recentDecisions: number;
  /** How long the status bar shows a decision before it fades back to the armed shield. */
  decisionFadeSeconds: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('blastRadius');
  const set: Partial<Record<Level, Requirement>> = {};
  for (const level of LEVELS) {
    // Only the user's (global) value counts for guard settings, whatever the scope says.
    const v = c.inspect<string>(`requires.${level}`)?.globalValue;
    if (level !== 'low' && typeof v === 'string' && (REQUIREMENTS as readonly string[]).includes(v)) set[level] = v as Requirement;
  }
  // The floor holds against the user's own settings file too (an agent could have edited it).
  if (set.critical && !(CRITICAL_REQUIREMENTS as readonly string[]).includes(set.critical)) set.critical = DEFAULT_REQUIRES.critical;
  const timeout = c.inspect<number>('hookTimeoutSeconds')?.globalValue;
  return {
    requires: withCriticalFloor({ ...DEFAULT_REQUIRES, ...set }),
    requiresSet: set,
    hookTimeoutSeconds: typeof timeout === 'number' && timeout >= 5 && timeout <= 600 ? timeout : 110,
    observe: c.inspect<boolean>('observe.enabled')?.globalValue ?? true,
    openReviewFirst: c.get<boolean>('display.openReviewFirst', false),
    recentDecisions: Math.max(1, Math.min(200, c.get<number>('display.recentDecisions', 20))),
    decisionFadeSeconds: Math.max(1, Math.min(600, c.get<number>('display.decisionFadeSeconds', 8))),
  };
}

/** Shows the team policy's errors with their line (Problems view) and once as a notification. */
export class PolicyProblems implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('blast-radius-policy');
  private readonly notified = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  report(file: string, error: string): void {
    const uri = vscode.Uri.file(file);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // unreadable: one diagnostic at the top
    }
    const parsed = text ? parsePolicyText(text) : undefined;
    const errors = parsed && !parsed.ok ? parsed.errors : [{ line: 1, column: 1, message: error }];
    this.diagnostics.set(
      uri,
      errors.map((e) => {
        const pos = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.column - 1));
        const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), e.message, vscode.DiagnosticSeverity.Error);
        d.source = 'Blast Radius';
        return d;
      }),
    );
    const key = `${file}\n${error}`;
    if (this.notified.has(key)) return;
    this.notified.add(key);
    this.log.error(`policy: ${error}`);
    const first = errors[0]!;
    void vscode.window
      .showErrorMessage(`Blast Radius: ${file}:${first.line}: ${first.message}. Agent actions are denied until it is fixed.`, 'Open Policy')
      .then((pick) => {
        if (pick) void vscode.window.showTextDocument(uri, { selection: new vscode.Range(first.line - 1, 0, first.line - 1, 0) });
      });
  }

  clear(file: string): void {
    this.diagnostics.delete(vscode.Uri.file(file));
    for (const k of [...this.notified]) if (k.startsWith(`${file}\n`)) this.notified.delete(k);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }
}

/**
 * The team policy for `cwd` with the person's own levels as a floor (only those they set: the rest
 * is the policy's, as in the hook); `policy` is absent when the file is broken.
 */
export function loadEffectivePolicy(cwd: string, problems: PolicyProblems): { policy?: ResolvedPolicy; error?: string; file?: string } {
  const loaded = loadPolicy(cwd);
  if (!loaded.ok) {
    problems.report(loaded.file, loaded.error);
    return { error: loaded.error, file: loaded.file };
  }
  if (loaded.file) problems.clear(loaded.file);
  return { policy: withPersonalFloor(loaded.policy, readSettings().requiresSet), ...(loaded.file ? { file: loaded.file } : {}) };
}
