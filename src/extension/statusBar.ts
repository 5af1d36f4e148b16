// The status bar item: the guard is armed, the level of the last assessed action, how many
// questions are waiting; warning / error background for high / critical. Click: the list.
import * as vscode from 'vscode';
import type { Gate } from './gate';

export class StatusIndicator implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('blastRadius.status', vscode.StatusBarAlignment.Left, 100);

  constructor(private readonly gate: Gate) {
    this.item.name = 'Blast Radius';
    this.item.command = 'blastRadius.showPending';
    this.update();
    this.item.show();
  }

  update(): void {
    const pending = this.gate.pending.size;
    const worst = this.gate.worstPending();
    const last = this.gate.last;
    const shown = pending ? worst : last?.assessment.level;
    this.item.text = pending ? `$(warning) ${pending} waiting: ${worst}` : `$(shield) Blast Radius${last ? `: ${last.assessment.level}` : ''}`;
    this.item.backgroundColor =
      shown === 'critical' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : shown === 'high' ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('**Blast Radius** guard is armed.\n\n');
    if (last) {
      tip.appendMarkdown(`Last: **${last.assessment.level}**, ${escapeMd(last.assessment.summary)} (${escapeMd(last.agent)})`);
      if (last.decision) tip.appendMarkdown(`\n\nDecision: ${last.decision.decision}`);
    }
    if (pending) tip.appendMarkdown(`\n\n${pending} waiting for you. Click to review.`);
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]+\)\s*/g, '') };
  }

  dispose(): void {
    this.item.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
