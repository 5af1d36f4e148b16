// The extension's core, loaded by extension.ts right after activation (it pulls in the engine and
// the bridge server: tens of milliseconds that must not sit on the activation path). It builds the
// window's parts — gate, decision panel, review documents, status bar, bridge — and hands them to
// the feature modules (questions, assessing, peer review, setup, language model tools, observers),
// each of which returns its own Disposable. Nothing lives at module level: stop() closes what
// start() made (pending questions are denied, panels close, the discovery file is removed).
import * as vscode from 'vscode';
import type { Action, Assessment } from '../engine';
import { BridgeHost } from './bridgeHost';
import { DecisionPanel } from './decisionPanel';
import { Gate, type Question } from './gate';
import { registerAssessing } from './assessing';
import type { CommandHandler, Features } from './features';
import { registerLmTools } from './lmTools';
import { observe, type Slipped } from './observe';
import { registerPeerCommands } from './peerCommands';
import { registerQuestionCommands } from './questions';
import { ReviewDocuments } from './review';
import type { ReviewLinkResult, ReviewerAnswer } from './reviewer';
import { PolicyProblems } from './settings';
import { registerSetupCommands } from './setupCommands';
import { StatusIndicator } from './statusBar';

export type { CommandHandler };

/** The core's state, as activate's API exposes it (integration tests, other extensions). */
export interface CoreApi {
  /** Milliseconds from the start of the core load to the bridge listening. */
  coreMs: number;
  discoveryFile(): string | undefined;
  socketPath(): string | undefined;
  pending(): Question[];
  /** Every decision of this window, newest first (allowed low ones too). */
  recent(): Question[];
  last(): { assessment: Assessment; action: Action; agent: string } | undefined;
  statusText(): { text: string; background: string | undefined };
  /** The question the decision panel shows now, if any. */
  showing(): Question | undefined;
  /** Peer-review links shown in this window. */
  shownLinks(): { requestId: string; link: string; web?: string }[];
  /** Proposed content served for a review URI (the diff's right side), or a review document's text. */
  reviewContent(uri: string): string | undefined;
  /** High and critical actions seen in terminals or deletions without a decision. */
  slipped(): Slipped[];
  /** Opens the review of a pending or recent question; returns the review URI. */
  openReview(id: string): Promise<string | undefined>;
  /** The registered UriHandler's review of a link, answered without prompts (tests). */
  reviewLink(uri: string, answer: ReviewerAnswer): Promise<ReviewLinkResult>;
}

export interface Core {
  api: CoreApi;
  stop: () => Promise<void>;
}

/** Starts everything; `register` puts each command's handler behind the stub extension.ts registered. */
export async function startCore(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  register: (id: string, handler: CommandHandler) => vscode.Disposable,
  t0: number,
): Promise<Core> {
  const problems = new PolicyProblems(log);
  const review = new ReviewDocuments();
  let status: StatusIndicator | undefined;
  const gate = new Gate(
    log,
    {
      changed: () => {
        status?.update();
        review.refresh();
      },
      openReview: async (q) => void (await review.open(q, { beside: true })),
    },
    problems,
  );
  const panel = new DecisionPanel(gate, context.extensionUri, async (q) => void (await review.open(q, { beside: true })), log);
  gate.useSurface(panel);
  status = new StatusIndicator(gate);
  const host = new BridgeHost(gate, log);
  const slipped: Slipped[] = [];
  const f: Features = { context, log, gate, review, panel, register };
  const peer = registerPeerCommands(f);

  // Disposed in reverse: the bridge first (pending questions denied), the panels last.
  context.subscriptions.push(
    problems,
    review,
    panel,
    status,
    gate,
    registerQuestionCommands(f),
    registerAssessing(f),
    registerSetupCommands(f),
    peer.disposable,
    registerLmTools(gate, log),
    observe(gate, log, slipped),
    host,
  );

  try {
    await host.start();
  } catch (err) {
    // Without the bridge the hooks fall back to the policy on their own (fail closed); say so once.
    log.error(`bridge: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage('Blast Radius: could not start the bridge for agent hooks; hooks will decide without this window (see the log).');
  }
  const coreMs = performance.now() - t0;
  log.info(`core loaded and bridge started in ${coreMs.toFixed(1)} ms; discovery ${host.server?.discoveryFile ?? '(none)'}`);

  const api: CoreApi = {
    coreMs,
    discoveryFile: () => host.server?.discoveryFile,
    socketPath: () => host.server?.socketPath,
    pending: () => [...gate.pending.values()],
    recent: () => [...gate.recent],
    last: () => gate.last,
    statusText: () => ({
      text: status.item.text,
      background: status.item.backgroundColor instanceof vscode.ThemeColor ? (status.item.backgroundColor as unknown as { id: string }).id : undefined,
    }),
    showing: () => panel.showing(),
    shownLinks: () => panel.shownLinks(),
    reviewContent: (uri) => review.contentOf(vscode.Uri.parse(uri)),
    slipped: () => [...slipped],
    reviewLink: (uri, answer) => peer.links.review(vscode.Uri.parse(uri), answer),
    openReview: async (id) => {
      const q = gate.find(id);
      return q ? (await review.open(q)).toString() : undefined;
    },
  };
  return { api, stop: () => host.close() };
}
