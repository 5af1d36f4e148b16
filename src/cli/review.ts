// `blast-radius review request|show|approve|accept`: the two-person rule at a terminal, for a
// reviewer without the editor and for CI. request → id, digest, links; show → the request as a
// reviewer reads it; approve → one-line signed token; accept → exit 0 naming the released
// action, or exit 1 naming the check that failed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hostname } from 'node:os';
import { type Action, type ActionKind, type Facts, ShellDialect, assess } from '../engine';
import { gatherFacts, loadPolicy } from '../facts';
import { agentContext } from '../review/agent-context';
import { acceptApproval, signApproval, type SigningKey } from '../review/approval';
import { describeActionLines } from '../review/describe';
import { EDITOR_SCHEMES, type EditorScheme, decodeReviewLink, reviewLinks } from '../review/link';
import { reassessRequest } from '../review/reassess';
import { type ReviewRequest, createReviewRequest, isRequestId, loadReviewRequest, requesterIdentity, saveReviewRequest } from '../review/request';
import { resolveSigners } from '../review/signers';
import { quoteWord, readAction } from './assess';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';

const HELP = `Usage:
  blast-radius review request [options] (-- <command…> | FILE | -)
      assess the action, store a review request, print its id, digest and links
      --json  --cwd DIR  --policy FILE  --no-facts  --kind KIND  --shell DIALECT
      --ttl MINUTES (default 1440)  --editor vscode|cursor|windsurf|kiro  --user-dir
  blast-radius review show [--json] LINK|FILE|ID
      print a request for a reviewer
  blast-radius review approve LINK|FILE|ID --key PATH [--reason TEXT] [--reject] [--as PRINCIPAL] [--ttl MINUTES]
      sign an approval (or with --reject a rejection) and print the token; PATH is an SSH private
      key (signed with ssh-keygen -Y sign) or a built-in key (PKCS#8 PEM, ed25519)
  blast-radius review accept TOKEN [--cwd DIR] [--digest HEX] [--json]
      check a token; exit 0 and release that action once, or exit 1 naming the failed check
      (signers: the allowed signers committed on the default branch, see 'review show')

What the reviewer reads is recomputed from the action by their own engine, never taken from the
request file. 'review approve' refuses to sign under an AI agent and for the requester themselves.`;

export async function runReview(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'request':
      return runRequest(rest);
    case 'show':
      return runShow(rest);
    case 'approve':
      return runApprove(rest);
    case 'accept':
      return runAccept(rest);
    case '--help':
    case '-h':
    case 'help':
      return help();
    case undefined:
      throw new CliError("review: give a subcommand: request, show, approve, accept (try 'blast-radius review --help')");
    default:
      throw new CliError(`review: unknown subcommand '${sub}' (request, show, approve, accept)`);
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(name: string, args: string[], options: OptionSpec): Parsed {
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (err) {
    throw new CliError(`review ${name}: ${(err as Error).message.split('\n')[0]}`);
  }
}

function minutes(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`review ${name}: --ttl takes a positive number of minutes`);
  return n * 60_000;
}

// ---------------------------------------------------------------------------------------------

async function runRequest(argv: string[]): Promise<number> {
  const dd = argv.indexOf('--');
  const words = dd >= 0 ? argv.slice(dd + 1) : undefined;
  const p = parse('request', dd >= 0 ? argv.slice(0, dd) : argv, {
    json: { type: 'boolean' },
    cwd: { type: 'string' },
    policy: { type: 'string' },
    'no-facts': { type: 'boolean' },
    kind: { type: 'string' },
    shell: { type: 'string' },
    ttl: { type: 'string' },
    editor: { type: 'string' },
    'user-dir': { type: 'boolean' },
  });
  const o = p.values;
  if (o.help) return help();
  const editor = (o.editor as string | undefined) ?? 'vscode';
  if (!(EDITOR_SCHEMES as readonly string[]).includes(editor)) throw new CliError(`review request: --editor must be one of ${EDITOR_SCHEMES.join(', ')}`);
  if (o.shell !== undefined && !ShellDialect.safeParse(o.shell).success)
    throw new CliError(`review request: --shell must be one of ${ShellDialect.options.join(', ')}`);
  const cwd = resolve((o.cwd as string | undefined) ?? process.cwd());
  const loaded = loadPolicy(cwd, o.policy as string | undefined);
  if (!loaded.ok) throw new CliError(loaded.error.split('\n')[0]!);

  let action: Action;
  if (words) {
    if (p.positionals.length) throw new CliError(`review request: unexpected '${p.positionals[0]}' before --`);
    if (!words.length) throw new CliError('review request: nothing after --');
    const command = words.length === 1 ? words[0]! : words.map(quoteWord).join(' ');
    action = { kind: 'shell', command, cwd, ...(o.shell ? { shell: o.shell as ShellDialect } : {}) };
  } else {
    const [input, extra] = p.positionals;
    if (!input) throw new CliError("review request: give -- <command…>, a FILE, or '-' for an Action on stdin");
    if (extra !== undefined) throw new CliError(`review request: one input at a time (got '${extra}' too)`);
    action = readAction(input === '-' ? input : resolve(cwd, input), o.kind as ActionKind | undefined, cwd);
  }
  const facts: Facts = o['no-facts'] ? {} : await gatherFacts(action, { cwd });
  const assessment = assess(action, { facts, policy: loaded.policy });
  const ttlMs = minutes('request', o.ttl as string | undefined);
  const requester = requesterIdentity(cwd);
  // No identity, no request: a reviewer could not tell who asks, and self-approval could not be ruled out.
  if (!requester.email)
    throw new CliError(
      'review request: git user.email is not set: set it (git config user.email you@example.org) so the reviewer knows who asks and a self-approval can be refused',
    );
  const req = createReviewRequest({ action, assessment, facts, cwd, requester, ...(ttlMs ? { ttlMs } : {}) });
  const file = saveReviewRequest(req, { cwd, userDir: !!o['user-dir'] });
  const links = reviewLinks(req, { editor: editor as EditorScheme, location: file });
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ id: req.id, digest: req.digest, file, level: assessment.level, requires: assessment.requires, summary: assessment.summary, expiresAt: req.expiresAt, links }, null, 2)}\n`,
    );
    return EXIT_OK;
  }
  const out = [
    `review request ${req.id}`,
    `  ${assessment.level} · ${assessment.summary}`,
    `  digest   ${req.digest}`,
    `  expires  ${req.expiresAt}`,
    `  file     ${file}`,
  ];
  if (assessment.requires !== 'peer-review') out.push(`  note     the policy requires '${assessment.requires}' for this action, not peer review`);
  out.push('', `Send this link to a reviewer (opens in ${editor}; also cursor://, windsurf://, kiro://):`, links.primary);
  if (links.note) out.push(`(${links.note})`);
  if (links.web) out.push('', `Or open a prefilled ${links.web.provider} issue:`, links.web.url);
  out.push('', `The reviewer runs: blast-radius review approve '<link>' --key ~/.ssh/id_ed25519`, 'Then paste their token: blast-radius review accept <token>');
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}

/** A link, a request file or a request id → the request. Stubs are refused: a reviewer must see the action. */
function resolveRequest(name: string, what: string, cwd: string): ReviewRequest {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name) || (!isRequestId(name) && /^[A-Za-z0-9_-]{40,}$/.test(name))) {
    const d = decodeReviewLink(name);
    if (!d.ok) throw new CliError(`review ${what}: ${d.error}`, EXIT_FAIL);
    if (d.stub) {
      const where = d.stub.location ? ` (on the requester's machine: ${d.stub.location})` : '';
      throw new CliError(
        `review ${what}: this link carries only a summary of request ${d.stub.id} ("${d.stub.summary}"): ask ${d.stub.requester.email ?? 'the requester'} for the request file${where} and pass it instead`,
        EXIT_FAIL,
      );
    }
    return d.request;
  }
  const r = loadReviewRequest(name, { cwd });
  if (!r.ok) throw new CliError(`review ${what}: ${r.error}`, EXIT_FAIL);
  return r.request;
}

async function runShow(argv: string[]): Promise<number> {
  const p = parse('show', argv, { json: { type: 'boolean' }, cwd: { type: 'string' } });
  if (p.values.help) return help();
  const [name] = p.positionals;
  if (!name) throw new CliError('review show: give a LINK, a request FILE or a request id');
  const cwd = resolve((p.values.cwd as string | undefined) ?? process.cwd());
  const req = resolveRequest(name, 'show', cwd);
  const seen = reassess(req, cwd, 'show');
  const signers = resolveSigners(cwd);
  const signerLine = signers.ok ? `signers: ${signers.source.describe}` : `signers: none usable here (${signers.error})`;
  if (p.values.json) {
    process.stdout.write(
      `${JSON.stringify({ ...req, assessment: seen.assessment, claimedAssessment: req.assessment, claimDiffers: seen.claimDiffers, signers: signers.ok ? signers.source : { error: signers.error } }, null, 2)}\n`,
    );
    return EXIT_OK;
  }
  const a = seen.assessment;
  const who =
    [req.requester.name, req.requester.email && `<${req.requester.email}>`].filter(Boolean).join(' ') || 'unknown (no e-mail: an approval will be refused)';
  const expired = Date.parse(req.expiresAt) < Date.now();
  const out = [
    `Review request ${req.id} from ${who} on ${req.requester.host}`,
    `  created ${req.createdAt}, ${expired ? 'EXPIRED' : 'expires'} ${req.expiresAt}`,
    '',
    `${a.level.toUpperCase()} · ${a.summary}`,
    ...(a.task
      ? [
          `  Asked for:   ${a.task.asked}${a.task.from ? ` (${a.task.from}, as the requester's machine read it)` : " (as the requester's machine read it)"}`,
          `  About to do: ${a.summary}`,
          ...(a.task.note ? [`  ${a.task.note}`] : []),
        ]
      : []),
    `  class ${a.class} · ${a.reversibility} · environment ${a.environment.name} · policy requires ${a.requires}`,
    '  (recomputed here from the action by your own engine)',
    ...(seen.warning ? [`  WARNING: ${seen.warning}`] : []),
    '',
    'Findings:',
    ...(a.findings.length
      ? a.findings.map((f) => `  [${f.level}] ${f.rule}: ${f.message}${f.evidence ? `\n      ${f.evidence.slice(0, 200)}` : ''}`)
      : ['  (none)']),
    '',
    'Action:',
    ...describeActionLines(req.action).map((l) => `  ${l}`),
    '',
    `Digest ${req.digest} (checked: the action matches it)`,
    ...(req.facts?.notes?.length ? ['', "Facts the requester's machine reported (not checked here):", ...req.facts.notes.map((n) => `  ${n}`)] : []),
    '',
    signerLine,
    ...(signers.ok ? signers.source.notes.map((n) => `  note: ${n}`) : []),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}

/** The reviewer's own assessment of the request's action (the file's is only a claim). */
function reassess(req: ReviewRequest, cwd: string, what: string) {
  const loaded = loadPolicy(cwd);
  const r = reassessRequest(req, loaded.ok ? loaded.policy : undefined);
  if (!r.ok) throw new CliError(`review ${what}: ${r.error}`, EXIT_FAIL);
  return r;
}

function readKey(path: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`review approve: cannot read key ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // The built-in key is PKCS#8 PEM; anything else (OpenSSH private key, or a .pub with the agent) goes to ssh-keygen.
  return text.includes('-----BEGIN PRIVATE KEY-----') ? { kind: 'builtin', privateKeyPem: text } : { kind: 'ssh', path: resolve(path) };
}

async function runApprove(argv: string[]): Promise<number> {
  const p = parse('approve', argv, {
    key: { type: 'string' },
    reason: { type: 'string' },
    reject: { type: 'boolean' },
    as: { type: 'string' },
    ttl: { type: 'string' },
    cwd: { type: 'string' },
  });
  const o = p.values;
  if (o.help) return help();
  const [name] = p.positionals;
  if (!name) throw new CliError('review approve: give the review LINK, a request FILE or id');
  if (typeof o.key !== 'string') throw new CliError('review approve: --key PATH is required (your SSH private key, or a built-in key file)');
  // The second person signs at their own terminal, not through the agent whose action they judge.
  const agent = agentContext();
  if (agent)
    throw new CliError(
      `review approve: refusing to sign under an AI agent (${agent.agent}: ${agent.evidence}); the reviewer runs this at their own terminal`,
      EXIT_FAIL,
    );
  const cwd = resolve((o.cwd as string | undefined) ?? process.cwd());
  const req = resolveRequest(name, 'approve', cwd);
  const local = requesterIdentity(cwd);
  const reviewer = (o.as as string | undefined) ?? local.email;
  if (!reviewer) throw new CliError('review approve: no reviewer identity: set git user.email or pass --as PRINCIPAL (as listed in allowed_signers)');
  if (req.requester.host === hostname() && local.email && req.requester.email && local.email.toLowerCase() === req.requester.email.toLowerCase())
    throw new CliError(`review approve: you (${local.email}) made this request on this machine; a second person approves it on theirs`, EXIT_FAIL);
  const seen = reassess(req, cwd, 'approve');
  if (seen.warning) process.stderr.write(`WARNING: ${seen.warning}\n`);
  const ttlMs = minutes('approve', o.ttl as string | undefined);
  const signed = signApproval({
    request: req,
    reviewer,
    key: readKey(o.key),
    decision: o.reject ? 'reject' : 'approve',
    ...(typeof o.reason === 'string' ? { reason: o.reason } : {}),
    ...(ttlMs ? { ttlMs } : {}),
  });
  if (!signed.ok) throw new CliError(`review approve: ${signed.error}`, EXIT_FAIL);
  process.stderr.write(
    `${o.reject ? 'Rejected' : 'Approved'} as ${reviewer}: ${seen.assessment.level.toUpperCase()} · ${seen.assessment.summary}\n  ${describeActionLines(req.action, 5).join('\n  ')}\n  digest ${req.digest}, for ${req.requester.email} on ${req.requester.host}, valid until ${signed.approval.expiresAt}\n`,
  );
  process.stdout.write(`${signed.token}\n`);
  return EXIT_OK;
}

async function runAccept(argv: string[]): Promise<number> {
  const p = parse('accept', argv, { cwd: { type: 'string' }, digest: { type: 'string' }, json: { type: 'boolean' }, 'user-dir': { type: 'boolean' } });
  const o = p.values;
  if (o.help) return help();
  const [token, extra] = p.positionals;
  if (!token) throw new CliError('review accept: give the approval TOKEN');
  if (extra !== undefined) throw new CliError('review accept: one token at a time');
  const cwd = resolve((o.cwd as string | undefined) ?? process.cwd());
  const r = acceptApproval(token, {
    cwd,
    userDir: !!o['user-dir'],
    ...(typeof o.digest === 'string' ? { expectedDigest: o.digest } : {}),
    audit: { agent: 'cli' },
  });
  if (o.json) {
    const { request: _r, ...rest } = r;
    process.stdout.write(`${JSON.stringify(rest)}\n`);
    return r.ok ? EXIT_OK : EXIT_FAIL;
  }
  if (!r.ok) {
    process.stderr.write(`refused (${r.check}): ${r.message}\n`);
    return EXIT_FAIL;
  }
  process.stdout.write(
    `released: ${r.request.assessment.summary}\n  action ${r.approval.digest} (request ${r.approval.requestId})\n  approved by ${r.signer} (${r.keyFingerprint})${r.approval.reason ? `: ${r.approval.reason}` : ''}\n  the same action runs once, until ${r.approval.expiresAt}\n`,
  );
  return EXIT_OK;
}

function help(): number {
  process.stdout.write(`${HELP}\n`);
  return EXIT_OK;
}
