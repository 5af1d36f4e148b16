// The decision table both front ends are held to (test/fixtures/decision/calls.json): sets up each
// case's project as it really is (a git repository on main with the case's policy, committed
// files, untracked data, the agent's transcript, the team's allowed signers where the committed
// policy names them), builds the agent's payload, accepts a second person's approval (bob, on his
// own "machine": a HOME of his own, three levels below the temp folder) when the case says so, and
// reads the hook's audit line back. Used by test/unit/hooks/decision-table.test.ts (the real hook,
// no editor) and test/integration/decision-table.test.ts (the real hook asking the editor's gate).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { adapterFor } from '../src/cli/agents/registry';
import { assess } from '../src/engine/assess';
import { acceptApproval, signApproval } from '../src/review/approval';
import { createReviewRequest, saveReviewRequest } from '../src/review/request';

export interface TableCase {
  name: string;
  agent: 'claude' | 'vscode';
  tool: string;
  input: Record<string, unknown>;
  policy?: Record<string, unknown>;
  policyText?: string;
  untracked?: Record<string, string>;
  transcript?: string;
  approve?: number;
  expect: {
    requires: string | null;
    level: string;
    hook: 'allow' | 'ask' | 'deny';
    editor: 'allow' | 'deny' | 'question';
    by?: 'reviewer';
    actions?: number;
    mismatch?: boolean;
    broken?: string;
    /** Decided by the hook's light policy read, before any editor is asked. */
    beforeEditor?: boolean;
  };
}

/** The repository holding test/ (the tests run from it; the extension host gets it as BR_REPO). */
export function repoDir(): string {
  return process.env.BR_REPO ?? process.cwd();
}

export function loadTable(): TableCase[] {
  return (JSON.parse(readFileSync(join(repoDir(), 'test', 'fixtures', 'decision', 'calls.json'), 'utf8')) as { cases: TableCase[] }).cases;
}

export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

export interface Reviewer {
  email: string;
  key: string;
  publicKey: string;
}

/** bob on his own machine: `<base>/bob/home/.ssh/id_ed25519` (out of the local-key scan's reach). */
export function makeReviewer(base: string): Reviewer {
  const ssh = join(base, 'bob', 'home', '.ssh');
  mkdirSync(ssh, { recursive: true, mode: 0o700 });
  const key = join(ssh, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bob', '-f', key]);
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return { email: 'bob@example.org', key, publicKey };
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

export interface CaseSetup {
  dir: string;
  payload: Record<string, unknown>;
}

/**
 * The case's project under `parent`: src/app.ts and README.md, the policy, the team's signers
 * committed on main (alice asks, bob reviews), then the untracked files and the transcript.
 */
export function setUpCase(c: TableCase, parent: string, reviewer: Reviewer, home: string): CaseSetup {
  const dir = join(parent, slug(c.name));
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'app.ts'), 'const port = 3000;\n');
  writeFileSync(join(dir, 'README.md'), '# Demo\nA demo.\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'alice@example.org');
  git(dir, 'config', 'user.name', 'Alice');
  mkdirSync(join(dir, '.blast-radius'), { recursive: true });
  writeFileSync(join(dir, '.blast-radius', 'policy.json'), c.policyText ?? JSON.stringify(c.policy ?? { version: 1 }, null, 2));
  const signersFile = typeof c.policy?.allowedSignersFile === 'string' ? c.policy.allowedSignersFile : join('.blast-radius', 'allowed_signers');
  mkdirSync(dirname(join(dir, signersFile)), { recursive: true });
  writeFileSync(join(dir, signersFile), `${reviewer.email} ${reviewer.publicKey}\n`);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'project, policy and the team signers');
  for (const [p, text] of Object.entries(c.untracked ?? {})) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const input = JSON.parse(JSON.stringify(c.input).split('__CWD__').join(dir)) as Record<string, unknown>;
  let payload: Record<string, unknown>;
  if (c.agent === 'claude') {
    payload = {
      session_id: `s-${slug(c.name)}`,
      cwd: dir,
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: c.tool,
      tool_input: input,
      tool_use_id: 'tu-1',
    };
    if (c.transcript) {
      const transcript = join(home, '.claude', 'projects', slug(c.name), 'session.jsonl');
      mkdirSync(dirname(transcript), { recursive: true });
      const text = readFileSync(join(repoDir(), 'test', 'fixtures', 'transcripts', 'claude', 'session.jsonl'), 'utf8')
        .split('__CWD__')
        .join(dir)
        .split('__HOME__')
        .join(home);
      writeFileSync(transcript, text.split('fix the rounding bug in the cost report').join(c.transcript));
      payload.transcript_path = transcript;
    }
  } else {
    payload = {
      timestamp: '2026-11-21T12:00:00.000Z',
      cwd: dir,
      sessionId: `s-${slug(c.name)}`,
      hookEventName: 'PreToolUse',
      tool_name: c.tool,
      tool_input: input,
      tool_use_id: 'call-1',
    };
  }
  return { dir, payload };
}

/**
 * bob's signed approval of the case's action number `c.approve`, accepted by alice into the audit
 * log of `env` (the ledger the deciding front end reads). The action is what the agent's adapter
 * makes of the payload, as the hook will.
 */
export function acceptCaseApproval(c: TableCase, s: CaseSetup, reviewer: Reviewer, env: NodeJS.ProcessEnv): void {
  if (c.approve === undefined) return;
  const parsed = adapterFor(c.agent)!.parse(s.payload);
  if (!parsed.ok) throw new Error(`${c.name}: the payload does not parse: ${parsed.error}`);
  const action = parsed.call.actions[c.approve];
  if (!action) throw new Error(`${c.name}: no action ${c.approve}`);
  const request = createReviewRequest({ action, assessment: assess(action), cwd: s.dir });
  saveReviewRequest(request, { cwd: s.dir, env });
  const signed = signApproval({ request, reviewer: reviewer.email, key: { kind: 'ssh', path: reviewer.key } });
  if (!signed.ok) throw new Error(`${c.name}: bob could not sign: ${signed.error}`);
  const accepted = acceptApproval(signed.token, { cwd: s.dir, env });
  if (!accepted.ok) throw new Error(`${c.name}: alice could not accept: ${accepted.check}: ${accepted.message}`);
}

export interface AuditLine {
  decision: string;
  level: string;
  requires?: string;
  reason?: string;
  decidedBy: { type: string; name?: string };
}

export const auditLines = (file: string): AuditLine[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditLine)
    : [];

/** The one decision line the hook wrote after the first `before` lines (approval bookkeeping apart). */
export function decisionLine(file: string, before: number): AuditLine {
  const lines = auditLines(file)
    .slice(before)
    .filter((l) => ['allow', 'ask', 'deny'].includes(l.decision));
  if (lines.length !== 1) throw new Error(`expected one decision line in ${file}, found ${lines.length}: ${JSON.stringify(lines)}`);
  return lines[0]!;
}

/** The hook as installed: `node dist/hook.js <agent>` (next to BR_CLI in the extension host, in BR_DIST or dist/ elsewhere). */
export function hookJs(): string {
  if (process.env.BR_CLI) return join(dirname(process.env.BR_CLI), 'hook.js');
  return resolve(process.env.BR_DIST ?? join(repoDir(), 'dist'), 'hook.js');
}

/** What the agent was told, read from its answer (exit 2 is a block). */
export function agentAnswer(agent: TableCase['agent'], code: number | null, stdout: string): string {
  if (code === 2) return 'deny';
  if (code !== 0) return `exit ${code}`;
  if (!stdout.trim()) return 'allow';
  const j = JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
  void agent;
  return j.hookSpecificOutput?.permissionDecision ?? 'allow';
}
