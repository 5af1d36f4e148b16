// SSH signatures both ways with the real ssh-keygen: what our code signs (the built-in key)
// `ssh-keygen -Y verify` accepts, and what `ssh-keygen -Y sign` makes (every key type) ours accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  armor,
  builtinPublicKey,
  dearmor,
  generateBuiltinKey,
  parseSshPublicKey,
  signBuiltin,
  signWithSshKeygen,
  verifySshsig,
} from '../../../src/review/sshsig';
import { sshKeygen } from './keys';

describe('SSH signatures (SSHSIG)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'br-sshsig-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const message = '{"digest":"abc","reviewer":"bob@example.org"}';

  it('a signature made with the built-in key is accepted by ssh-keygen -Y verify, and by ours', () => {
    const key = generateBuiltinKey('bob');
    const sig = signBuiltin(message, key.privateKeyPem);
    writeFileSync(join(dir, 'builtin.sig'), armor(sig));
    writeFileSync(join(dir, 'signers'), `bob@example.org ${key.publicKey}\n`);
    const r = spawnSync(
      'ssh-keygen',
      ['-Y', 'verify', '-n', 'blast-radius', '-f', join(dir, 'signers'), '-I', 'bob@example.org', '-s', join(dir, 'builtin.sig')],
      { input: message, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, `ssh-keygen refused our signature: ${r.stderr}${r.stdout}`);
    assert.match(r.stdout, /Good "blast-radius" signature for bob@example.org/);
    const ours = verifySshsig(message, sig);
    assert.ok(ours.ok, JSON.stringify(ours));
    assert.equal(`${parseSshPublicKey(key.publicKey)!.blob.toString('base64')}`, ours.publicKey.toString('base64'));
    assert.equal(builtinPublicKey(key.privateKeyPem), key.publicKey.split(' ').slice(0, 2).join(' '));
  });

  it('ssh-keygen refuses our signature over other text (the cross-check can fail)', () => {
    const key = generateBuiltinKey('bob');
    writeFileSync(join(dir, 'b2.sig'), armor(signBuiltin(message, key.privateKeyPem)));
    writeFileSync(join(dir, 'signers2'), `bob@example.org ${key.publicKey}\n`);
    const r = spawnSync('ssh-keygen', ['-Y', 'verify', '-n', 'blast-radius', '-f', join(dir, 'signers2'), '-I', 'bob@example.org', '-s', join(dir, 'b2.sig')], {
      input: `${message} `,
      encoding: 'utf8',
    });
    assert.notEqual(r.status, 0);
  });

  const types: [string, string, number?][] = [
    ['ed25519', 'ssh-ed25519'],
    ['ecdsa', 'ecdsa-sha2-nistp256', 256],
    ['ecdsa', 'ecdsa-sha2-nistp384', 384],
    ['ecdsa', 'ecdsa-sha2-nistp521', 521],
    ['rsa', 'ssh-rsa', 2048],
  ];
  for (const [type, keyType, bits] of types) {
    it(`a signature made by ssh-keygen -Y sign with a ${keyType} key is accepted by ours; other text, namespace or bytes are refused`, () => {
      const key = sshKeygen(dir, `k-${keyType}`, type, bits);
      const sig = signWithSshKeygen(message, key.path);
      const ok = verifySshsig(message, sig);
      assert.ok(ok.ok, `${keyType}: ${JSON.stringify(ok)}`);
      assert.equal(ok.keyType, keyType);
      assert.equal(ok.publicKey.toString('base64'), key.publicKey.split(' ')[1]);
      assert.deepEqual(verifySshsig(`${message}x`, sig), { ok: false, error: 'the signature does not match the signed text' }, keyType);
      assert.match((verifySshsig(message, sig, 'git') as { error: string }).error, /namespace "blast-radius", not "git"/, keyType);
      const flipped = Buffer.from(sig);
      flipped[flipped.length - 5] = flipped[flipped.length - 5]! ^ 1;
      assert.equal(verifySshsig(message, flipped).ok, false, `${keyType}: flipped signature byte`);
      assert.equal(verifySshsig(message, sig.subarray(0, sig.length - 10)).ok, false, `${keyType}: truncated`);
    });
  }

  it('armor and dearmor round-trip; text without the armor lines is refused', () => {
    const sig = signBuiltin(message, generateBuiltinKey().privateKeyPem);
    assert.deepEqual(dearmor(armor(sig)), sig);
    assert.throws(() => dearmor('hello'), /not an SSH signature/);
  });

  it("signWithSshKeygen reports a missing key file with ssh-keygen's own message, never EPIPE", () => {
    // ssh-keygen exits before reading its input; a large message makes the write fail (EPIPE) most times.
    const big = 'x'.repeat(512 * 1024);
    for (let i = 0; i < 20; i++)
      assert.throws(
        () => signWithSshKeygen(big, join(dir, 'nope')),
        /^Error: ssh-keygen -Y sign failed: Couldn't load public key .*nope: No such file or directory$/,
        `run ${i}`,
      );
  });
});
