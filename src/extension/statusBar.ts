// The status bar item follows the questions and the decisions: the armed shield when nothing is
// going on; "N waiting: critical" (error or warning background) while a question waits; then, for
// a few seconds (blastRadius.display.decisionFadeSeconds), what was decided — "denied · critical"
// (no alarm colour: nothing ran), "allowed · high" (coloured: it runs) — fading back to the shield.
// Click: the list of pending and recent decisions.
import * as vscode from 'vscode';
import type { Gate } from './gate';
import { headline } from './format';
import { readSettings } from './settings';

export class StatusIndicator implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('blastRadius.status', vscode.StatusBarAlignment.Left, 100);
  private fade: NodeJS.Timeout | undefined;
  private readonly settings = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('blastRadius.display')) this.update();
  });

  constructor(private readonly gate: Gate) {
    this.item.name = 'Blast Radius';
    this.item.command = 'blastRadius.showPending';
    this.update();
    this.item.show();
  }

  update(): void {
    clearTimeout(this.fade);
    const pending = this.gate.pending.size;
    const worst = this.gate.worstPending();
    const last = this.gate.last;
    const fadeMs = readSettings().decisionFadeSeconds * 1000;
    const since = last ? Date.now() - (last.decidedAt ?? last.assessedAt ?? 0) : Infinity;
    const recent = last && since < fadeMs;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**Blast Radius** guard is armed.\n\n');
    if (pending) {
      this.item.text = `$(warning) ${pending} waiting: ${worst}`;
      this.item.backgroundColor = background(worst);
      tip.appendMarkdown(`${pending} waiting for you. Click to see ${pending === 1 ? 'it' : 'them'}.\n\n`);
    } else if (recent && last.decision) {
      const d = last.decision.decision;
      this.item.text = `${d === 'allow' ? '$(check) allowed' : '$(circle-slash) denied'} · ${last.assessment.level}`;
      // A deny ran nothing: no alarm colour. An allowed high or critical action does run.
      this.item.backgroundColor = d === 'allow' ? background(last.assessment.level) : undefined;
    } else if (recent) {
      this.item.text = `$(eye) assessed · ${last.assessment.level}`;
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = '$(shield) Blast Radius';
      this.item.backgroundColor = undefined;
    }
    if (last) {
      const s = { assessment: last.assessment, action: last.action, agent: last.agent };
      tip.appendMarkdown(`Last: **${last.assessment.level}**, ${escapeMd(headline(s))} (${escapeMd(last.agent)})`);
      if (last.decision)
        tip.appendMarkdown(
          `\n\n${last.decision.decision === 'allow' ? 'Allowed' : 'Denied'}: ${escapeMd(last.decision.reason.replace(/^Blast Radius: /, ''))}`,
        );
    }
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: `Blast Radius: ${this.item.text.replace(/\$\([^)]+\)\s*/g, '')}` };
    if (recent && !pending) this.fade = setTimeout(() => this.update(), Math.max(50, fadeMs - since + 20));
  }

  dispose(): void {
    clearTimeout(this.fade);
    this.settings.dispose();
    this.item.dispose();
  }
}

function background(level: string | undefined): vscode.ThemeColor | undefined {
  return level === 'critical'
    ? new vscode.ThemeColor('statusBarItem.errorBackground')
    : level === 'high'
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
