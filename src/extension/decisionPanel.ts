// The decision surface: one webview panel per waiting question (a modal cannot be closed by an
// extension, so a question that ends elsewhere would stay on screen). The panel shows the
// headline, why it is at its level, the findings, the facts and the action itself, with the buttons
// its requirement allows: Allow once (confirm), a typed name then Allow (typed-confirm), Request
// peer review… (critical), Review…, Deny. Escape or closing the panel is a deny. The moment the
// question is settled by any route — this panel, the review's title bar, the hook's deadline, the
// agent going away, the window closing — the panel is disposed. A requested peer review opens a
// second panel that shows the link itself, with Copy and Open, and what the reviewer will see.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { EDITOR_SCHEMES, type EditorScheme } from '../review/link';
import type { Gate, Question, QuestionSurface } from './gate';
import type { PeerReviewOutcome } from './peer';
import { decisionHtml, reviewLinkHtml, type ReviewLinkView } from './decisionHtml';
import { decisionView, headline, oneLine, plain } from './format';
import { notify } from './notify';

export const DECISION_VIEW_TYPE = 'blastRadius.decision';
export const REVIEW_LINK_VIEW_TYPE = 'blastRadius.reviewLink';

type Requested = NonNullable<Extract<PeerReviewOutcome, { approved: false }>['requested']>;

interface Showing {
  q: Question;
  panel: vscode.WebviewPanel;
}

const nonce = (): string => randomBytes(18).toString('base64url');

export class DecisionPanel implements QuestionSurface, vscode.Disposable {
  private current: Showing | undefined;
  private readonly linkPanels = new Map<string, { panel: vscode.WebviewPanel; view: ReviewLinkView; requested: Requested }>();

  constructor(
    private readonly gate: Gate,
    private readonly extensionUri: vscode.Uri,
    private readonly openReview: (q: Question) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The question on screen, if any (tests, the status bar list). */
  showing(): Question | undefined {
    return this.current?.q;
  }

  /** Review links shown in this window, newest last (tests). */
  shownLinks(): { requestId: string; link: string; web?: string }[] {
    return [...this.linkPanels.values()].map((x) => ({ requestId: x.view.requestId, link: x.view.link, ...(x.view.web ? { web: x.view.web.url } : {}) }));
  }

  ask(q: Question): Promise<void> {
    if (q.settled) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const view = decisionView({ assessment: q.assessment, action: q.action, agent: q.agent, cwd: q.cwd, notes: q.notes }, q);
      const panel = vscode.window.createWebviewPanel(
        DECISION_VIEW_TYPE,
        view.title,
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: [] },
      );
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      panel.webview.html = decisionHtml(view, nonce(), panel.webview.cspSource);
      this.current = { q, panel };
      let answeredHere = false;
      let disposed = false;
      const subs: vscode.Disposable[] = [];
      subs.push(
        panel.webview.onDidReceiveMessage((m: unknown) => {
          void this.onMessage(q, panel, m, () => (answeredHere = true)).catch((err: unknown) => {
            this.log.error(`decision panel: ${String(err)}`);
            if (!q.settled) this.gate.deny(q, `Blast Radius: the decision panel failed (${String(err)}); denied.`);
          });
        }),
        panel.onDidDispose(() => {
          disposed = true;
          for (const d of subs) d.dispose();
          if (this.current?.panel === panel) this.current = undefined;
          // Closing the panel is an answer: deny.
          if (!q.settled) this.gate.deny(q, 'Blast Radius: the developer closed the decision panel; denied.');
          resolve();
        }),
      );
      void q.decision.then((d) => {
        // Off the screen the moment the question is over, whoever ended it.
        if (!disposed) panel.dispose();
        if (!answeredHere && d.by !== 'person') {
          notify(
            q.assessment.level === 'low' ? 'low' : 'high',
            `Blast Radius: the ${q.assessment.level} request from ${q.agent} ended before you answered: ${oneLine(d.reason.replace(/^Blast Radius: /, ''), 160)}`,
          );
        }
      });
    });
  }

  private async onMessage(q: Question, panel: vscode.WebviewPanel, m: unknown, answered: () => void): Promise<void> {
    if (!m || typeof m !== 'object') return;
    const msg = m as { id?: unknown; type?: unknown; typed?: unknown };
    if (msg.id !== q.id || q.settled) return;
    switch (msg.type) {
      case 'allow': {
        answered();
        const ok = await this.gate.allow(q, typeof msg.typed === 'string' ? msg.typed : undefined);
        if (!ok && !q.settled)
          panel.webview.html = decisionHtml(
            decisionView({ assessment: q.assessment, action: q.action, agent: q.agent, cwd: q.cwd, notes: q.notes }, q),
            nonce(),
            panel.webview.cspSource,
          );
        return;
      }
      case 'deny':
        answered();
        this.gate.deny(q);
        return;
      case 'dismiss':
        answered();
        this.gate.deny(q, 'Blast Radius: the developer dismissed the decision panel; denied.');
        return;
      case 'review':
        await this.openReview(q);
        return;
      case 'peer':
        answered();
        await this.gate.peerReview(q);
        return;
      default:
        return;
    }
  }

  reveal(q: Question): boolean {
    if (this.current?.q !== q) return false;
    this.current.panel.reveal(undefined, false);
    return true;
  }

  async showReviewLink(requested: Requested): Promise<void> {
    const { request: req, links, file } = requested;
    const scheme = (EDITOR_SCHEMES as readonly string[]).includes(vscode.env.uriScheme) ? (vscode.env.uriScheme as EditorScheme) : 'vscode';
    const view: ReviewLinkView = {
      requestId: req.id,
      level: req.assessment.level,
      headline: headline({ assessment: req.assessment, action: req.action, agent: '' }),
      link: links.deep[scheme] ?? links.primary,
      ...(links.web ? { web: { provider: links.web.provider, url: links.web.url } } : {}),
      ...(links.note ? { note: links.note } : {}),
      requester: req.requester.name ?? req.requester.email ?? req.requester.host,
      expiresAt: new Date(req.expiresAt).toLocaleString('en-GB'),
      digest: req.digest,
      findings: req.assessment.findings.slice(0, 5).map((f) => ({ level: f.level, message: plain(f.message) })),
      file,
    };
    const existing = this.linkPanels.get(req.id);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      REVIEW_LINK_VIEW_TYPE,
      `Blast Radius · review ${req.id}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: true, localResourceRoots: [] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = reviewLinkHtml(view, nonce(), panel.webview.cspSource);
    this.linkPanels.set(req.id, { panel, view, requested });
    const sub = panel.webview.onDidReceiveMessage(async (m: unknown) => {
      const type = m && typeof m === 'object' ? (m as { type?: unknown }).type : undefined;
      if (type === 'copy-link') {
        await vscode.env.clipboard.writeText(view.link);
        await panel.webview.postMessage({ type: 'copied', what: 'link' });
      } else if (type === 'copy-web' && view.web) {
        await vscode.env.clipboard.writeText(view.web.url);
        await panel.webview.postMessage({ type: 'copied', what: 'web' });
      } else if (type === 'open-web' && view.web) await vscode.env.openExternal(vscode.Uri.parse(view.web.url, true));
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.linkPanels.delete(req.id);
    });
  }

  dispose(): void {
    this.current?.panel.dispose();
    for (const x of this.linkPanels.values()) x.panel.dispose();
  }
}
