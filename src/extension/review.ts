// Review without touching anything: proposed file content is served from memory on the
// `blast-radius:` scheme and opened with `vscode.diff` against the file on disk; plans, Terraform
// plans, change sets, commands and SQL get a readable markdown document. The documents follow the
// question: Allow / Deny / Request Peer Review sit in the editor title bar only while it waits
// (context key `blastRadius.waitingReviews`, the resource paths of waiting reviews); once it is
// settled the document says what was decided and the buttons are gone; a review opened with
// nothing waiting (Assess a Command…, a colleague's link) says so and never has them.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Finding } from '../engine';
import type { Question } from './gate';
import { proposedContent, reviewDocument, riskyLines, type ReviewState, type Subject } from './format';

export const SCHEME = 'blast-radius';
export const WAITING_CONTEXT = 'blastRadius.waitingReviews';

interface Doc {
  q: Question;
  /** Why nothing waits on it (ad hoc reviews); undefined for a real question. */
  nothingWaiting?: string;
  /** A rendered review document (re-rendered when the question's state changes). */
  markdown: boolean;
  state?: string;
}

export class ReviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly docs = new Map<string, Doc>();
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
  private waitingKey = '';

  constructor() {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
    );
    void vscode.commands.executeCommand('setContext', WAITING_CONTEXT, []);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? `This review is no longer available (${uri.path}).\n`;
  }

  /** The question a review document belongs to (also an ad hoc one, so its commands can say "nothing waits"). */
  questionOf(uri: vscode.Uri | undefined): { q: Question; nothingWaiting?: string } | undefined {
    if (!uri || uri.scheme !== SCHEME) return undefined;
    const d = this.docs.get(uri.toString());
    return d ? { q: d.q, ...(d.nothingWaiting ? { nothingWaiting: d.nothingWaiting } : {}) } : undefined;
  }

  /** The proposed content of a file write or edit, as the diff shows it (undefined for other kinds). */
  contentOf(uri: vscode.Uri): string | undefined {
    return this.contents.get(uri.toString());
  }

  /**
   * Opens the review of `q`. `nothingWaiting` says why no answer is expected (an assessment made on
   * request, a colleague's review request): such a review never shows the answer buttons.
   */
  async open(q: Question, opts: { nothingWaiting?: string; beside?: boolean } = {}): Promise<vscode.Uri> {
    const a = q.action;
    const column = opts.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (a.kind === 'fileWrite' || a.kind === 'fileEdit') {
      const abs = isAbsolute(a.path) ? a.path : resolve(q.cwd, a.path);
      const current = await readFile(abs, 'utf8').catch(() => undefined);
      const proposed = proposedContent(a, current);
      if (proposed.ok) {
        const name = basename(abs);
        const right = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/proposed/${name}` });
        this.put(right, proposed.text, q.assessment.findings, { q, markdown: false, ...(opts.nothingWaiting ? { nothingWaiting: opts.nothingWaiting } : {}) });
        let left: vscode.Uri;
        if (current === undefined) {
          left = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/new-file/${name}` });
          this.put(left, '', [], { q, markdown: false, nothingWaiting: 'the file does not exist yet' });
        } else left = vscode.Uri.file(abs);
        this.refreshWaiting();
        await vscode.commands.executeCommand('vscode.diff', left, right, `${name} (proposed, ${q.assessment.level})`, { preview: false, viewColumn: column });
        return right;
      }
      // The edit does not apply to the file on disk: the review document shows it instead.
    }
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${q.id}/review-${a.kind}.md` });
    const doc: Doc = { q, markdown: true, ...(opts.nothingWaiting ? { nothingWaiting: opts.nothingWaiting } : {}) };
    this.put(uri, this.render(doc), q.assessment.findings, doc);
    this.refreshWaiting();
    const td = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(td, { preview: false, viewColumn: column });
    return uri;
  }

  /** After every gate change: settled questions' documents say so, and lose their buttons. */
  refresh(): void {
    for (const [key, d] of this.docs) {
      if (!d.markdown) continue;
      const state = stateKey(d);
      if (state === d.state) continue;
      this.contents.set(key, this.render(d));
      this.changeEmitter.fire(vscode.Uri.parse(key));
    }
    this.refreshWaiting();
  }

  private render(d: Doc): string {
    d.state = stateKey(d);
    const q = d.q;
    const subject: Subject = { assessment: q.assessment, action: q.action, agent: q.agent, cwd: q.cwd, notes: q.notes };
    const state: ReviewState = d.nothingWaiting
      ? { kind: 'nothing-waiting', why: d.nothingWaiting }
      : q.settled
        ? { kind: 'decided', decision: q.settled.decision, by: byWords(q.settled.by), reason: q.settled.reason, at: q.decidedAt ?? Date.now() }
        : { kind: 'waiting' };
    return reviewDocument(subject, state);
  }

  private refreshWaiting(): void {
    const waiting = [...this.docs.entries()].filter(([, d]) => !d.nothingWaiting && !d.q.settled).map(([key]) => vscode.Uri.parse(key).path);
    const key = waiting.join('\n');
    if (key === this.waitingKey) return;
    this.waitingKey = key;
    void vscode.commands.executeCommand('setContext', WAITING_CONTEXT, waiting);
  }

  private put(uri: vscode.Uri, text: string, findings: Finding[], doc: Doc): void {
    this.contents.set(uri.toString(), text);
    this.findings.set(uri.toString(), findings);
    this.docs.set(uri.toString(), doc);
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
      // Review documents already carry the marker in their text, in the quoted action only; only
      // diffs get it as a decoration.
      const marked = text.includes(`⚠ ${rules}`);
      if (this.docs.get(key)?.markdown && !marked) continue;
      options.push({
        range: editor.document.lineAt(line).range,
        hoverMessage: hover,
        ...(marked ? {} : { renderOptions: { after: { contentText: `⚠ ${rules}` } } }),
      });
    }
    editor.setDecorations(this.decoration, options);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.decoration.dispose();
    this.changeEmitter.dispose();
  }
}

function stateKey(d: Doc): string {
  return d.nothingWaiting ? 'none' : d.q.settled ? `decided:${d.q.settled.decision}` : 'waiting';
}

function byWords(by: string): string {
  return by === 'person'
    ? 'you'
    : by === 'policy'
      ? 'the policy'
      : by === 'reviewer'
        ? 'a peer reviewer'
        : 'the guard (no answer in time, or the asker went away)';
}
