// Real temporary trees and git repositories for the facts tests, and a byte-level fingerprint of a
// tree (contents, modes, symlink targets, .git included) to prove the probes change nothing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function tempDir(prefix = 'br-facts-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes files: keys are relative paths, values their content. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function initRepo(dir: string, branch = 'main'): void {
  mkdirSync(dir, { recursive: true });
  sh(dir, 'init', '-q', '-b', branch);
}

export function commitAll(dir: string, message = 'commit'): void {
  sh(dir, 'add', '-A');
  sh(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/** sha256 over every entry under `root` (sorted): path, type, mode, size, content or link target. */
export function hashTree(root: string): string {
  const h = createHash('sha256');
  const visit = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      h.update(`unreadable ${rel} ${(err as NodeJS.ErrnoException).code}\n`);
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const r = `${rel}/${name}`;
      const st = lstatSync(p);
      h.update(`${r}\0${st.mode}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isSymbolicLink()) h.update(`-> ${readlinkSync(p)}\n`);
      else if (st.isDirectory()) visit(p, r);
      else if (st.isFile() && st.size > 0) {
        try {
          h.update(readFileSync(p));
        } catch (err) {
          h.update(`unreadable ${(err as NodeJS.ErrnoException).code}`);
        }
      }
    }
  };
  visit(root, '');
  return h.digest('hex');
}
