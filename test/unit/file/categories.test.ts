import assert from 'node:assert/strict';
import { classifyPath, normalizePath } from '../../../src/engine/effects/categories';

const table: [string, string[]][] = [
  // The guard's own files are guard assets (guard-assets.test.ts), not categories.
  ['.claude/settings.json', []],
  ['.blast-radius/policy.json', []],
  ['data/app.sqlite3', ['database-file']],
  ['/var/lib/postgresql/15/main/base/1', ['system', 'database-file']],
  ['.github/workflows/ci.yml', ['ci']],
  ['infra\\prod\\main.tf', ['iac']],
  ['db/migrate/20250101_x.rb', ['migration']],
  ['db/migrations/README.md', []],
  ['.env', ['secret']],
  ['.env.local', ['secret']],
  ['src/my.env.ts', []],
  ['src/credentials.ts', []],
  ['package.json', ['package-manifest']],
  ['yarn.lock', ['lockfile']],
  ['/home/me/.zshrc', ['shell-rc']],
  ['.git/hooks/pre-commit', ['git-hook']],
  ['.git/config', ['git-internals']],
  ['/etc/hosts', ['system']],
  ['/Users/me/project/etc/x', []],
  ['scripts/deploy.sh', ['script']],
  ['src/report.ts', []],
  ['src/products.ts', []],
];

describe('path categories', () => {
  for (const [path, cats] of table) {
    it(`${path} → ${cats.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(
        classifyPath(path).map((m) => m.category),
        cats,
        path,
      );
    });
  }
  it('normalises slashes and keeps a trailing slash as a folder', () => {
    assert.deepEqual(normalizePath('.\\src\\legacy\\'), { path: 'src/legacy', isDir: true });
  });
});
