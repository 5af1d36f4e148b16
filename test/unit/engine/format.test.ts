// Numbers in the words people read. formatCount is toLocaleString('en-US') without loading ICU's
// number formats (the first toLocaleString in a process costs ~9 ms, and the hook starts a process
// for every call): it must write the same text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatCount } from '../../../src/engine/format';
import { seededRandom } from '../../helpers';

describe('formatCount', () => {
  it('writes what toLocaleString("en-US") writes: edges and 20,000 seeded integers of every size', () => {
    const edges = [
      0,
      1,
      -1,
      9,
      10,
      99,
      100,
      999,
      1000,
      -1000,
      9999,
      10000,
      99999,
      100000,
      999999,
      1000000,
      1234567,
      -1234567,
      2 ** 31,
      -(2 ** 31),
      2 ** 53 - 1,
      -(2 ** 53 - 1),
    ];
    const random = seededRandom(424242);
    const ints = Array.from({ length: 20000 }, () => {
      const digits = 1 + Math.floor(random() * 16);
      const v = Math.floor(random() * 10 ** digits);
      return random() < 0.2 ? -v : v;
    }).filter(Number.isSafeInteger);
    for (const n of [...edges, ...ints]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  });

  it('hands what is not a safe integer to toLocaleString: fractions, -0, huge and non-finite numbers', () => {
    for (const n of [1.5, 1234.5678, -0, 2 ** 53, 1e21, Infinity, -Infinity, NaN]) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
  });

  it('the hook path never calls toLocaleString: a 1,500-line file write assessed and a count put in words, in a fresh process', () => {
    // In a child, so this process's own earlier calls do not count; every call is recorded.
    const probe = `
      const calls = [];
      const own = Number.prototype.toLocaleString;
      Number.prototype.toLocaleString = function (...a) { calls.push(String(this)); return own.apply(this, a); };
      const { assess } = require(${JSON.stringify(require.resolve('../../../src/engine'))});
      const { amountText } = require(${JSON.stringify(require.resolve('../../../src/facts/notes'))});
      const write = { kind: 'fileWrite', path: 'src/app.ts', content: 'const a = 1;\\n'.repeat(1500), previous: 'const a = 0;\\n'.repeat(1200) };
      const a = assess(write, {});
      const words = amountText({ files: 3412, dirs: 12, bytes: 1288490188 });
      process.stdout.write(JSON.stringify({ calls, text: [a.summary, ...a.findings.map((f) => f.message), words].join(' | ') }));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { calls: string[]; text: string };
    assert.deepEqual(out.calls, []);
    assert.match(out.text, /\(1,500 of 1,200 lines\)/, "the write's line counts are in words");
    assert.match(out.text, /3,412 files/);
  });
});
