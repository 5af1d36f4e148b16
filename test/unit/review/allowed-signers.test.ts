// git's allowed_signers format, table-driven from test/fixtures/review/allowed-signers.json
// (KEY / OTHER stand for two real keys).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findAllowedSigner, parseAllowedSigners, parseSignerTime } from '../../../src/review/allowed-signers';
import { generateBuiltinKey, parseSshPublicKey } from '../../../src/review/sshsig';
import { fixtures } from '../../helpers';

interface Case {
  id: string;
  line: string;
  principal: string;
  ok?: boolean;
  reason?: string;
}

describe('allowed signers', () => {
  const key = generateBuiltinKey('k').publicKey;
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

  it('reports bad lines with their line number', () => {
    const { errors } = parseAllowedSigners(`ok@x ${key}\nbroken\nbob@x valid-after="tomorrow" ${key}\nbob@x wat=1 ${key}\nbob@x ssh-ed25519 !!!`);
    assert.deepEqual(errors.map((e) => e.line), [2, 3, 4, 5]);
  });

  it('reads times as ssh-keygen does: Z is UTC', () => {
    assert.equal(parseSignerTime('20250102Z')!.toISOString(), '2025-01-02T00:00:00.000Z');
    assert.equal(parseSignerTime('202501021530Z')!.toISOString(), '2025-01-02T15:30:00.000Z');
    assert.equal(parseSignerTime('20250102153045Z')!.toISOString(), '2025-01-02T15:30:45.000Z');
    assert.equal(parseSignerTime('2025-01-02'), undefined);
  });
});
