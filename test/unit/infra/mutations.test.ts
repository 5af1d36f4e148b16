// Real plans and change sets with parts swapped for junk (seeded, so every run is the same): the
// analyzers must answer every one without an analyzer error, and a plan they cannot fully read
// must never come out low.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assess } from '../../../src/engine';
import { corporaDir } from '../../helpers';

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK: unknown[] = [null, 0, -1, Number.POSITIVE_INFINITY, '', 'delete', ['delete', 'create'], [], {}, true, '\u0000\u00ff', [null], { actions: 7 }];

/** Every path to a value inside `v` (bounded). */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 5000) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  if (prefix.length) out.push(prefix);
  return out;
}

function mutate(doc: unknown, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  const all = paths(copy);
  for (let n = 0; n < 3 && all.length; n++) {
    const p = all[Math.floor(rand() * all.length)]!;
    let parent: unknown = copy;
    for (const k of p.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[k] : undefined;
    // An earlier mutation may have replaced a parent of this path.
    if (parent && typeof parent === 'object')
      (parent as Record<string | number, unknown>)[p[p.length - 1]!] = structuredClone(JUNK[Math.floor(rand() * JUNK.length)]);
  }
  return copy;
}

describe('infra analyzers on mutated real inputs', () => {
  const dir = corporaDir();
  const sets: [string, string, (j: unknown) => Parameters<typeof assess>[0]][] = [
    ['terraform', join(dir, 'terraform'), (plan) => ({ kind: 'terraformPlan', plan })],
    ['cloudformation', join(dir, 'cloudformation'), (changeSet) => ({ kind: 'cloudformationChangeSet', changeSet })],
  ];
  for (const [name, folder, make] of sets) {
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort();
    it(`${name}: ${files.length} files × 15 seeded mutations, no analyzer error`, () => {
      const rand = rng(0xb1a57);
      for (const f of files) {
        const doc = JSON.parse(readFileSync(join(folder, f), 'utf8')) as unknown;
        for (let i = 0; i < 15; i++) {
          const m = mutate(doc, rand);
          const a = assess(make(m));
          const label = `${f} mutation ${i}`;
          assert.ok(
            !a.findings.some((x) => x.rule === 'engine.analyzer-error'),
            `${label}: ${JSON.stringify(a.findings.find((x) => x.rule === 'engine.analyzer-error'))}`,
          );
          const unread = a.findings.some((x) => /unreadable/.test(x.rule));
          if (unread) assert.notEqual(a.level, 'low', `${label}: unreadable but low`);
        }
      }
    });
  }
});
