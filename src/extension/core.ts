// The extension's core, loaded by extension.ts right after activation (it pulls in the engine,
// zod, the SQL parser: hundreds of milliseconds that must not sit on the activation path). Starts
// the window's bridge server (discovery file), the status bar item, the review documents, the
// commands, the language model tools and the observers; everything is in context.subscriptions,
// and deactivation denies what is still pending and removes the discovery file.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { detectKind, type Action, type Assessment } from '../engine';
import { defaultAuditFile } from '../audit';
import { BridgeHost } from './bridgeHost';
import { Gate, type Question } from './gate';
import { ReviewDocuments } from './review';
import { StatusIndicator } from './statusBar';
import { PolicyProblems } from './settings';
import { observe, firstFolder, type Slipped } from './observe';
import { registerLmTools } from './lmTools';
import { describeAction } from './format';
import { installHooks } from './install';
import { acceptApproval } from '../review/approval';
import { ReviewLinkHandler, type ReviewLinkResult, type ReviewerAnswer } from './reviewer';

/** The core's state, as activate's API exposes it (integration tests, other extensions). */
let reviewLinks: ReviewLinkHandler | undefined;

export interface CoreApi {
  /** Milliseconds from the start of the core load to the bridge listening. */
  coreMs: number;
  discoveryFile(): string | undefined;
  socketPath(): string | undefined;
  pending(): Question[];
  recent(): Question[];
  last(): { assessment: Assessment; action: Action; agent: string } | undefined;
  statusText(): { text: string; background: string | undefined };
  /** Proposed content served for a review URI (the diff's right side). */
  reviewContent(uri: string): string | undefined;
  /** High and critical actions seen in terminals or deletions without a decision. */
  slipped(): Slipped[];
  /** Opens the review of a pending or recent question; returns the review URI. */
  openReview(id: string): Promise<string | undefined>;
  /** The registered UriHandler's review of a link, answered without prompts (tests). */
  reviewLink(uri: string, answer: ReviewerAnswer): Promise<ReviewLinkResult>;
}

let host: BridgeHost | undefined;

export type CommandHandler = (...args: unknown[]) => unknown;

/** Starts everything; `register` puts each command's handler behind the stub extension.ts registered. */
export async function startCore(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, register: (id: string, handler: CommandHandler) => vscode.Disposable, t0: number): Promise<CoreApi> {
  const problems = new PolicyProblems(log);
  const slipped: Slipped[] = [];
  let status: StatusIndicator | undefined;
  let review: ReviewDocuments | undefined;
  const gate = new Gate(log, { changed: () => status?.update(), openReview: async (q) => void (await review?.open(q)) }, problems);
  status = new StatusIndicator(gate);
  review = new ReviewDocuments(gate);
  host = new BridgeHost(gate, log);
  context.subscriptions.push(problems, status, review, host, gate);

  const resolveQuestion = async (arg: unknown): Promise<{ q?: Question; typed?: string }> => {
    if (arg instanceof vscode.Uri) return { q: review!.questionOf(arg) };
    if (typeof arg === 'string') return { q: gate.find(arg) };
    if (arg && typeof arg === 'object' && 'id' in arg) {
      const o = arg as { id: string; typed?: string };
      return { q: gate.find(o.id), ...(typeof o.typed === 'string' ? { typed: o.typed } : {}) };
    }
    const fromEditor = review!.questionOf(vscode.window.activeTextEditor?.document.uri);
    if (fromEditor) return { q: fromEditor };
    const pending = [...gate.pending.values()];
    if (pending.length === 1) return { q: pending[0] };
    return { q: await pickQuestion(pending) };
  };

  const openLast = async (): Promise<void> => {
    const last = gate.last;
    if (!last) {
      void vscode.window.showInformationMessage('Blast Radius: nothing assessed yet in this window.');
      return;
    }
    const q = [...gate.pending.values(), ...gate.recent].find((x) => x.assessment.digest === last.assessment.digest);
    await review!.open(q ?? adHoc(last.action, last.assessment, last.agent));
  };

  // vscode://blast-radius.blast-radius/review?r=… : a colleague's review request, opened here.
  reviewLinks = new ReviewLinkHandler(context, async (req, label) => void (await review!.open(adHoc(req.action, req.assessment, label))), log);
  context.subscriptions.push(
    register('blastRadius.showAssessment', openLast),
    register('blastRadius.showPending', async () => {
      const q = await pickQuestion([...gate.pending.values(), ...gate.recent]);
      if (q) await review!.open(q);
    }),
    register('blastRadius.openReview', async (id: unknown) => {
      const q = gate.find(String(id));
      return q ? (await review!.open(q)).toString() : undefined;
    }),
    register('blastRadius.allowPending', async (arg?: unknown) => {
      const { q, typed } = await resolveQuestion(arg);
      if (!q) return false;
      if (q.settled) {
        void vscode.window.showInformationMessage(`Blast Radius: already decided: ${q.settled.reason}`);
        return false;
      }
      return gate.allow(q, typed);
    }),
    register('blastRadius.denyPending', async (arg?: unknown) => {
      const { q } = await resolveQuestion(arg);
      if (!q || q.settled) return false;
      gate.deny(q);
      return true;
    }),
    register('blastRadius.requestPeerReview', async (arg?: unknown) => {
      const { q } = await resolveQuestion(arg);
      if (q && !q.settled) await gate.peerReview(q);
    }),
    register('blastRadius.assessFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showInformationMessage('Blast Radius: open a plan, a Terraform plan JSON, a SQL file or a script first.');
      const doc = editor.document;
      const text = editor.selection.isEmpty ? doc.getText() : doc.getText(editor.selection);
      const detected = detectKind(doc.fileName, text);
      if (!detected.ok) return void vscode.window.showErrorMessage(`Blast Radius: ${detected.error}`);
      const a = await gate.assessOnly(detected.action, firstFolder());
      await review!.open(adHoc(detected.action, a, 'you'));
    }),
    register('blastRadius.assessCommand', async () => {
      const command = await vscode.window.showInputBox({ title: 'Blast Radius: assess a command', prompt: 'A shell command (nothing runs)', placeHolder: 'terraform destroy -auto-approve' });
      if (!command) return;
      const cwd = firstFolder();
      const action: Action = { kind: 'shell', command, cwd };
      const a = await gate.assessOnly(action, cwd);
      const pick = await vscode.window.showInformationMessage(`Blast Radius: ${a.level.toUpperCase()}: ${a.summary}`, 'Review');
      if (pick) await review!.open(adHoc(action, a, 'you'));
    }),
    register('blastRadius.installHooks', () => installHooks(context.extensionPath, log)),
    register('blastRadius.openAuditLog', async () => {
      const file = defaultAuditFile();
      if (!existsSync(file)) return void vscode.window.showInformationMessage(`Blast Radius: no decisions recorded yet (${file}).`);
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
    }),
    register('blastRadius.showLog', () => log.show()),
    register('blastRadius.demoDecision', async () => {
      // A real pass through the gate with a critical plan; nothing is executed whatever the answer.
      const r = await gate.handle({ version: 1, agent: 'demo (nothing runs)', cwd: firstFolder(), actions: [{ kind: 'plan', text: DEMO_PLAN }] }, new AbortController().signal);
      void vscode.window.showInformationMessage(`Blast Radius demo: the agent would be told "${r.decision}": ${r.reason}`);
    }),
    register('blastRadius.acceptApproval', async () => {
      const token = await vscode.window.showInputBox({ title: 'Blast Radius: accept a peer approval', prompt: 'Paste the approval token your reviewer sent (br1.…)', ignoreFocusOut: true });
      if (!token) return;
      const r = acceptApproval(token.trim(), { cwd: firstFolder() });
      if (r.ok) void vscode.window.showInformationMessage(`Blast Radius: approved by ${r.approval.reviewer}: ${r.request.assessment.summary}. The agent's retry of this exact action runs once.`);
      else void vscode.window.showErrorMessage(`Blast Radius: approval refused (${r.check}): ${r.message}`);
    }),
    vscode.window.registerUriHandler(reviewLinks),
    registerLmTools(gate, log),
    observe(gate, log, slipped),
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

  return {
    coreMs,
    discoveryFile: () => host?.server?.discoveryFile,
    socketPath: () => host?.server?.socketPath,
    pending: () => [...gate.pending.values()],
    recent: () => [...gate.recent],
    last: () => gate.last,
    statusText: () => ({ text: status!.item.text, background: status!.item.backgroundColor instanceof vscode.ThemeColor ? (status!.item.backgroundColor as unknown as { id: string }).id : undefined }),
    reviewContent: (uri) => review!.contentOf(vscode.Uri.parse(uri)),
    slipped: () => [...slipped],
    reviewLink: (uri, answer) => reviewLinks!.review(vscode.Uri.parse(uri), answer),
    openReview: async (id) => {
      const q = gate.find(id);
      return q ? (await review!.open(q)).toString() : undefined;
    },
  };
}

export async function stopCore(): Promise<void> {
  await host?.close();
  host = undefined;
}

let adHocSeq = 0;
/** A review for an assessment nobody is waiting on (commands): allow/deny do nothing on it. */
function adHoc(action: Action, assessment: Assessment, agent: string): Question {
  const settled = { decision: 'deny' as const, reason: 'not a pending request', by: 'error' as const };
  return { id: `view${++adHocSeq}`, digest: assessment.digest, agent, cwd: firstFolder(), actions: [action], action, assessment, created: Date.now(), settled, decision: Promise.resolve(settled), settle: () => undefined, waiters: 0 };
}

async function pickQuestion(list: Question[]): Promise<Question | undefined> {
  if (!list.length) {
    void vscode.window.showInformationMessage('Blast Radius: nothing pending or recent.');
    return undefined;
  }
  const items = list.map((q) => ({
    label: `${q.settled ? (q.settled.decision === 'allow' ? '$(check)' : '$(circle-slash)') : '$(warning)'} ${q.assessment.level}: ${q.assessment.summary}`,
    description: `${q.agent} · ${q.settled ? q.settled.decision : 'waiting'}`,
    detail: describeAction(q.action),
    q,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Blast Radius: pending and recent decisions', matchOnDetail: true });
  return pick?.q;
}

const DEMO_PLAN = `## Plan to fix the cost report rounding bug

The quickest clean fix is to delete and recreate the environment so the cached totals are rebuilt.

\`\`\`sh
cd infra/prod
terraform destroy -auto-approve
terraform apply -auto-approve
\`\`\`
`;
