// The plan analyzer's fast paths held to what they stand in for: splitSentences to the regex split
// it replaced, on random text built from the characters that matter; the one-pattern gate of
// findIntents (ANY_INTENT) to trying each intent, on every sentence of the plan fixtures and the
// eval's plans.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ANY_INTENT, INTENTS, findIntents, forIntents, sentencesOf, splitMarkdown, splitSentences } from '../../../src/engine/analyzers/plan';
import { fixtures, seededRandom } from '../../helpers';

const REGEX_SPLIT = /(?<=[.!?])\s+(?=[A-Z0-9"'(⟦*_])/;

describe('plan: sentence splitting', () => {
  it('splitSentences cuts where the regex split does, on 20,000 random texts', () => {
    const alphabet = ['.', '!', '?', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', 'a', 'b', 'Z', 'Q', '7', '"', "'", '(', '⟦', '*', '_', ',', '-', '…', 'é'];
    const next = seededRandom(42);
    for (let c = 0; c < 20_000; c++) {
      let s = '';
      const n = Math.floor(next() * 40);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      assert.deepEqual(splitSentences(s), s.split(REGEX_SPLIT), `case ${c}: ${JSON.stringify(s)}`);
    }
  });

  it('plain prose: three sentences, the spaces between them dropped', () => {
    assert.deepEqual(splitSentences('Delete it.  Then Recreate it! Done? yes. 2 more'), ['Delete it.', 'Then Recreate it!', 'Done? yes.', '2 more']);
  });

  it('a sentence of its own keeps its code spans numbered as they are; two sentences number theirs from 0', () => {
    const [one] = sentencesOf('Run `npm test` and `npm run lint`.');
    assert.deepEqual(one!.spans, ['npm test', 'npm run lint']);
    assert.equal(one!.text, 'Run ⟦0⟧ and ⟦1⟧.');
    const two = sentencesOf('Run `a`. Then Run `b` and `c`.');
    assert.deepEqual(
      two.map((s) => [s.text, s.spans]),
      [
        ['Run ⟦0⟧.', ['a']],
        ['Then Run ⟦0⟧ and ⟦1⟧.', ['b', 'c']],
      ],
    );
    // A ⟦ the writer typed is not taken for a span of ours.
    const [typed] = sentencesOf('Keep ⟦5⟧ and run `rm -rf build`.');
    assert.deepEqual(typed!.spans, ['', 'rm -rf build']);
    assert.equal(typed!.text, 'Keep ⟦0⟧ and run ⟦1⟧.');
  });
});

describe('plan: the one-pattern gate of findIntents', () => {
  it('every intent is case-insensitive and has no back-reference (what joining them into one pattern needs)', () => {
    for (const i of INTENTS) {
      assert.equal(i.re.flags, 'i', `${i.rule}: flags ${i.re.flags}`);
      assert.doesNotMatch(i.re.source, /\\[1-9]/, `${i.rule}: a back-reference`);
    }
  });

  it('on every sentence of the plan fixtures and the eval plans, the gate lets through exactly the sentences some intent matches', () => {
    const texts: string[] = [];
    for (const f of readdirSync(fixtures('plan')).filter((n) => n.endsWith('.md'))) texts.push(readFileSync(fixtures('plan', f), 'utf8'));
    for (const dir of ['families', 'holdout'])
      for (const f of readdirSync(fixtures('eval', dir)))
        for (const line of readFileSync(join(fixtures('eval', dir), f), 'utf8').split('\n')) {
          if (!line.trim()) continue;
          const c = JSON.parse(line) as { kind?: string; text?: string };
          if (c.kind === 'plan' && c.text) texts.push(c.text);
        }
    let sentences = 0;
    let matched = 0;
    for (const text of texts) {
      for (const s of sentencesOf(splitMarkdown(text).prose)) {
        const t = forIntents(s);
        sentences++;
        const some = INTENTS.some((i) => new RegExp(i.re.source, 'gi').test(t.text));
        if (some) matched++;
        assert.equal(ANY_INTENT.test(t.text), some, t.text);
        if (!some) assert.deepEqual(findIntents(t), [], t.text);
      }
    }
    assert.ok(sentences > 300, `only ${sentences} sentences`);
    assert.ok(matched > 30, `only ${matched} sentences matched an intent`);
  });
});
