// "The second person is not at this keyboard": the SSH keys whose private half can sign on this
// machine, so that an approval signed by one of them is refused. An agent runs as the user: it can
// read the user's keys, use the user's ssh-agent, and generate keys of its own.
//
// Looked at (bounded in entries and time; the result says where the look stopped short):
//   - ~/.ssh (every file), the IdentityFile entries of ~/.ssh/config, git's user.signingkey;
//   - private key files in HOME (3 levels), the repository (4 levels), the temp folder and /dev/shm
//     (2 levels): OpenSSH keys are read even when encrypted (their public half is in clear), PEM
//     keys when unencrypted, and any `X.pub` whose `X` exists;
//   - every key an ssh-agent here offers (SSH_AUTH_SOCK, gpg-agent, gnome-keyring, 1Password and
//     /tmp/ssh-*/agent.* sockets), through `ssh-add -L`;
//   - the editor's own reviewer keys for this user (reviewer-keys, which the extension appends to
//     when it creates or uses its key: the key itself is in the editor's secret storage);
//   - /etc/ssh host keys when readable.
// What it cannot see: a key made and deleted again before `accept` (the committed allowed signers
// stop that one: a new key is not listed), a key deeper than the levels above, a hardware key, an
// agent socket elsewhere, another user's files. The allowed signers from the default branch
// (signers.ts) are what stops a key the agent made; this check stops the user's own listed keys
// (and the editor's) from standing in for a second person.
import { spawnSync } from 'node:child_process';
import { trustedGit } from '../facts/exec';
import { appendFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fingerprint, parseSshPublicKey, publicBlobOfPrivateKey } from './sshsig';

export interface LocalKeys {
  /** Fingerprint → where its private half can sign on this machine. */
  found: Map<string, string>;
  /** Places the look stopped short of (budget, unreadable). */
  incomplete: string[];
}

export interface ScanOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra roots (the repository), scanned 4 levels deep. */
  roots?: string[];
  /** Time budget for the file walks (default 400 ms). */
  budgetMs?: number;
}

const SKIP = new Set([
  'node_modules',
  '.git',
  '.cache',
  '.npm',
  '.vscode-server',
  '.vscode-test',
  '.cargo',
  '.rustup',
  '.m2',
  '.gradle',
  '.nvm',
  'snap',
  'Trash',
  '.Trash',
  'proc',
  'sys',
  '.venv',
  'venv',
  '__pycache__',
  'dist',
  'out',
]);
const MAX_KEY_FILE = 16 * 1024;

/** The editor's reviewer keys on this machine: one public key per line. */
export function localReviewerKeysFile(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'blast-radius', 'reviewer-keys');
}

/** Records a reviewer key the editor holds here (idempotent). */
export function registerLocalReviewerKey(publicKey: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = localReviewerKeysFile(env);
  const line = publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
  try {
    if (existsSync(file) && readFileSync(file, 'utf8').includes(line)) return;
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line} editor-reviewer-key\n`, { mode: 0o600 });
  } catch {
    /* best effort: the editor also refuses its own key directly */
  }
}

export function scanLocalKeys(o: ScanOptions = {}): LocalKeys {
  const env = o.env ?? process.env;
  const home = env.HOME || homedir();
  const keys: LocalKeys = { found: new Map(), incomplete: [] };
  const add = (blob: Buffer | undefined, where: string) => {
    if (blob && !keys.found.has(fingerprint(blob))) keys.found.set(fingerprint(blob), where);
  };
  const deadline = Date.now() + (o.budgetMs ?? 400);

  const checkFile = (file: string) => {
    let st;
    try {
      st = lstatSync(file);
    } catch {
      return;
    }
    if (!st.isFile() || st.size > MAX_KEY_FILE || st.size < 60) return;
    if (file.endsWith('.pub')) {
      const priv = file.slice(0, -4);
      if (existsSync(priv)) {
        try {
          add(parseSshPublicKey(readFileSync(file, 'utf8'))?.blob, priv);
        } catch {
          /* unreadable */
        }
      }
      return;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    if (text.includes('PRIVATE KEY-----')) add(publicBlobOfPrivateKey(text), file);
  };

  const walk = (root: string, depth: number) => {
    const stack: [string, number][] = [[root, 0]];
    let entries = 0;
    while (stack.length) {
      if (Date.now() > deadline || entries > 20_000) {
        keys.incomplete.push(`${root} (stopped at the scan budget)`);
        return;
      }
      const [dir, d] = stack.pop()!;
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const n of names) {
        entries++;
        const p = join(dir, n);
        let st;
        try {
          st = lstatSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) {
          if (d + 1 < depth && !SKIP.has(n)) stack.push([p, d + 1]);
        } else if (st.isFile()) checkFile(p);
      }
    }
  };

  // ~/.ssh first and whole, then the config's identity files and git's signing key.
  walk(join(home, '.ssh'), 3);
  for (const f of identityFiles(home)) {
    checkFile(f);
    checkFile(`${f}.pub`);
  }
  const signingKey = gitConfig(['config', '--global', 'user.signingkey'], env) ?? '';
  if (signingKey && !signingKey.startsWith('key::') && !/^ssh-/.test(signingKey)) {
    const f = signingKey.replace(/^~(?=\/)/, home);
    checkFile(f);
    checkFile(f.endsWith('.pub') ? f : `${f}.pub`);
  }
  try {
    for (const line of readFileSync(localReviewerKeysFile(env), 'utf8').split('\n'))
      add(parseSshPublicKey(line)?.blob, `the editor's reviewer key for this user (${localReviewerKeysFile(env)})`);
  } catch {
    /* none registered */
  }
  for (const sock of agentSockets(env, home)) {
    const r = spawnSync('ssh-add', ['-L'], { env: { ...env, SSH_AUTH_SOCK: sock }, encoding: 'utf8', timeout: 2000 });
    if (r.status === 0) for (const line of r.stdout.split('\n')) add(parseSshPublicKey(line)?.blob, `the ssh-agent at ${sock}`);
  }
  for (const t of ['ed25519', 'ecdsa', 'rsa']) checkFile(`/etc/ssh/ssh_host_${t}_key`);
  walk(home, 3);
  for (const r of o.roots ?? []) walk(r, 4);
  walk(tmpdir(), 2);
  if (existsSync('/dev/shm')) walk('/dev/shm', 2);
  return keys;
}

/** Where this key's private half is on this machine, if it is. */
export function privateHalfHere(blob: Buffer, keys: LocalKeys): string | undefined {
  return keys.found.get(fingerprint(blob));
}

function gitConfig(args: string[], env: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(trustedGit(), args, { env, encoding: 'utf8', timeout: 3000 });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

function identityFiles(home: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(home, '.ssh', 'config'), 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*IdentityFile\s+"?([^"\n]+?)"?\s*$/gim)) out.push(m[1]!.replace(/^~(?=\/)/, home).replace(/%d/g, home));
  return out;
}

function isSocket(p: string): boolean {
  try {
    return statSync(p).isSocket();
  } catch {
    return false;
  }
}

function agentSockets(env: NodeJS.ProcessEnv, home: string): string[] {
  const run = env.XDG_RUNTIME_DIR;
  const candidates = [
    env.SSH_AUTH_SOCK,
    run && join(run, 'ssh-agent.socket'),
    run && join(run, 'gcr', 'ssh'),
    run && join(run, 'keyring', 'ssh'),
    run && join(run, 'gnupg', 'S.gpg-agent.ssh'),
    join(home, '.gnupg', 'S.gpg-agent.ssh'),
    join(home, '.1password', 'agent.sock'),
  ].filter((x): x is string => !!x);
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  try {
    for (const d of readdirSync(tmpdir())) {
      if (!d.startsWith('ssh-')) continue;
      const dir = join(tmpdir(), d);
      try {
        if (statSync(dir).uid !== uid) continue;
        for (const f of readdirSync(dir)) if (f.startsWith('agent.')) candidates.push(join(dir, f));
      } catch {
        /* not ours */
      }
    }
  } catch {
    /* no temp folder listing */
  }
  return [...new Set(candidates)].filter(isSocket);
}
