// Differential test against mvdan/sh (devDependency, used only here as an oracle): for every
// command of the corpora and of our fixtures, both parsers must agree on the number of statements
// and, per simple command, on its words and which of them are static.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corporaDir, fixtures, readJsonl } from '../../helpers';
import { mvdanSummary, ourSummary } from './oracle';

// Where bash and mvdan/sh differ on purpose: bash accepts a heredoc delimiter right before the
// `)` that closes a command substitution; mvdan/sh rejects it.
const KNOWN = new Set(['bash -c "$(cat <<EOF\nrm -rf /\nEOF)"']);

const sources = {
  corpus: readJsonl<{ id: string; command: string }>(join(corporaDir(), 'commands.jsonl')).map((c) => ({ name: c.id, command: c.command })),
  fixtures: readJsonl<{ command: string; shell?: string }>(fixtures('shell', 'commands.jsonl'))
    .filter((c) => !c.shell)
    .map((c) => ({ name: `shell fixture line ${c.line}`, command: c.command })),
  // Grammar corners, one per line (data only: never run).
  corners: readFileSync(fixtures('shell', 'differential.txt'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((command, i) => ({ name: `differential.txt line ${i + 1}`, command })),
};
const commands = [...sources.corpus, ...sources.fixtures, ...sources.corners];

describe('shell parser: differential against mvdan/sh', () => {
  it('reads every source: the corpus, the shell fixtures and the grammar corners', () => {
    for (const [name, list] of Object.entries(sources)) assert.ok(list.length > 0, `no commands read from the ${name}`);
    assert.ok(commands.length > 1500, `${commands.length} commands`);
  });

  // A known difference that stopped differing (or left the corpus) must leave this list, or it
  // would hide a case the oracle could check.
  for (const known of KNOWN) {
    it(`the known difference is still one: ${JSON.stringify(known)}`, () => {
      assert.ok(
        commands.some((c) => c.command === known),
        'no longer in the corpus or fixtures',
      );
      const ours = ourSummary(known);
      const theirs = mvdanSummary(known);
      assert.ok(
        !theirs || ours.stmts !== theirs.stmts || JSON.stringify(ours.calls) !== JSON.stringify(theirs.calls) || ours.errors > 0,
        'the two parsers agree now',
      );
    });
  }

  for (const c of commands) {
    if (KNOWN.has(c.command)) continue;
    it(`${c.name}: ${JSON.stringify(c.command).slice(0, 80)}`, () => {
      const ours = ourSummary(c.command);
      const theirs = mvdanSummary(c.command);
      if (!theirs) {
        // mvdan/sh rejects it: we must have reported a syntax error too.
        assert.ok(ours.errors > 0, `mvdan/sh rejects ${JSON.stringify(c.command)} but we parsed it without an error`);
        return;
      }
      assert.equal(ours.stmts, theirs.stmts, `statement count for ${JSON.stringify(c.command)}`);
      assert.deepEqual(ours.calls, theirs.calls, `simple commands of ${JSON.stringify(c.command)}`);
    });
  }
});
