// The layering check must catch what it promises to catch: run it on small trees that break each
// wall, and on the real tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const script = resolve('scripts/check-imports.mjs');

function check(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'br-layer-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    return spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('layering check (scripts/check-imports.mjs)', () => {
  const cases: [string, Record<string, string>, RegExp | null][] = [
    ['engine importing fs', { 'src/engine/a.ts': "import { readFileSync } from 'fs';" }, /must stay pure/],
    ['engine importing node:child_process', { 'src/engine/a.ts': "import cp from 'node:child_process';" }, /must stay pure/],
    ['engine requiring os', { 'src/engine/a.ts': "const os = require('os');" }, /must stay pure/],
    ['engine importing vscode', { 'src/engine/a.ts': "import * as vscode from 'vscode';" }, /imports vscode/],
    ['engine importing facts', { 'src/engine/a.ts': "import { x } from '../facts/x';" }, /outside the engine/],
    ['bridge importing vscode', { 'src/bridge/a.ts': "import * as vscode from 'vscode';" }, /only src\/extension/],
    ['facts importing cli', { 'src/facts/a.ts': "import { x } from '../cli/main';" }, /nothing may import cli/],
    ['extension importing vscode', { 'src/extension/a.ts': "import * as vscode from 'vscode';" }, null],
    ['engine importing crypto and zod', { 'src/engine/a.ts': "import { createHash } from 'node:crypto';\nimport { z } from 'zod';" }, null],
    ['a comment that mentions fs', { 'src/engine/a.ts': "// we never import from 'fs' here\nexport const x = 1;" }, null],
  ];
  for (const [name, files, expected] of cases) {
    it(`${expected ? 'rejects' : 'accepts'} ${name}`, () => {
      const r = check(files);
      if (expected) {
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, expected);
      } else assert.equal(r.status, 0, r.stderr);
    });
  }
  it('passes on this repository', () => {
    const r = spawnSync(process.execPath, [script, '.'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
