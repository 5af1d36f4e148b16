// The review and audit commands through the built CLI (dist/cli.js, or $BR_DIST): a requester in a
// real git repo, a reviewer with a real ssh-keygen key (and one with a built-in key file), and the
// audit log they leave behind.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBuiltinKey } from '../../../src/review/sshsig';
import { CLI } from '../../helpers';
import { sshKeygen } from './keys';

describe('blast-radius review / audit (CLI)', function () {
  this.timeout(60_000);
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let bobKey: string;
  let aliceKey: string;
  let carolKeyFile: string;

  const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  const requestLink = (command = 'rm -rf /srv/prod-data') => {
    const r = run(['review', 'request', '--json', '--', ...command.split(' ')]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { id: string; digest: string; file: string; links: { primary: string; deep: Record<string, string>; web?: { url: string } } };
  };

  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'br-cli-review-'));
    const home = join(repo, 'home');
    mkdirSync(home);
    env = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), BLAST_RADIUS_AUDIT_LOG: join(repo, 'audit.jsonl'), GIT_CONFIG_NOSYSTEM: '1' };
    delete env.BLAST_RADIUS_REVIEWS_DIR;
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'alice@example.org']);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Alice']);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@gitlab.com:acme/ops/billing.git']);
    const keys = join(repo, 'keys');
    mkdirSync(keys);
    const bob = sshKeygen(keys, 'bob', 'ed25519');
    const alice = sshKeygen(keys, 'alice', 'ed25519');
    const carol = generateBuiltinKey('carol');
    carolKeyFile = join(keys, 'carol.pem');
    writeFileSync(carolKeyFile, carol.privateKeyPem, { mode: 0o600 });
    bobKey = bob.path;
    aliceKey = alice.path;
    mkdirSync(join(repo, '.blast-radius'));
    writeFileSync(join(repo, '.blast-radius', 'allowed_signers'), `bob@example.org ${bob.publicKey}\nalice@example.org ${alice.publicKey}\ncarol@example.org ${carol.publicKey}\n`);
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('request prints id, digest, the deep links and a GitLab issue link, and stores the request', () => {
    const r = run(['review', 'request', '--', 'rm', '-rf', '/srv/prod-data']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^review request r-[0-9a-f]{12}\n/);
    assert.match(r.stdout, /digest {3}[0-9a-f]{64}/);
    assert.match(r.stdout, /^vscode:\/\/blast-radius\.blast-radius\/review\?r=/m);
    assert.match(r.stdout, /^https:\/\/gitlab\.com\/acme\/ops\/billing\/-\/issues\/new\?/m);
    const stored = readdirSync(join(repo, '.blast-radius', 'reviews'));
    assert.ok(stored.some((f) => /^r-[0-9a-f]{12}\.json$/.test(f)), stored.join(','));
    assert.ok(stored.includes('.gitignore'), 'requests are kept out of commits');
    const json = requestLink();
    assert.deepEqual(Object.keys(json.links.deep).sort(), ['cursor', 'kiro', 'vscode', 'windsurf']);
  });

  it('request reads an Action from stdin and, with --user-dir, stores it in the user state directory', () => {
    const r = run(['review', 'request', '--json', '--user-dir', '-'], JSON.stringify({ kind: 'sql', statement: 'DROP TABLE invoices;' }));
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { id: string; file: string };
    assert.equal(out.file, join(env.XDG_STATE_HOME!, 'blast-radius', 'reviews', `${out.id}.json`));
    const shown = run(['review', 'show', out.file]);
    assert.match(shown.stdout, /DROP TABLE invoices;/);
    const bad = run(['review', 'request', '-'], '{"kind":"nope"}');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid action/);
  });

  it('show prints the request for a reviewer from the link, the file or the id', () => {
    const req = requestLink('terraform destroy -auto-approve');
    for (const name of [req.links.primary, req.file, req.id]) {
      const r = run(['review', 'show', name]);
      assert.equal(r.status, 0, `${name.slice(0, 40)}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`Review request ${req.id} from Alice <alice@example.org>`));
      assert.match(r.stdout, /\$ terraform destroy -auto-approve/);
      assert.ok(r.stdout.includes(req.digest));
    }
    const bad = run(['review', 'show', `${req.links.primary.slice(0, -25)}`]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /damaged or cut short/);
  });

  it('approve prints one line; accept releases once (exit 0), then refuses the replay (exit 1)', () => {
    const req = requestLink();
    const a = run(['review', 'approve', req.links.primary, '--key', bobKey, '--as', 'bob@example.org', '--reason', 'backups verified']);
    assert.equal(a.status, 0, a.stderr);
    const token = a.stdout.trim();
    assert.match(a.stdout, /^br1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/, 'one line');
    const ok = run(['review', 'accept', token]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^released: /);
    assert.ok(ok.stdout.includes(req.digest) && ok.stdout.includes('bob@example.org'));
    const again = run(['review', 'accept', token]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /refused \(replayed\)/);

    const v = run(['audit', 'verify']);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /intact: 2 entries/);
    const show = run(['audit', 'show', '-n', '1']);
    assert.match(show.stdout, /^#2 .*approval-refused/);
    assert.doesNotMatch(show.stdout, /^#1 /m);
  });

  it('a built-in key file signs too; --reject gives a signed rejection that accept refuses', () => {
    const req = requestLink();
    const ok = run(['review', 'accept', run(['review', 'approve', req.file, '--key', carolKeyFile, '--as', 'carol@example.org']).stdout.trim()]);
    assert.equal(ok.status, 0, ok.stderr);
    const req2 = requestLink('dropdb billing_prod');
    const rej = run(['review', 'approve', req2.id, '--key', bobKey, '--as', 'bob@example.org', '--reject', '--reason', 'use a migration']);
    const r = run(['review', 'accept', rej.stdout.trim()]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refused \(rejected\): bob@example.org rejected this action: use a migration/);
  });

  const refusals: [string, () => string[], RegExp][] = [
    ['self-approval', () => ['--key', aliceKey, '--as', 'alice@example.org'], /refused \(self-approval\)/],
    ['signer not listed', () => ['--key', bobKey, '--as', 'mallory@example.org'], /refused \(signer\)/],
  ];
  for (const [name, args, re] of refusals) {
    it(`accept exits 1 naming the check: ${name}`, () => {
      const req = requestLink();
      const a = run(['review', 'approve', req.links.primary, ...args()]);
      assert.equal(a.status, 0, a.stderr);
      const r = run(['review', 'accept', a.stdout.trim()]);
      assert.equal(r.status, 1, name);
      assert.match(r.stderr, re, name);
    });
  }

  it('accept --digest refuses an approval for another action; a damaged token is malformed', () => {
    const req = requestLink();
    const token = run(['review', 'approve', req.id, '--key', bobKey, '--as', 'bob@example.org']).stdout.trim();
    const other = run(['review', 'accept', token, '--digest', 'f'.repeat(64)]);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /refused \(digest\)/);
    const bad = run(['review', 'accept', 'br1.x']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /refused \(malformed\)/);
  });

  it('two accepts of the same token at the same moment: exactly one releases', async () => {
    const req = requestLink();
    const token = run(['review', 'approve', req.id, '--key', bobKey, '--as', 'bob@example.org']).stdout.trim();
    const codes = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<number>((res) => spawn(process.execPath, [CLI, 'review', 'accept', token], { cwd: repo, env, stdio: 'ignore' }).on('exit', (c) => res(c ?? -1)))),
    );
    assert.deepEqual(codes.sort(), [0, 1, 1, 1, 1, 1]);
  });

  it('audit verify exits 1 naming an edited line; usage errors exit 2', () => {
    const req = requestLink();
    for (let i = 0; i < 3; i++) run(['review', 'accept', run(['review', 'approve', req.id, '--key', bobKey, '--as', 'bob@example.org', '--reason', `r${i}`]).stdout.trim()]);
    const log = join(repo, 'audit.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    assert.match(lines[1]!, /approval-used/);
    lines[1] = lines[1]!.replace('approval-used', 'allow');
    writeFileSync(log, lines.join('\n'));
    const v = run(['audit', 'verify', '--log', log]);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /broken at line 2: entry 2 was edited/);
    assert.equal(run(['audit', 'frobnicate']).status, 2);
    assert.equal(run(['review']).status, 2);
    assert.equal(run(['review', 'approve', req.id]).status, 2, '--key is required');
  });
});
