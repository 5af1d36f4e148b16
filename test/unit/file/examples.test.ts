// The demo inputs in examples/ show what they claim: each is assessed by the built CLI (a real
// process, as `npm run examples` runs it) and lands on the level its title promises.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { EXAMPLES, cliPath, runExample } from '../../../scripts/examples';

describe('examples/ (through the built CLI)', () => {
  before(function () {
    if (!existsSync(cliPath())) throw new Error(`${cliPath()} is missing: build the CLI first (npm test does)`);
  });
  for (const ex of EXAMPLES) {
    it(`${ex.file} → ${ex.expect}: ${ex.title}`, () => {
      const r = runExample(ex, ['--json']);
      assert.equal(r.status, 0, `${ex.file}: exit ${r.status}: ${r.stderr}`);
      const a = JSON.parse(r.stdout) as { level: string; summary: string };
      assert.equal(a.level, ex.expect, `${ex.file}: ${a.summary}`);
    });
  }
});
