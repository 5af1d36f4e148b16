// Paths every test needs. Tests run from the repository root (npm test, mocha).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..').endsWith('out') ? resolve(__dirname, '..', '..', '..') : process.cwd();

/** The built CLI (npm test builds it first). */
export const CLI = resolve(process.env.BR_DIST ?? join(process.cwd(), 'dist'), 'cli.js');

/**
 * The bundles built for the tests (npm run compile-tests: out/test-dist): dist/'s sources with one
 * constant more, which lets the test process that starts a hook stand in for the editor it asks
 * (src/cli/hook.ts trustOptions). Tests that need an editor in plain Node run these; the shipped
 * dist/ refuses such an editor (test/unit/bridge/trust.test.ts).
 */
export const TEST_DIST = resolve(process.env.BR_TEST_DIST ?? join(process.cwd(), process.env.BR_OUT ?? 'out', 'test-dist'));
export const TEST_CLI = join(TEST_DIST, 'cli.js');

export const fixtures = (...p: string[]): string => join(process.cwd(), 'test', 'fixtures', ...p);

/** The labelled corpora: ../shared/corpora when present, else the vendored copy. */
export function corporaDir(): string {
  const shared = resolve(process.cwd(), '..', 'shared', 'corpora');
  if (process.env.BR_CORPORA) return resolve(process.env.BR_CORPORA);
  return existsSync(join(shared, 'commands.jsonl')) ? shared : fixtures('corpora');
}

/** Reads a JSON-lines fixture; each record gets `line` (1-based) for naming failing cases. */
export function readJsonl<T>(file: string): (T & { line: number })[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => [l, i + 1] as const)
    .filter(([l]) => l.trim() && !l.trimStart().startsWith('//'))
    .map(([l, line]) => ({ ...(JSON.parse(l) as T), line }));
}

/** A small seeded generator (xorshift32), so a failing random case can be run again. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
