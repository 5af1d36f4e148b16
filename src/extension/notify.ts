// Notifications coloured by level: low and medium are information, high a warning, critical an
// error — a critical result never arrives as a blue toast a person learns to ignore.
import * as vscode from 'vscode';
import type { Level } from '../engine';

export function notify(level: Level, message: string, ...items: string[]): Thenable<string | undefined> {
  switch (level) {
    case 'critical':
      return vscode.window.showErrorMessage(message, ...items);
    case 'high':
      return vscode.window.showWarningMessage(message, ...items);
    default:
      return vscode.window.showInformationMessage(message, ...items);
  }
}
