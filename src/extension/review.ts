// Review without touching anything: proposed file content is served from memory on the
// `blast-radius:` scheme and opened with `vscode.diff` against the file on disk; plans, Terraform
// plans, change sets, commands and SQL get a readable markdown document. The editor title bar of
// these documents carries Allow / Deny (menus scoped by `resourceScheme == blast-radius`), and the
// lines that fired a rule are decorated with the rule id.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Finding } from '../engine';
import type { Gate, Question } from './gate';
import { proposedContent, reviewDocument, riskyLines } from './format';

export const SCHEME = 'blast-radius';

export class ReviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    after: { color: new vscode.ThemeColor('editorError.foreground'), margin: '0 0 0 2em' },
  });
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly gate: Gate) {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? `This review has ended (${uri.path}).\n`;
  }

  /** The question a review document belongs to: its id is the first path segment. */
  questionOf(uri: vscode.Uri | undefined): Question | undefined {
    if (!uri || uri.scheme !== SCHEME) return undefined;
    return this.gate.find(uri.path.split('/')[1] ?? '');
  }

  /** The proposed content of a file write or edit, as the diff shows it (undefined for other kinds). */
  contentOf(uri: vscode.Uri): string | undefined {
    return this.contents.get(uri.toString());
  }

  async open(q: Question): Promise<vscode.Uri> {
    const a = q.action;
    if (a.kind === 'fileWrite' || a.kind === 'fileEdit') {
      const abs = isAbsolute(a.path) ? a.path : resolve(q.cwd, a.path);
      const current = await readFile(abs, 'utf8').catch(() => undefined);
      const proposed = proposedContent(a, current);
      if (proposed.ok) {
        const name = basename(abs);
        const right = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/proposed/${name}` });
        this.put(right, proposed.text, q.assessment.findings);
        let left: vscode.Uri;
        if (current === undefined) {
          left = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/new-file/${name}` });
          this.put(left, '', []);
        } else left = vscode.Uri.file(abs);
        await vscode.commands.executeCommand('vscode.diff', left, right, `Blast Radius: ${name} (proposed, ${q.assessment.level})`, { preview: false });
        return right;
      }
      // The edit does not apply to the file on disk: the review document shows it instead.
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/review-${a.kind}.md` });
    this.put(uri, reviewDocument(q.assessment, a, q.agent), q.assessment.findings);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  private put(uri: vscode.Uri, text: string, findings: Finding[]): void {
    this.contents.set(uri.toString(), text);
    this.findings.set(uri.toString(), findings);
    this.changeEmitter.fire(uri);
  }

  private decorate(editor: vscode.TextEditor): void {
    const key = editor.document.uri.toString();
    const findings = this.findings.get(key);
    if (!findings) return;
    const risky = riskyLines(editor.document.getText(), findings);
    const options: vscode.DecorationOptions[] = [];
    for (const [line, fs] of risky) {
      if (line >= editor.document.lineCount) continue;
      const rules = [...new Set(fs.map((f) => f.rule))].join(', ');
      const hover = new vscode.MarkdownString(fs.map((f) => `**${f.level}** \`${f.rule}\`: ${f.message}`).join('\n\n'));
      const text = editor.document.lineAt(line).text;
      // Review documents already carry the marker in their text; only diffs get it as a decoration.
      const marked = text.includes(`⚠ ${rules}`);
      options.push({ range: editor.document.lineAt(line).range, hoverMessage: hover, ...(marked ? {} : { renderOptions: { after: { contentText: `⚠ ${rules}` } } }) });
    }
    editor.setDecorations(this.decoration, options);
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.decoration.dispose();
    this.changeEmitter.dispose();
  }
}
