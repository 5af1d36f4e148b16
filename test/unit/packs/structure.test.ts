// The packs as a whole: rule ids are unique and namespaced (their examples run in the registry
// test, test/unit/rules/registry.test.ts, with every other family's); no command name is
// claimed by two packs; no pack imports another (they share kit.ts and table.ts only); the packs
// loaded on first use (catalog.ts) list their commands exactly, and are not loaded before.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKS } from '../../../src/engine/analyzers/shell/packs';
import { LAZY_PACKS } from '../../../src/engine/analyzers/shell/packs/catalog';

const PACK_DIR = join('src', 'engine', 'analyzers', 'shell', 'packs');
/** Modules every pack may import: the shared helpers, not another pack. */
const SHARED = new Set(['./kit', './table', './unknown']);

describe('packs: structure', () => {
  it('no command name is claimed by two packs', () => {
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const p of PACKS) {
      for (const name of Object.keys(p.commands)) {
        const prev = seen.get(name);
        if (prev && prev !== p.family) dup.push(`${name}: ${prev} and ${p.family}`);
        else if (prev) dup.push(`${name}: twice in ${p.family}`);
        seen.set(name, p.family);
      }
    }
    assert.deepEqual(dup, []);
  });

  it('the catalog lists exactly the commands of each pack it loads on first use', () => {
    for (const lazy of LAZY_PACKS) {
      const pack = lazy.load();
      assert.equal(pack.family, lazy.family);
      assert.deepEqual(Object.keys(lazy.commands).sort(), Object.keys(pack.commands).sort(), pack.family);
    }
  });

  it('loading the engine does not load the packs of the catalog; judging one of their commands loads only that pack', () => {
    const code = `
      const packs = require(process.env.SRC + '/engine/analyzers/shell/packs/index.js');
      const { assess } = require(process.env.SRC + '/engine/assess.js');
      const loaded = () => Object.keys(require.cache).filter((f) => /[\\/]packs[\\/](orm|host|cloud-paas|datastores|network)\\.js$/.test(f)).map((f) => f.replace(/.*[\\/]/, ''));
      const before = loaded();
      assess({ kind: 'shell', command: 'git status && rm -rf build' });
      const afterGit = loaded();
      assess({ kind: 'shell', command: 'rails db:drop' });
      process.stdout.write(JSON.stringify({ before, afterGit, afterRails: loaded() }));`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, SRC: resolve(__dirname, '..', '..', '..', 'src') } });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as { before: string[]; afterGit: string[]; afterRails: string[] };
    assert.deepEqual(got.before, []);
    assert.deepEqual(got.afterGit, []);
    assert.deepEqual(got.afterRails, ['orm.js']);
  });

  it('rule ids are unique and namespaced by family', () => {
    const ids = PACKS.flatMap((p) => p.rules.map((r) => r.id));
    const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual(dup, []);
    for (const id of ids) assert.match(id, /^[a-z0-9]+\.[a-z0-9-]+$/, id);
  });

  it('no pack imports another pack', () => {
    const bad: string[] = [];
    for (const file of readdirSync(PACK_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'catalog.ts')) {
      const text = readFileSync(join(PACK_DIR, file), 'utf8');
      for (const m of text.matchAll(/from\s+'(\.\/[^']+)'/g)) if (!SHARED.has(m[1]!)) bad.push(`${file} imports ${m[1]}`);
    }
    assert.deepEqual(bad, []);
  });
});
