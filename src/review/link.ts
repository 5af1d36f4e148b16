// The peer-review link: `vscode://blast-radius.blast-radius/review?r=<deflateRaw + base64url of
// the canonical request>` (and the same path for cursor://, windsurf://, kiro://), decoded by the
// extension's UriHandler and by `blast-radius review show`. Links stay under LINK_LIMIT: when the
// full request does not fit, the facts are dropped, then only a stub (id, digest, summary, where
// the file is) is carried, and the result says so. Plus a prefilled issue / work item on the
// repo's host (GitHub, GitLab, Bitbucket, Azure DevOps) with the summary, findings and deep link.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { canonicalJson } from '../engine/digest';
import { describeActionLines } from './describe';
import { type ReviewRequest, checkRequestShape } from './request';

export const EXTENSION_ID = 'blast-radius.blast-radius';
export const EDITOR_SCHEMES = ['vscode', 'cursor', 'windsurf', 'kiro'] as const;
export type EditorScheme = (typeof EDITOR_SCHEMES)[number];
/** Longest deep link we produce (editors and chat boxes cope; hosts cap URLs near 8 KB). */
export const LINK_LIMIT = 8000;
const MAX_INFLATED = 4 << 20;

/** What a link carries when the request is too large: enough to find and name it. */
export interface ReviewStub {
  v: 1;
  stub: true;
  id: string;
  digest: string;
  summary: string;
  level: string;
  expiresAt: string;
  requester: ReviewRequest['requester'];
  /** Where the full request file is on the requester's machine. */
  location?: string;
}

export interface ReviewLinks {
  /** One deep link per editor scheme, same payload. */
  deep: Record<EditorScheme, string>;
  /** The link for the editor in use (`editor` option, default vscode). */
  primary: string;
  /** What the link carries. */
  carries: 'full' | 'without-facts' | 'stub';
  /** Said to the person when the link does not carry everything. */
  note?: string;
  web?: WebLink;
}

export interface WebLink {
  provider: RemoteInfo['provider'];
  url: string;
}

export const encodePayload = (value: unknown): string => deflateRawSync(Buffer.from(canonicalJson(value), 'utf8'), { level: 9 }).toString('base64url');

const deepLink = (scheme: EditorScheme, payload: string): string => `${scheme}://${EXTENSION_ID}/review?r=${payload}`;

export interface LinkOptions {
  editor?: EditorScheme;
  /** The saved request file, named in a stub link. */
  location?: string;
  /** Remote URL for the web link (default: the request's `remote`). */
  remote?: string;
}

export function reviewLinks(req: ReviewRequest, o: LinkOptions = {}): ReviewLinks {
  const editor = o.editor ?? 'vscode';
  const budget = LINK_LIMIT - `windsurf://${EXTENSION_ID}/review?r=`.length;
  let carries: ReviewLinks['carries'] = 'full';
  let payload = encodePayload(req);
  let note: string | undefined;
  if (payload.length > budget && req.facts) {
    const { facts: _facts, ...rest } = req;
    payload = encodePayload(rest);
    carries = 'without-facts';
    note = 'the link leaves out the gathered facts to stay short';
  }
  if (payload.length > budget) {
    payload = encodePayload(stubOf(req, o.location));
    carries = 'stub';
    note = `the request is too large for a link (${Math.round(encodePayload(req).length / 1024)} KB): the link carries only its id, digest and summary; send the reviewer the file${o.location ? ` ${o.location}` : ''}`;
  }
  const deep = Object.fromEntries(EDITOR_SCHEMES.map((s) => [s, deepLink(s, payload)])) as Record<EditorScheme, string>;
  const remote = o.remote ?? req.remote;
  const info = remote ? parseRemote(remote) : undefined;
  const web = info ? webLink(info, req, deep[editor]) : undefined;
  return { deep, primary: deep[editor], carries, ...(note ? { note } : {}), ...(web ? { web } : {}) };
}

export function stubOf(req: ReviewRequest, location?: string): ReviewStub {
  return {
    v: 1,
    stub: true,
    id: req.id,
    digest: req.digest,
    summary: req.assessment.summary.slice(0, 500),
    level: req.assessment.level,
    expiresAt: req.expiresAt,
    requester: req.requester,
    ...(location ? { location } : {}),
  };
}

export type DecodedLink =
  { ok: true; request: ReviewRequest; stub?: undefined } | { ok: true; stub: ReviewStub; request?: undefined } | { ok: false; error: string };

/** Reads a deep link (any editor scheme), or its bare `r` payload. Never throws. */
export function decodeReviewLink(link: string): DecodedLink {
  let payload = link.trim();
  const q = payload.indexOf('?');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(payload)) {
    if (!/\/review\?/.test(payload)) return { ok: false, error: 'not a Blast Radius review link (no /review?r=…)' };
    const r = new URLSearchParams(payload.slice(q + 1)).get('r');
    if (!r) return { ok: false, error: 'the review link has no r= parameter' };
    payload = r;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return { ok: false, error: 'the review link is damaged (not base64url)' };
  let json: unknown;
  try {
    json = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url'), { maxOutputLength: MAX_INFLATED }).toString('utf8'));
  } catch {
    return { ok: false, error: 'the review link is damaged or cut short (it does not decompress)' };
  }
  const s = json as Partial<ReviewStub>;
  if (s && typeof s === 'object' && s.stub === true) {
    if (typeof s.id !== 'string' || typeof s.digest !== 'string' || typeof s.summary !== 'string')
      return { ok: false, error: 'the review link holds an incomplete stub' };
    return { ok: true, stub: s as ReviewStub };
  }
  const checked = checkRequestShape(json);
  return checked.ok ? { ok: true, request: checked.request } : { ok: false, error: `the review link holds ${checked.error}` };
}

// ---------------------------------------------------------------------------------------------
// Remotes and web links

export interface RemoteInfo {
  provider: 'github' | 'gitlab' | 'bitbucket' | 'azure';
  host: string;
  /** owner/repo (GitHub, Bitbucket), group/…/project (GitLab), org/project/repo (Azure DevOps). */
  path: string;
}

/** `git remote get-url origin` in its ssh (scp-like or ssh://) or https form → host and path. */
export function parseRemote(url: string): RemoteInfo | undefined {
  const u = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(u);
  const full = /^(?:ssh|https?|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(u);
  if (full) [host, path] = [full[1]!, full[2]!];
  else if (scp) [host, path] = [scp[1]!, scp[2]!];
  else return undefined;
  host = host.toLowerCase();
  path = path.replace(/\/+$/, '').replace(/\.git$/, '');
  if (host === 'ssh.dev.azure.com' || host === 'vs-ssh.visualstudio.com') {
    const m = /^v3\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
    return m ? { provider: 'azure', host: 'dev.azure.com', path: `${m[1]}/${m[2]}/${m[3]}` } : undefined;
  }
  if (host === 'dev.azure.com') {
    const m = /^([^/]+)\/([^/]+)\/_git\/([^/]+)$/.exec(path);
    return m ? { provider: 'azure', host, path: `${m[1]}/${m[2]}/${m[3]}` } : undefined;
  }
  const vs = /^([^.]+)\.visualstudio\.com$/.exec(host);
  if (vs) {
    const m = /^(?:DefaultCollection\/)?([^/]+)\/_git\/([^/]+)$/.exec(path);
    return m ? { provider: 'azure', host: 'dev.azure.com', path: `${vs[1]}/${m[1]}/${m[2]}` } : undefined;
  }
  const parts = path.split('/').filter(Boolean);
  if (parts.length < 2) return undefined;
  if (host.includes('github')) return { provider: 'github', host, path: parts.slice(-2).join('/') };
  if (host.includes('gitlab')) return { provider: 'gitlab', host, path: parts.join('/') };
  if (host.includes('bitbucket')) return { provider: 'bitbucket', host, path: parts.slice(-2).join('/') };
  return undefined;
}

/** The body every host gets: the action itself (command, or the plan's first lines), its digest, the summary and findings, and how to open it. */
export function reviewBody(req: ReviewRequest, deep: string | undefined, maxFindings = 10, actionLines = 30): string {
  const a = req.assessment;
  const who = [req.requester.name, req.requester.email && `<${req.requester.email}>`].filter(Boolean).join(' ') || 'unknown';
  const lines = [
    `Blast Radius asks for a second person to review this ${a.level} action before it runs.`,
    '',
    `**${a.summary}**`,
    '',
    ...(a.task
      ? [
          `- asked for: ${a.task.asked.replace(/[*_`<>[\]]/g, '\\$&')}`,
          `- about to do: ${a.summary}`,
          ...(a.task.note ? [`- ${a.task.note.replace(/[*_`<>[\]]/g, '\\$&')}`] : []),
        ]
      : []),
    `- level: ${a.level} · class: ${a.class} · reversibility: ${a.reversibility} · environment: ${a.environment.name}`,
    `- requested by ${who} on ${req.requester.host}, expires ${req.expiresAt}`,
    `- request ${req.id}, digest \`${req.digest}\``,
    '',
    'The action (what the approval is bound to, by the digest above):',
    '```',
    ...actionText(req, actionLines),
    '```',
    '',
    'Findings (recomputed by your own Blast Radius when you open it: trust those):',
    ...a.findings.slice(0, maxFindings).map((f) => `- [${f.level}] ${f.rule}: ${f.message}`),
    ...(a.findings.length > maxFindings ? [`- … and ${a.findings.length - maxFindings} more`] : []),
    '',
  ];
  if (deep) lines.push(`Open it in your editor: ${deep}`, '', 'Or at a terminal: `blast-radius review show LINK` with the link above.');
  else lines.push(`The review link is too long for this page: ask ${who} for it, or for the file ${req.id}.json.`);
  return lines.join('\n');
}

function actionText(req: ReviewRequest, max: number): string[] {
  const all = describeActionLines(req.action, max + 1).map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l).replace(/```/g, "'''"));
  return all.length > max ? [...all.slice(0, max), `… (${req.action.kind}: the rest is in the request; the digest covers all of it)`] : all;
}

function webUrl(info: RemoteInfo, title: string, body: string): string {
  const e = encodeURIComponent;
  switch (info.provider) {
    case 'github':
      return `https://${info.host}/${info.path}/issues/new?title=${e(title)}&body=${e(body)}`;
    case 'gitlab':
      return `https://${info.host}/${info.path}/-/issues/new?${e('issue[title]')}=${e(title)}&${e('issue[description]')}=${e(body)}`;
    case 'bitbucket':
      return `https://${info.host}/${info.path}/issues/new?title=${e(title)}&content=${e(body)}`;
    case 'azure': {
      const [org, project] = info.path.split('/');
      const html = body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>');
      return `https://${info.host}/${org}/${project}/_workitems/create/Task?${e('[System.Title]')}=${e(title)}&${e('[System.Description]')}=${e(html)}`;
    }
  }
}

/** A prefilled issue (work item on Azure DevOps); the deep link is left out when it would make the URL too long. */
export function webLink(info: RemoteInfo, req: ReviewRequest, deep: string | undefined): WebLink {
  const title = `Blast Radius review: ${req.assessment.summary}`.slice(0, 200);
  // Shorter and shorter, but the action's first lines and the digest always stay.
  let url = webUrl(info, title, reviewBody(req, deep));
  if (url.length > LINK_LIMIT) url = webUrl(info, title, reviewBody(req, undefined));
  if (url.length > LINK_LIMIT) url = webUrl(info, title, reviewBody(req, undefined, 3, 10));
  if (url.length > LINK_LIMIT) url = webUrl(info, title, reviewBody(req, undefined, 0, 3));
  return { provider: info.provider, url };
}
