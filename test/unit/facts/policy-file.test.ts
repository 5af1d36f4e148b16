// Locating and reading the team policy (src/facts/policy-locate.ts, policy-file.ts) on real
// folders: one locating code for the light read (the hook's start-up path) and the full read;
// the light read finds hook.timeoutSeconds and blocks on a file that is not JSONC, with its line;
// the full read takes the text the light read holds (the file is read once) and reports every
// schema error with its line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPolicyFile, loadPolicy, readPolicyLight } from '../../../src/facts/policy-file';
import { readPolicyText } from '../../../src/facts/policy-locate';

describe('team policy: located once, read light and in full', () => {
  let root: string;
  let repo: string;
  const file = () => join(repo, '.blast-radius', 'policy.json');
  const write = (text: string) => writeFileSync(file(), text);
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-policy-file-'));
    repo = join(root, 'outer', 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, '.blast-radius'));
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => rmSync(file(), { recursive: true, force: true }));

  it('findPolicyFile: the nearest one up, never past the git root', () => {
    write('{}');
    assert.equal(findPolicyFile(join(repo, 'src', 'deep')), file());
    assert.equal(findPolicyFile(repo), file());
    // One above the repository is not this repository's policy.
    mkdirSync(join(root, 'outer', '.blast-radius'), { recursive: true });
    writeFileSync(join(root, 'outer', '.blast-radius', 'policy.json'), '{}');
    rmSync(file());
    assert.equal(findPolicyFile(join(repo, 'src')), undefined);
    assert.equal(findPolicyFile(join(root, 'outer')), join(root, 'outer', '.blast-radius', 'policy.json'));
    rmSync(join(root, 'outer', '.blast-radius'), { recursive: true });
    assert.equal(findPolicyFile(root), undefined, 'up to the file-system root, nothing');
  });

  it('no policy: the light read has nothing, the full read the defaults', () => {
    assert.deepEqual(readPolicyLight(repo), { ok: true });
    const full = loadPolicy(repo);
    assert.ok(full.ok);
    assert.equal(full.file, undefined);
    assert.equal(full.policy.levels.medium, 'confirm');
  });

  it('the light read: the text, and hook.timeoutSeconds when it is a number in (0, 600]', () => {
    const cases: [string, number | undefined][] = [
      ['{ "hook": { "timeoutSeconds": 30 } }', 30],
      ['{ "hook": { "timeoutSeconds": 600 } }', 600],
      ['{ "hook": { "timeoutSeconds": 0.5 } }', 0.5],
      ['{ // c\n "hook": { "timeoutSeconds": 12, }, }', 12],
      ['{ "hook": { "timeoutSeconds": 601 } }', undefined],
      ['{ "hook": { "timeoutSeconds": 0 } }', undefined],
      ['{ "hook": { "timeoutSeconds": -5 } }', undefined],
      ['{ "hook": { "timeoutSeconds": "30" } }', undefined],
      ['{ "hook": 30 }', undefined],
      ['{ "hook": [30] }', undefined],
      ['[{ "hook": { "timeoutSeconds": 30 } }]', undefined],
      ['null', undefined],
      ['{ "version": 1 }', undefined],
    ];
    for (const [text, want] of cases) {
      write(text);
      const r = readPolicyLight(join(repo, 'src'));
      assert.ok(r.ok, text);
      assert.deepEqual(r, { ok: true, source: { file: file(), text }, ...(want !== undefined ? { timeoutSeconds: want } : {}) }, text);
    }
  });

  it('the light read: a file that is not JSONC is an error at its line, one per file', () => {
    write('{\n  "version": 1,\n  "rules": [ }\n');
    assert.deepEqual(readPolicyLight(repo), { ok: false, file: file(), error: `${file()}:3:14: invalid JSON: a value was expected` });
  });

  it('a policy that cannot be read is an error in both reads', () => {
    mkdirSync(file());
    assert.deepEqual(readPolicyLight(repo), { ok: false, file: file(), error: `${file()}: cannot read policy (EISDIR)` });
    assert.deepEqual(readPolicyText(file()), { ok: false, file: file(), error: `${file()}: cannot read policy (EISDIR)` });
    const full = loadPolicy(repo);
    assert.deepEqual(full, { ok: false, file: file(), error: `${file()}: cannot read policy (EISDIR)` });
  });

  it('the full read takes the text the light read holds: the file is read once', () => {
    write('{ "requires": { "medium": "none" } }');
    const light = readPolicyLight(repo);
    assert.ok(light.ok && light.source);
    write('{ "requires": { "medium": "deny" } }');
    const full = loadPolicy(repo, undefined, light.source);
    assert.ok(full.ok);
    assert.equal(full.policy.levels.medium, 'none', 'the text read at start-up, not the file as it is now');
    assert.equal(full.file, file());
    const fresh = loadPolicy(repo);
    assert.ok(fresh.ok);
    assert.equal(fresh.policy.levels.medium, 'deny');
  });

  it('an explicit policy path is read from disk, whatever the light read holds', () => {
    write('{ "requires": { "medium": "none" } }');
    const other = join(root, 'other.json');
    writeFileSync(other, '{ "requires": { "high": "deny" } }');
    const full = loadPolicy(repo, other, { file: file(), text: '{}' });
    assert.ok(full.ok);
    assert.equal(full.file, other);
    assert.equal(full.policy.levels.high, 'deny');
    assert.equal(full.policy.levels.medium, 'confirm');
    rmSync(other);
    const gone = loadPolicy(repo, other);
    assert.deepEqual(gone, { ok: false, file: other, error: `${other}: cannot read policy (ENOENT)` });
  });

  it('the full read reports a schema error at its line, which the light read lets through', () => {
    write('{\n  "version": 1,\n  "requires": { "critical": "confirm" }\n}\n');
    assert.ok(readPolicyLight(repo).ok);
    const full = loadPolicy(repo);
    assert.equal(full.ok, false);
    if (!full.ok) {
      assert.equal(full.file, file());
      assert.match(full.error, new RegExp(`^${file().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: requires\\.critical: `));
    }
  });
});
