import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Budget } from '../../../src/facts/budget';
import { expandPath, resolveReal, specialOf, walk } from '../../../src/facts/paths';
import { removeTree, tempDir, writeTree } from './tree';

describe('facts: paths', () => {
  let root: string;
  const budget = () => new Budget(5_000, 1_000_000);
  before(() => {
    root = tempDir();
    writeTree(root, {
      'ws/a.log': 'a',
      'ws/b.log': 'bb',
      'ws/.hidden.log': 'h',
      'ws/with space/f': 'x',
      'ws/ünï cödé/f': 'x',
      'ws/new\nline/f': 'x',
      'ws/data/x/y/z.bin': '12345',
      'outside/keep.txt': 'keep',
    });
    symlinkSync(join(root, 'outside'), join(root, 'ws', 'link'));
    symlinkSync('loop-b', join(root, 'ws', 'loop-a'));
    symlinkSync('loop-a', join(root, 'ws', 'loop-b'));
    symlinkSync(join(root, 'nowhere'), join(root, 'ws', 'dangling'));
  });
  after(() => removeTree(root));

  const cases: { id: string; word: string; env?: Record<string, string>; expect: (ws: string, home: string) => string[]; unset?: string[] }[] = [
    { id: 'relative', word: 'data', expect: (ws) => [join(ws, 'data')] },
    { id: 'tilde', word: '~/x', expect: (_ws, home) => [join(home, 'x')] },
    { id: 'variable', word: '$DIR/y', env: { DIR: '/srv/app' }, expect: () => ['/srv/app/y'] },
    { id: 'braced variable', word: '${DIR}y', env: { DIR: '/srv/' }, expect: () => ['/srv/y'] },
    { id: 'unset variable becomes root', word: '$BUILD_DIR/', expect: () => ['/'], unset: ['BUILD_DIR'] },
    { id: 'single quotes are literal', word: "'$DIR'", env: { DIR: 'nope' }, expect: (ws) => [join(ws, '$DIR')] },
    { id: 'glob skips dotfiles', word: '*.log', expect: (ws) => [join(ws, 'a.log'), join(ws, 'b.log')] },
    { id: 'glob with ?', word: '?.log', expect: (ws) => [join(ws, 'a.log'), join(ws, 'b.log')] },
    { id: 'glob with class', word: '[a].log', expect: (ws) => [join(ws, 'a.log')] },
    { id: 'glob matching nothing', word: '*.none', expect: () => [] },
    { id: 'space in name', word: 'with space', expect: (ws) => [join(ws, 'with space')] },
    { id: 'unicode', word: 'ünï cödé/f', expect: (ws) => [join(ws, 'ünï cödé', 'f')] },
    { id: 'newline in name', word: 'new\nline', expect: (ws) => [join(ws, 'new\nline')] },
  ];
  for (const c of cases) {
    it(`expands ${c.id}: ${JSON.stringify(c.word)}`, () => {
      const ws = join(root, 'ws');
      const home = '/home/dev';
      const ex = expandPath(c.word, ws, c.env ?? {}, home, budget());
      assert.deepEqual(
        ex.paths.map((p) => p.replace(/\/$/, '') || '/'),
        c.expect(ws, home),
        c.id,
      );
      assert.deepEqual(ex.unset, c.unset ?? [], c.id);
    });
  }

  it('resolves a symlink out of the workspace to where it points', () => {
    const r = resolveReal(join(root, 'ws', 'link'));
    assert.equal(r.type, 'symlink');
    assert.equal(r.real, join(root, 'outside'));
    assert.equal(r.symlink?.to, join(root, 'outside'));
  });

  it('resolves a path under a symlinked parent', () => {
    const r = resolveReal(join(root, 'ws', 'link', 'keep.txt'));
    assert.equal(r.type, 'file');
    assert.equal(r.real, join(root, 'outside', 'keep.txt'));
    assert.equal(r.symlink?.at, join(root, 'ws', 'link'));
  });

  it('reports a symlink loop without throwing', () => {
    const r = resolveReal(join(root, 'ws', 'loop-a'));
    assert.equal(r.type, 'symlink');
    assert.equal(r.loop, true);
  });

  it('reports a dangling link as a link to a missing place', () => {
    const r = resolveReal(join(root, 'ws', 'dangling'));
    assert.equal(r.type, 'symlink');
    assert.equal(r.real, join(root, 'nowhere'));
  });

  it('names root, homes and system folders', () => {
    assert.equal(specialOf('/', '/home/dev'), 'root');
    assert.equal(specialOf('/home/dev', '/home/dev'), 'home');
    assert.equal(specialOf('/home/someone', '/home/dev'), 'home');
    assert.equal(specialOf('/etc', '/home/dev'), 'system');
    assert.equal(specialOf('/usr/lib/x', '/home/dev'), 'system');
    assert.equal(specialOf('/var/tmp/x', '/home/dev'), undefined);
    assert.equal(specialOf(join(root, 'ws'), '/home/dev'), undefined);
  });

  it('counts files, folders and bytes without following symlinks', () => {
    const w = walk(join(root, 'ws'), budget());
    // a.log b.log .hidden.log with space/f ünï cödé/f new\nline/f z.bin + 4 links (counted as files)
    assert.equal(w.files, 11);
    assert.equal(w.dirs, 7); // ws, with space, ünï cödé, new\nline, data, x, y; not the link target
    assert.equal(w.bytes, 1 + 2 + 1 + 1 + 1 + 1 + 5, 'file contents only; links count as entries of 0 bytes');
    assert.equal(w.atLeast, false);
  });

  it('stops at the entry budget and says at least', () => {
    const dir = join(root, 'many');
    mkdirSync(dir);
    for (let i = 0; i < 500; i++) writeFileSync(join(dir, `f${i}`), '');
    const w = walk(dir, new Budget(5_000, 100));
    assert.equal(w.atLeast, true);
    assert.ok(w.files <= 100, `files ${w.files}`);
  });
});
