// The plain SHA-256 the hook uses for its first 64 KB (src/engine/sha256.ts) against node:crypto,
// the library it stands in for: every length across the first blocks' boundaries (55/56 bytes is
// where the length field stops fitting, 64 a whole block), multi-byte UTF-8, random bytes, the
// FIPS 180-4 examples, and the switch to node:crypto past the budget giving the same digests.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { plainSha256Hex, sha256Hex } from '../../../src/engine/sha256';

const native = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

describe('sha256: the plain implementation equals node:crypto', () => {
  it('the FIPS 180-4 examples', () => {
    assert.equal(plainSha256Hex(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(plainSha256Hex(Buffer.alloc(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(
      plainSha256Hex(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('every length from 0 to 300 bytes', () => {
    const bytes = randomBytes(300);
    for (let n = 0; n <= 300; n++) assert.equal(plainSha256Hex(bytes.subarray(0, n)), native(bytes.subarray(0, n)), `length ${n}`);
  });

  it('a few larger random inputs, and text with multi-byte characters hashed as UTF-8', () => {
    for (const n of [1000, 4095, 4096, 65_537]) {
      const b = randomBytes(n);
      assert.equal(plainSha256Hex(b), native(b), `length ${n}`);
    }
    const text = 'rm -rf ~ — “quoted” ⟦0⟧ 🚀 naïve';
    assert.equal(plainSha256Hex(Buffer.from(text, 'utf8')), native(text));
  });

  it('sha256Hex hashes strings as UTF-8 and gives the same digests before and after it switches to node:crypto', () => {
    // In a fresh process, so the budget is whole: 200 inputs of 1 KB cross the 64 KB switch.
    const probe = `const { sha256Hex } = require(${JSON.stringify(require.resolve('../../../src/engine/sha256'))});
      const { createHash } = require('node:crypto');
      const bad = [];
      for (let i = 0; i < 200; i++) {
        const s = 'é'.repeat(i) + 'x'.repeat(1000 - 2 * i) + i;
        if (sha256Hex(s) !== createHash('sha256').update(s, 'utf8').digest('hex')) bad.push(i);
      }
      process.stdout.write(JSON.stringify(bad));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(r.stdout), [], r.stderr);
    assert.equal(sha256Hex('abc'), native('abc'));
    assert.equal(sha256Hex(Buffer.from('abc')), native('abc'));
  });

  it('a hook call that only reads does not load node:crypto (the reason this file exists)', () => {
    const probe = `const { sha256Hex } = require(${JSON.stringify(require.resolve('../../../src/engine/sha256'))});
      sha256Hex('{"v":1,"seq":1}');
      process.stdout.write(String(process.moduleLoadList.includes('NativeModule crypto')));`;
    // From stdin, not -e: node -e loads node:crypto itself.
    const r = spawnSync(process.execPath, ['-'], { input: probe, encoding: 'utf8' });
    assert.equal(r.stdout, 'false', r.stderr);
  });
});
