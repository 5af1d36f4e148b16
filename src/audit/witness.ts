// The audit log's anchor: a witness the chain is checked against. Without one, the chain and its
// `.head` sit side by side in the user's state folder, so a same-user agent that rewrites both
// consistently (or deletes both) goes unseen; `audit verify` says so.
//
// The system witness (`--system` mode): `/var/lib/blast-radius/witness/<uid>.jsonl`, created by
// root (`blast-radius audit anchor --system --user NAME`), owned by the user, mode 0600, with the
// file system's append-only attribute (`chattr +a`). The user — and an agent running as the user —
// can add lines to it but can neither truncate, rewrite, rename nor delete it (clearing +a needs
// CAP_LINUX_IMMUTABLE), and cannot create files next to it (the folder is root's). After every
// append the writer adds `{"log","seq","hash"}` (and `{"log","spool"}` for a spooled decision);
// verify then finds every line that was changed, removed, reordered or added without its witness
// line, a replaced or deleted log, and a spooled decision that vanished.
//
// What it does not catch: an agent that appends a forged log line *and* a matching witness line
// (the witness is append-only, not writer-authenticated: the hook runs as the user too). Nothing
// earlier can be changed or removed that way. `BLAST_RADIUS_SYSTEM_DIR` moves the root (tests use
// a throwaway one); it is read from the hook's own environment, which the agent's settings set.
import { chmodSync, chownSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * child_process (and the net and stream modules it loads) only where a tool is run: the hook
 * appends through this module on every call and never runs one there (~2 ms of start-up).
 */
const spawnSync: typeof import('node:child_process').spawnSync = ((...args: Parameters<typeof import('node:child_process').spawnSync>) =>
  (require('node:child_process') as typeof import('node:child_process')).spawnSync(...args)) as typeof import('node:child_process').spawnSync;

export const SYSTEM_DIR = '/var/lib/blast-radius';

export interface WitnessInfo {
  kind: 'system' | 'none';
  file?: string;
  /** lsattr shows the append-only attribute (undefined: not checked). */
  appendOnly?: boolean;
  /** Why this witness guarantees less than it should (not append-only, wrong owner). */
  weakness?: string;
}

export interface WitnessEntries {
  checkpoints: { seq: number; hash: string; line: number }[];
  spools: Set<string>;
  /** Lines of the witness that are not ours (damaged or foreign). */
  damaged: number;
}

const uid = (): number => (typeof process.getuid === 'function' ? process.getuid() : 0);

export function systemDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.BLAST_RADIUS_SYSTEM_DIR || SYSTEM_DIR);
}

/** The system witness file of a user (whether or not it exists). */
export function systemWitnessFile(env: NodeJS.ProcessEnv = process.env, forUid = uid()): string {
  return join(systemDir(env), 'witness', `${forUid}.jsonl`);
}

/** The witness in force: `opt` (a file, or false for none), else the system one when it exists. */
export function witnessFileFor(env: NodeJS.ProcessEnv = process.env, opt?: string | false): string | undefined {
  if (opt === false) return undefined;
  if (opt) return opt;
  const f = systemWitnessFile(env);
  return existsSync(f) ? f : undefined;
}

/** Appends witness lines in one O_APPEND write (atomic for lines this short) and syncs them. Throws on I/O errors. */
export function appendWitness(file: string, lines: object[]): void {
  if (!lines.length) return;
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The witness lines for one log. */
export function readWitness(file: string, log: string): WitnessEntries {
  const out: WitnessEntries = { checkpoints: [], spools: new Set(), damaged: 0 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.trim()) continue;
    let w: { log?: unknown; seq?: unknown; hash?: unknown; spool?: unknown };
    try {
      w = JSON.parse(l) as typeof w;
    } catch {
      out.damaged++;
      continue;
    }
    if (w.log !== log) continue;
    if (typeof w.seq === 'number' && typeof w.hash === 'string') out.checkpoints.push({ seq: w.seq, hash: w.hash, line: i + 1 });
    else if (typeof w.spool === 'string') out.spools.add(w.spool);
    else out.damaged++;
  }
  return out;
}

/** What the witness guarantees: append-only (lsattr), owned by the user, in a folder the user cannot write. */
export function describeWitness(file: string | undefined): WitnessInfo {
  if (!file) return { kind: 'none' };
  const info: WitnessInfo = { kind: 'system', file };
  const r = spawnSync('lsattr', ['-d', file], { encoding: 'utf8', timeout: 3000 });
  if (r.status === 0) {
    const flags = r.stdout.trim().split(/\s+/)[0] ?? '';
    info.appendOnly = flags.includes('a');
  }
  const problems: string[] = [];
  if (info.appendOnly === false) problems.push('it is not append-only (chattr +a), so it can be rewritten like the log');
  if (info.appendOnly === undefined) problems.push('its append-only attribute could not be read (lsattr)');
  try {
    const dir = statSync(join(file, '..'));
    if (dir.uid === uid() && uid() !== 0) problems.push('its folder belongs to this user, who could replace it');
  } catch {
    /* reported by the read */
  }
  if (problems.length) info.weakness = problems.join('; ');
  return info;
}

/** A user's ids by name (`id -u` / `id -g`), or undefined when there is no such user. */
export function lookUpUser(name: string): { name: string; uid: number; gid: number } | undefined {
  if (!/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(name)) return undefined;
  const id = (flag: string): number | undefined => {
    const r = spawnSync('id', [flag, name], { encoding: 'utf8', timeout: 5000 });
    const n = Number(r.stdout?.trim());
    return r.status === 0 && Number.isInteger(n) ? n : undefined;
  };
  const uid = id('-u');
  const gid = uid === undefined ? undefined : id('-g');
  return uid === undefined || gid === undefined ? undefined : { name, uid, gid };
}

export type AnchorSetup = { ok: true; file: string; appendOnly: boolean; note?: string } | { ok: false; error: string };

/**
 * As root: creates the system witness for a user (folder root-owned 0755, file owned by the user,
 * 0600, append-only). Idempotent. `install --system` calls this; so does `audit anchor --system`.
 */
export function setUpSystemWitness(forUid: number, forGid: number, env: NodeJS.ProcessEnv = process.env): AnchorSetup {
  if (uid() !== 0) return { ok: false, error: 'the system anchor is set up by root (sudo blast-radius audit anchor --system --user NAME)' };
  const dir = join(systemDir(env), 'witness');
  const file = systemWitnessFile(env, forUid);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chownSync(dir, 0, 0);
    chmodSync(dir, 0o755);
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    // Run again (a second install): an append-only file refuses chown/chmod even to root until
    // the attribute is lifted; it is set again below, before anything else can write.
    else spawnSync('chattr', ['-a', file], { timeout: 5000 });
    chownSync(file, forUid, forGid);
    chmodSync(file, 0o600);
  } catch (err) {
    return { ok: false, error: `cannot create ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  const r = spawnSync('chattr', ['+a', file], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) {
    const why =
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- spawnSync's error is an Error to tsc
      (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'chattr is not installed (e2fsprogs)' : (r.stderr || `exit ${r.status}`).trim();
    return {
      ok: true,
      file,
      appendOnly: false,
      note: `the file system refused the append-only attribute (${why}): the witness guarantees nothing until it is set`,
    };
  }
  return { ok: true, file, appendOnly: true };
}
