// The HTML of the two webview surfaces: the decision panel (one waiting question: headline, why,
// findings, facts, the action itself, the buttons its requirement allows, a typed confirmation for
// high) and the review-link panel (the peer-review link in full, Copy / Open, what the reviewer
// will see). Pure (no vscode import), so escaping and content are tested in plain Node.
// Everything an agent wrote (commands, plans, paths) is escaped; the page runs only its own nonce'd
// script under a CSP with `default-src 'none'`, loads nothing, and talks only by postMessage.
import type { DecisionView } from './format';
import { REQUIRES_WORDS } from './format';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text with `code` spans (a rule's alternative) as escaped HTML with <code> elements. */
export function codeSpans(s: string): string {
  return s
    .split('`')
    .map((part, i) => (i % 2 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

/** JSON for a `<script type="application/json">` block: nothing in it can close the tag. */
function jsonBlock(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Buttons a question offers, by requirement. Deny is always there and is the default. */
export function buttonsFor(requires: DecisionView['requires']): { id: string; label: string }[] {
  switch (requires) {
    case 'confirm':
      return [
        { id: 'allow', label: 'Allow once' },
        { id: 'review', label: 'Review…' },
        { id: 'deny', label: 'Deny' },
      ];
    case 'typed-confirm':
      return [
        { id: 'allow', label: 'Allow' },
        { id: 'review', label: 'Review…' },
        { id: 'deny', label: 'Deny' },
      ];
    case 'peer-review':
      return [
        { id: 'review', label: 'Review…' },
        { id: 'peer', label: 'Request peer review…' },
        { id: 'deny', label: 'Deny' },
      ];
    default:
      return [
        { id: 'review', label: 'Review…' },
        { id: 'deny', label: 'Deny' },
      ];
  }
}

const STYLE = `
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; max-width: 980px; line-height: 1.45; }
  .band { display: flex; gap: 12px; align-items: center; padding: 10px 14px; margin: 14px 0 10px; border-radius: 4px; border-left: 6px solid var(--level); background: var(--vscode-editorWidget-background); }
  .chip { font-weight: 700; letter-spacing: .06em; padding: 2px 8px; border-radius: 3px; background: var(--level); color: var(--level-fg); }
  .needs { font-weight: 600; }
  .countdown { margin-left: auto; opacity: .85; font-variant-numeric: tabular-nums; }
  h1 { font-size: 1.35em; margin: 8px 0 4px; font-weight: 600; }
  h2 { font-size: 1em; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: .05em; opacity: .8; }
  .wants { margin: 0 0 8px; opacity: .85; }
  .scope { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 10px 0; padding: 8px 12px; border-radius: 4px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-widget-border, transparent); }
  .scope .label { font-weight: 600; opacity: .85; white-space: nowrap; }
  .scope .from { opacity: .7; font-size: .9em; }
  .scope.mismatch { border-color: var(--level); }
  .scope .note { grid-column: 1 / -1; margin: 2px 0 0; }
  .scope.mismatch .note { font-weight: 600; }
  .safer { margin: 8px 0; }
  .why { padding: 8px 12px; border-radius: 4px; background: var(--vscode-textBlockQuote-background); border-left: 3px solid var(--level); }
  ul { margin: 4px 0; padding-left: 20px; }
  li { margin: 3px 0; }
  .lvl { display: inline-block; min-width: 64px; font-size: .85em; font-weight: 700; text-transform: uppercase; }
  .lvl-critical { color: var(--vscode-errorForeground); } .lvl-high { color: var(--vscode-editorWarning-foreground); } .lvl-medium { color: var(--vscode-editorInfo-foreground); }
  code, pre, .link { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  .ev { opacity: .8; }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px 10px; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; max-height: 220px; overflow-y: auto; margin: 4px 0; }
  .typed { margin: 16px 0 4px; }
  .typed input { font-family: var(--vscode-editor-font-family); padding: 4px 6px; min-width: 260px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent)); }
  .typed .msg { margin-left: 8px; opacity: .85; }
  .buttons { display: flex; gap: 8px; margin: 16px 0 8px; flex-wrap: wrap; align-items: center; }
  .answer { position: sticky; bottom: 0; padding: 4px 0 6px; background: var(--vscode-editor-background); border-top: 1px solid var(--vscode-widget-border, transparent); }
  .answer .buttons { margin: 8px 0 4px; }
  button { font: inherit; padding: 5px 14px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:disabled { opacity: .45; cursor: default; }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  .foot { opacity: .75; font-size: .92em; }
  .link { display: block; width: 100%; box-sizing: border-box; min-height: 64px; padding: 6px 8px; word-break: break-all; white-space: pre-wrap; user-select: all; background: var(--vscode-textCodeBlock-background); border-radius: 4px; }
  .done { font-weight: 600; }
  body.level-critical { --level: var(--vscode-statusBarItem-errorBackground, #c72e0f); --level-fg: var(--vscode-statusBarItem-errorForeground, #fff); }
  body.level-high { --level: var(--vscode-statusBarItem-warningBackground, #c79a0f); --level-fg: var(--vscode-statusBarItem-warningForeground, #000); }
  body.level-medium { --level: var(--vscode-editorInfo-foreground, #3794ff); --level-fg: #fff; }
  body.level-low { --level: var(--vscode-testing-iconPassed, #73c991); --level-fg: #000; }
`;

function page(opts: { nonce: string; cspSource: string; title: string; level: string; body: string; data: unknown; script: string }): string {
  const csp = `default-src 'none'; style-src 'nonce-${opts.nonce}'; script-src 'nonce-${opts.nonce}'; img-src ${opts.cspSource}; font-src ${opts.cspSource};`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)}</title>
<style nonce="${opts.nonce}">${STYLE}</style>
</head>
<body class="level-${escapeHtml(opts.level)}">
${opts.body}
<script type="application/json" id="data">${jsonBlock(opts.data)}</script>
<script nonce="${opts.nonce}">${opts.script}</script>
</body></html>`;
}

/** The decision panel for one waiting question. */
export function decisionHtml(v: DecisionView, nonce: string, cspSource: string): string {
  const e = escapeHtml;
  const L = v.level.toUpperCase();
  const findings = v.findings.length
    ? `<h2>Findings</h2><ul class="findings">${v.findings
        .map(
          (f) =>
            `<li><span class="lvl lvl-${e(f.level)}">${e(f.level)}</span> ${e(f.message)}${f.evidence ? ` <span class="ev">— <code>${e(f.evidence)}</code></span>` : ''}</li>`,
        )
        .join('')}${v.moreFindings ? `<li>… and ${v.moreFindings} more (Review… shows all)</li>` : ''}</ul>`
    : '';
  const facts = `<h2>What it reaches</h2><ul class="facts">${v.facts.map((f) => `<li>${e(f)}</li>`).join('')}</ul>`;
  const body = v.body ? `<h2>${e(v.body.label)}</h2><pre class="action">${e(v.body.text)}</pre>` : '';
  const typed =
    v.confirmTarget !== undefined
      ? `<div class="typed"><label for="typed">Type <code>${e(v.confirmTarget)}</code> to allow:</label> <input id="typed" autocomplete="off" spellcheck="false" aria-label="Type ${e(v.confirmTarget)} to allow"><span class="msg" id="typed-msg"></span></div>`
      : '';
  const buttons = buttonsFor(v.requires)
    .map(
      (b) =>
        `<button id="${b.id}" class="${b.id === 'deny' ? 'primary' : ''}"${b.id === 'allow' && v.confirmTarget !== undefined ? ' disabled' : ''}>${e(b.label)}</button>`,
    )
    .join('');
  const peerNote =
    v.requires === 'peer-review'
      ? '<p class="foot">Nothing runs until a second person approves this exact action. <b>Request peer review…</b> writes the request and shows its link; the agent is told to retry once it is approved.</p>'
      : '';
  const html = `
<div class="band" role="banner"><span class="chip">${e(L)}</span><span class="needs">${e(REQUIRES_WORDS[v.requires])}</span><span class="countdown" id="countdown" aria-live="off"></span></div>
<h1 id="headline">${e(v.headline)}</h1>
<p class="wants">${e(v.wants)} · asked at ${e(new Date(v.asked).toLocaleTimeString('en-GB'))}</p>
${v.task ? taskBlock(v.task) : ''}
${v.why ? `<p class="why" id="why">${e(v.why)}</p>` : ''}
${v.safer ? `<p class="safer" id="safer"><b>Safer:</b> ${codeSpans(v.safer)}</p>` : ''}
${findings}
${facts}
${body}
${peerNote}
<div class="answer">
${typed}
<div class="buttons" role="group" aria-label="Answer">${buttons}</div>
<p class="foot">Escape or closing this panel denies; the agent is told why.</p>
</div>`;
  const script = `
const vscode = acquireVsCodeApi();
const data = JSON.parse(document.getElementById('data').textContent);
let answered = false;
const buttons = [...document.querySelectorAll('.buttons button')];
function send(type, extra) {
  if (answered) return;
  if (type !== 'review') { answered = true; buttons.forEach((b) => (b.disabled = true)); }
  vscode.postMessage(Object.assign({ id: data.id, type }, extra || {}));
}
const typed = document.getElementById('typed');
const allow = document.getElementById('allow');
for (const b of buttons) b.addEventListener('click', () => {
  if (b.id === 'allow' && typed) { if (typed.value === data.confirmTarget) send('allow', { typed: typed.value }); return; }
  send(b.id);
});
if (typed) {
  const msg = document.getElementById('typed-msg');
  typed.addEventListener('input', () => {
    const ok = typed.value === data.confirmTarget;
    allow.disabled = !ok;
    msg.textContent = ok || !typed.value ? '' : 'type it exactly';
  });
  typed.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && typed.value === data.confirmTarget) send('allow', { typed: typed.value }); });
}
document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); send('dismiss'); } });
const countdown = document.getElementById('countdown');
function tick() {
  if (!data.deadline) return;
  const left = Math.max(0, Math.round((data.deadline - Date.now()) / 1000));
  countdown.textContent = 'answer within ' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
}
tick(); setInterval(tick, 1000);
(typed || document.getElementById('deny')).focus({ preventScroll: true });
window.scrollTo(0, 0);
`;
  return page({
    nonce,
    cspSource,
    title: v.title,
    level: v.level,
    body: html,
    data: { id: v.id, confirmTarget: v.confirmTarget ?? null, deadline: v.deadline ?? null },
    script,
  });
}

/** "Asked for" next to "About to do": the person's own words beside what is about to happen. */
function taskBlock(t: NonNullable<DecisionView['task']>): string {
  const e = escapeHtml;
  const before = t.before ? ` <span class="from">— after: “${e(t.before)}”</span>` : '';
  return `<div class="scope ${t.agreement === 'mismatch' ? 'mismatch' : ''}" id="scope" role="group" aria-label="Asked for and about to do">
<span class="label">Asked for:</span><span id="asked-for">${e(t.askedFor)}${t.from ? ` <span class="from">(${e(t.from)})</span>` : ''}${before}</span>
<span class="label">About to do:</span><span id="about-to-do">${e(t.aboutToDo)}</span>
${t.note ? `<p class="note" id="scope-note">${e(t.note)}</p>` : ''}
</div>`;
}

/** What the review-link panel shows: the link itself and what the reviewer will read. */
export interface ReviewLinkView {
  requestId: string;
  level: string;
  headline: string;
  /** The deep link for this editor (vscode://…, cursor://…). */
  link: string;
  /** A prefilled issue on the repository's host, when it has one. */
  web?: { provider: string; url: string };
  /** Said when the link does not carry everything (too large). */
  note?: string;
  requester: string;
  expiresAt: string;
  digest: string;
  findings: { level: string; message: string }[];
  /** Where the request file is on this machine. */
  file: string;
}

export function reviewLinkHtml(v: ReviewLinkView, nonce: string, cspSource: string): string {
  const e = escapeHtml;
  const html = `
<div class="band" role="banner"><span class="chip">PEER REVIEW</span><span class="needs">review ${e(v.requestId)} requested</span></div>
<h1>${e(v.headline)}</h1>
<p class="why">Nothing runs until a second person approves this exact action. The agent was told it is denied for now; once the approval is accepted (<b>Accept a Peer Approval…</b>), its retry of the same action runs once.</p>
<h2>Send this link to a colleague</h2>
<div class="link" id="link" role="textbox" aria-readonly="true" aria-label="Review link">${e(v.link)}</div>
<div class="buttons">
  <button id="copy" class="primary">Copy link</button>
  ${v.web ? `<button id="open-web">Open ${e(v.web.provider === 'github' ? 'GitHub issue' : v.web.provider === 'gitlab' ? 'GitLab issue' : 'web issue')}</button><button id="copy-web">Copy web link</button>` : ''}
  <span class="msg" id="copied" aria-live="polite"></span>
</div>
${v.note ? `<p class="foot">${e(v.note)}</p>` : ''}
<p class="foot">It opens in the reviewer's editor (the Blast Radius extension installed), where they approve or reject; the answer is signed with their key and comes back as a one-line token.${v.web ? ' The web link opens a prefilled issue with the same review and the link.' : ''}</p>
<h2>What the reviewer will see</h2>
<ul class="facts">
  <li><span class="lvl lvl-${e(v.level)}">${e(v.level)}</span> ${e(v.headline)}</li>
  <li>Requested by ${e(v.requester)}; the request expires ${e(v.expiresAt)}</li>
  <li>Digest <code>${e(v.digest.slice(0, 16))}…</code>: an approval releases this exact action and nothing else</li>
  ${v.findings.map((f) => `<li><span class="lvl lvl-${e(f.level)}">${e(f.level)}</span> ${e(f.message)}</li>`).join('')}
</ul>
<p class="foot">Request file: <code>${e(v.file)}</code></p>`;
  const script = `
const vscode = acquireVsCodeApi();
const data = JSON.parse(document.getElementById('data').textContent);
const said = document.getElementById('copied');
function on(id, type) { const b = document.getElementById(id); if (b) b.addEventListener('click', () => { said.textContent = ''; vscode.postMessage({ id: data.id, type }); }); }
on('copy', 'copy-link');
on('copy-web', 'copy-web');
on('open-web', 'open-web');
// Said only once the editor has put it on the clipboard.
window.addEventListener('message', (ev) => { if (ev.data && ev.data.type === 'copied') said.textContent = ev.data.what === 'web' ? 'Web link copied.' : 'Link copied.'; });
`;
  return page({ nonce, cspSource, title: `Blast Radius · review ${v.requestId}`, level: v.level, body: html, data: { id: v.requestId }, script });
}
