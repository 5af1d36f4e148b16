// Real keys for the review tests: ssh-keygen in a temp dir, and the built-in ed25519 key.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SshKey {
  path: string;
  /** `type base64` (no comment). */
  publicKey: string;
}

export function sshKeygen(dir: string, name: string, type: string, bits?: number): SshKey {
  const path = join(dir, name);
  mkdirSync(dir, { recursive: true });
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', name, '-f', path]);
  return { path, publicKey: readFileSync(`${path}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ') };
}
