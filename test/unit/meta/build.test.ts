// The build must not hide stale code: every compiled test in out/ has its source in test/ (a deleted
// test no longer runs), a bundle whose entry is missing fails the build with one line, and emptying
// out/ never deletes a folder compile-tests did not write.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const OUT = resolve(process.env.BR_OUT ?? 'out');
const ENTRIES = [
  'src/cli/main.ts',
  'src/cli/hook-stub.ts',
  'src/cli/hook-main.ts',
  'src/cli/hook-local.ts',
  'src/extension/extension.ts',
  'src/extension/core.ts',
  'scripts/hook-cache.ts',
];
/** The roots of dist/hook-extra.js, entries too (the build checks each like the ones above). */
const EXTRA_ROOTS = JSON.parse(readFileSync('scripts/hook-extra-roots.json', 'utf8')) as string[];
const ALL = [...ENTRIES, ...EXTRA_ROOTS];

function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}

/** A throwaway checkout: the build script (and the hook's linker it imports), package.json, node_modules (linked) and the given files. */
function checkout(withFiles: string[], extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'br-build-'));
  copyFileSync('esbuild.config.mjs', join(root, 'esbuild.config.mjs'));
  mkdirSync(join(root, 'scripts'));
  for (const f of ['hook-split.mjs', 'hook-extra-roots.json']) copyFileSync(join('scripts', f), join(root, 'scripts', f));
  copyFileSync('package.json', join(root, 'package.json'));
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  for (const f of withFiles) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'export {};\n');
  }
  for (const [f, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return root;
}

function build(root: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  // The build's own defaults (out/, dist/) unless a case sets them: this run may use other folders.
  const base = { ...process.env };
  delete base.BR_OUT;
  delete base.BR_DIST_OUT;
  return spawnSync(process.execPath, ['esbuild.config.mjs', ...args], { cwd: root, encoding: 'utf8', env: { ...base, ...env } });
}

describe('build hygiene (esbuild.config.mjs)', function () {
  this.timeout(60_000);

  it('every compiled test in out/ has its source: a deleted test does not keep running', () => {
    const compiled = files(join(OUT, 'test')).filter((f) => f.endsWith('.js'));
    assert.ok(compiled.length > 100, `only ${compiled.length} compiled test files in ${OUT}/test`);
    const orphans = compiled.filter((f) => !existsSync(resolve(relative(OUT, f).replace(/\.js$/, '.ts'))));
    assert.deepEqual(orphans, [], 'compiled files whose source is gone (out/ was not emptied first)');
  });

  it('compile-tests empties out/ first: a file left there by an earlier build is gone', () => {
    // The code-cache step runs scripts/hook-cache.ts: here one that prints an empty build id.
    const root = checkout([...ALL.filter((e) => e !== 'scripts/hook-cache.ts'), 'test/unit/a.test.ts'], {
      'scripts/hook-cache.ts': 'process.stdout.write(JSON.stringify({ id: "" }));\n',
    });
    try {
      mkdirSync(join(root, 'out', 'test', 'unit'), { recursive: true });
      writeFileSync(join(root, 'out', 'test', 'unit', 'deleted.test.js'), 'it("stale", () => {});\n');
      const r = build(root, ['--tests']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(join(root, 'out', 'test', 'unit', 'a.test.js')), 'the current test is compiled');
      assert.ok(!existsSync(join(root, 'out', 'test', 'unit', 'deleted.test.js')), 'the stale test is still in out/');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // Every entry above, and one root of hook-extra.js for all of them (each is checked the same way).
  for (const gone of [...ENTRIES, EXTRA_ROOTS[0]!]) {
    it(`a missing bundle entry fails the build with one line: ${gone}`, () => {
      const root = checkout(ALL.filter((e) => e !== gone));
      try {
        for (const args of [[], ['--tests'], ['--production']]) {
          const r = build(root, args);
          assert.equal(r.status, 1, `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
          assert.equal(r.stderr, `build: bundle entry missing: ${gone} (esbuild.config.mjs ENTRIES)\n`);
          assert.ok(!existsSync(join(root, 'dist')) && !existsSync(join(root, 'out')), 'nothing is built');
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  for (const [name, files_] of [
    ['the checkout itself (BR_OUT=.)', '.'],
    ['a source folder (BR_OUT=src)', 'src'],
  ] as const) {
    it(`refuses to empty ${name}, and deletes nothing`, () => {
      const root = checkout(ALL);
      try {
        const r = build(root, ['--tests'], { BR_OUT: files_ });
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /^build: BR_OUT=\S+ holds .*which compile-tests did not write; refusing to empty it\n$/);
        for (const e of ALL) assert.ok(existsSync(join(root, e)), `${e} was deleted`);
        assert.ok(existsSync(join(root, 'package.json')));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
