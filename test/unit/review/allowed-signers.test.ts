// git's allowed_signers format, table-driven from test/fixtures/review/allowed-signers.json
// (KEY / OTHER stand for two real keys).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAllowedSigner, parseAllowedSigners, parseSignerTime } from '../../../src/review/allowed-signers';
import { armor, generateBuiltinKey, parseSshPublicKey, signBuiltin } from '../../../src/review/sshsig';
import { fixtures } from '../../helpers';

interface Case {
  id: string;
  line: string;
  principal: string;
  ok?: boolean;
  reason?: string;
}

describe('allowed signers', () => {
  const pair = generateBuiltinKey('k');
  const key = pair.publicKey;
  const other = generateBuiltinKey('o').publicKey;
  const blob = parseSshPublicKey(key)!.blob;
  const cases = JSON.parse(readFileSync(fixtures('review', 'allowed-signers.json'), 'utf8')) as Case[];
  for (const c of cases) {
    it(`${c.id}: ${c.ok ? 'accepted' : `refused (${c.reason})`}`, () => {
      const text = c.line.replace('OTHER', other.split(' ').slice(0, 2).join(' ')).replace('KEY', key.split(' ').slice(0, 2).join(' '));
      const parsed = parseAllowedSigners(text);
      assert.deepEqual(parsed.errors, [], c.id);
      const r = findAllowedSigner(parsed.signers, c.principal, blob, 'blast-radius', new Date());
      if (c.ok) assert.ok(r.ok, `${c.id}: ${JSON.stringify(r)}`);
      else {
        assert.equal(r.ok, false, c.id);
        assert.ok(!r.ok && r.reason.includes(c.reason!), `${c.id}: ${!r.ok && r.reason}`);
      }
    });
  }

  // The same table through the real `ssh-keygen -Y verify`: our reading of the format agrees with OpenSSH's.
  describe('agrees with ssh-keygen -Y verify', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'br-signers-'));
      writeFileSync(join(dir, 'msg.sig'), armor(signBuiltin('hello', pair.privateKeyPem)));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    for (const c of cases) {
      it(`${c.id}: ssh-keygen ${c.ok ? 'accepts' : 'refuses'} too`, () => {
        const text = c.line.replace('OTHER', other.split(' ').slice(0, 2).join(' ')).replace('KEY', key.split(' ').slice(0, 2).join(' '));
        writeFileSync(join(dir, 'signers'), `${text}\n`);
        const r = spawnSync('ssh-keygen', ['-Y', 'verify', '-n', 'blast-radius', '-f', join(dir, 'signers'), '-I', c.principal, '-s', join(dir, 'msg.sig')], {
          input: 'hello',
          encoding: 'utf8',
        });
        assert.equal(r.status === 0, !!c.ok, `${c.id}: ssh-keygen said ${r.stdout}${r.stderr}`);
      });
    }
  });

  it('reports bad lines with their line number', () => {
    const { errors } = parseAllowedSigners(`ok@x ${key}\nbroken\nbob@x valid-after="tomorrow" ${key}\nbob@x wat=1 ${key}\nbob@x ssh-ed25519 !!!`);
    assert.deepEqual(
      errors.map((e) => e.line),
      [2, 3, 4, 5],
    );
  });

  it('reads times as ssh-keygen does: Z is UTC', () => {
    assert.equal(parseSignerTime('20250102Z')!.toISOString(), '2025-01-02T00:00:00.000Z');
    assert.equal(parseSignerTime('202501021530Z')!.toISOString(), '2025-01-02T15:30:00.000Z');
    assert.equal(parseSignerTime('20250102153045Z')!.toISOString(), '2025-01-02T15:30:45.000Z');
    assert.equal(parseSignerTime('2025-01-02'), undefined);
  });
});
