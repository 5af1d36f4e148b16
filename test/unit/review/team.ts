// A team for the two-person rule tests, as it really is: a bare "origin" repository whose default
// branch holds the committed allowed signers, the requester's clone (alice, her own HOME), and each
// reviewer on "their own machine" — a separate folder with its own HOME and SSH key, outside
// alice's HOME, her repository and the shallow levels of the temp folder that the local-key scan
// looks at. Every process gets its own HOME, XDG folders, audit log and no ssh-agent.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SshKey, sshKeygen } from './keys';

export interface Person {
  name: string;
  email: string;
  home: string;
  key: SshKey;
  env: NodeJS.ProcessEnv;
}

export interface Team {
  base: string;
  origin: string;
  repo: string;
  alice: Person;
  reviewers: Record<string, Person>;
  audit: string;
  git(...args: string[]): string;
  /** Commits files on main in the clone and pushes them to origin (the team's change). */
  commitAndPush(files: Record<string, string>, message?: string): void;
  cleanup(): void;
}

/** The environment of a person's processes: everything under their own folder. */
export function personEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(home, 'run'),
    XDG_CONFIG_HOME: join(home, '.config'),
    BLAST_RADIUS_BRIDGE_DIR: join(home, 'bridge'),
    BLAST_RADIUS_SYSTEM_DIR: join(home, 'no-system-root'),
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
  for (const k of [
    'SSH_AUTH_SOCK',
    'BLAST_RADIUS_REVIEWS_DIR',
    'CLAUDECODE',
    'CLAUDE_CODE_ENTRYPOINT',
    'GEMINI_CLI',
    'CODEX_SANDBOX',
    'CODEX_SANDBOX_NETWORK_DISABLED',
    'CURSOR_AGENT',
    'GIT_DIR',
    'GIT_WORK_TREE',
  ])
    delete env[k];
  return env;
}

function person(base: string, name: string, email: string, extra: NodeJS.ProcessEnv = {}): Person {
  // <tmp>/<base>/<name>/home/.ssh/id: three levels below the temp folder, out of the shallow scan.
  const home = join(base, name, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.gitconfig'), `[user]\n\tname = ${name}\n\temail = ${email}\n`);
  const key = sshKeygen(join(home, '.ssh'), 'id_ed25519', 'ed25519');
  return { name, email, home, key, env: personEnv(home, extra) };
}

export function makeTeam(opts: { reviewers?: string[]; remote?: boolean; policy?: object } = {}): Team {
  const base = mkdtempSync(join(tmpdir(), 'br-team-'));
  const audit = join(base, 'alice', 'audit.jsonl');
  const alice = person(base, 'alice', 'alice@example.org', { BLAST_RADIUS_AUDIT_LOG: audit });
  const reviewers: Record<string, Person> = {};
  for (const r of opts.reviewers ?? ['bob']) reviewers[r] = person(base, r, `${r}@example.org`, { BLAST_RADIUS_AUDIT_LOG: join(base, r, 'audit.jsonl') });
  const origin = join(base, 'origin.git');
  const repo = join(base, 'alice', 'repo');
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { env: alice.env, encoding: 'utf8' });
  execFileSync('git', ['init', '-q', '-b', 'main', repo], { env: alice.env });
  // Also in the repository's own config, for the in-process tests (their HOME is the real one).
  git('config', 'user.email', alice.email);
  git('config', 'user.name', 'Alice');
  const signers = [`alice@example.org ${alice.key.publicKey}`, ...Object.values(reviewers).map((p) => `${p.email} ${p.key.publicKey}`)].join('\n');
  mkdirSync(join(repo, '.blast-radius'));
  writeFileSync(join(repo, '.blast-radius', 'allowed_signers'), `${signers}\n`);
  writeFileSync(join(repo, '.blast-radius', 'policy.json'), JSON.stringify(opts.policy ?? { version: 1 }));
  git('add', '.blast-radius');
  git('commit', '-q', '-m', 'team signers');
  const team: Team = {
    base,
    origin,
    repo,
    alice,
    reviewers,
    audit,
    git,
    commitAndPush(files, message = 'change') {
      for (const [f, text] of Object.entries(files)) writeFileSync(join(repo, f), text);
      git('add', ...Object.keys(files));
      git('commit', '-q', '-m', message);
      if (opts.remote !== false) git('push', '-q', 'origin', 'main');
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  if (opts.remote !== false) {
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', origin]);
    git('remote', 'add', 'origin', origin);
    git('push', '-q', '-u', 'origin', 'main');
    git('remote', 'set-head', 'origin', 'main');
  }
  return team;
}
