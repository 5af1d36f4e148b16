// The review and audit commands through the built CLI (dist/cli.js, or $BR_DIST): alice requests in
// her clone of a team repository (allowed signers committed on origin's main); bob and carol review
// on "their own machines" (separate HOMEs, their own keys); each runs with their own environment.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBuiltinKey } from '../../../src/review/sshsig';
import { CLI } from '../../helpers';
import { type Team, makeTeam } from './team';

describe('blast-radius review / audit (CLI)', function () {
  this.timeout(60_000);
  let team: Team;
  let carolKeyFile: string;

  const run = (args: string[], o: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd: o.cwd ?? team.repo,
      env: o.env ?? team.alice.env,
      encoding: 'utf8',
      ...(o.input !== undefined ? { input: o.input } : {}),
    });
  /** bob, at his own terminal in his own folder. */
  const asBob = (args: string[]) => run(args, { env: team.reviewers.bob!.env, cwd: team.reviewers.bob!.home });
  const requestLink = (command = 'rm -rf /srv/prod-data') => {
    const r = run(['review', 'request', '--json', '--', ...command.split(' ')]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as {
      id: string;
      digest: string;
      file: string;
      links: { primary: string; deep: Record<string, string>; web?: { url: string } };
    };
  };
  const bobApproves = (link: string, ...extra: string[]) => {
    const a = asBob(['review', 'approve', link, '--key', team.reviewers.bob!.key.path, '--as', 'bob@example.org', ...extra]);
    assert.equal(a.status, 0, a.stderr);
    return a.stdout.trim();
  };

  beforeEach(() => {
    team = makeTeam({ reviewers: ['bob', 'carol'] });
    team.git('remote', 'set-url', '--push', 'origin', team.origin);
    const carol = generateBuiltinKey('carol');
    carolKeyFile = join(team.reviewers.carol!.home, 'carol.pem');
    writeFileSync(carolKeyFile, carol.privateKeyPem, { mode: 0o600 });
    team.commitAndPush({
      '.blast-radius/allowed_signers': `${readFileSync(join(team.repo, '.blast-radius', 'allowed_signers'), 'utf8')}carol@example.org ${carol.publicKey}\n`,
    });
  });
  afterEach(() => team.cleanup());

  it('request prints id, digest and the deep links, and stores the request', () => {
    const r = run(['review', 'request', '--', 'rm', '-rf', '/srv/prod-data']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^review request r-[0-9a-f]{12}\n/);
    assert.match(r.stdout, /digest {3}[0-9a-f]{64}/);
    assert.match(r.stdout, /^vscode:\/\/blast-radius\.blast-radius\/review\?r=/m);
    const stored = readdirSync(join(team.repo, '.blast-radius', 'reviews'));
    assert.ok(
      stored.some((f) => /^r-[0-9a-f]{12}\.json$/.test(f)),
      stored.join(','),
    );
    assert.ok(stored.includes('.gitignore'), 'requests are kept out of commits');
    assert.deepEqual(Object.keys(requestLink().links.deep).sort(), ['cursor', 'kiro', 'vscode', 'windsurf']);
  });

  it('request refuses without a requester identity (git user.email), in one line', () => {
    team.git('config', '--unset', 'user.email');
    const r = run(['review', 'request', '--', 'rm', '-rf', '/srv/x'], { env: { ...team.alice.env, HOME: join(team.base, 'nobody') } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /git user\.email is not set/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('request reads an Action from stdin and, with --user-dir, stores it in the user state directory', () => {
    const r = run(['review', 'request', '--json', '--user-dir', '-'], { input: JSON.stringify({ kind: 'sql', statement: 'DROP TABLE invoices;' }) });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { id: string; file: string };
    assert.equal(out.file, join(team.alice.env.XDG_STATE_HOME!, 'blast-radius', 'reviews', `${out.id}.json`));
    assert.match(run(['review', 'show', out.file]).stdout, /DROP TABLE invoices;/);
    const bad = run(['review', 'request', '-'], { input: '{"kind":"nope"}' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid action/);
  });

  it('show prints the request for a reviewer (recomputed), and where the signers come from', () => {
    const req = requestLink('terraform destroy -auto-approve');
    for (const name of [req.links.primary, req.file, req.id]) {
      const r = run(['review', 'show', name]);
      assert.equal(r.status, 0, `${name.slice(0, 40)}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`Review request ${req.id} from Alice <alice@example.org>`));
      assert.match(r.stdout, /\$ terraform destroy -auto-approve/);
      assert.match(r.stdout, /recomputed here from the action/);
      assert.doesNotMatch(r.stdout, /WARNING/);
      assert.match(
        r.stdout,
        /^signers: origin\/main at [0-9a-f]{12} \(the remote default branch as last fetched\): \.blast-radius\/allowed_signers, 4 signers/m,
      );
      assert.ok(r.stdout.includes(req.digest));
    }
    const bad = run(['review', 'show', `${req.links.primary.slice(0, -25)}`]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /damaged or cut short/);
  });

  it('forged displayed assessment: a request file rewritten to "low" is shown and approved as what it is', () => {
    const made = run(['review', 'request', '--json', '--', 'rm -rf ~']);
    assert.equal(made.status, 0, made.stderr);
    const req = JSON.parse(made.stdout) as { file: string };
    const json = JSON.parse(readFileSync(req.file, 'utf8')) as { assessment: { level: string; summary: string; findings: unknown[] } };
    writeFileSync(req.file, JSON.stringify({ ...json, assessment: { ...json.assessment, level: 'low', summary: 'Edits 1 line in README.md', findings: [] } }));
    const shown = run(['review', 'show', req.file]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /^CRITICAL · /m);
    assert.match(shown.stdout, /WARNING: the request file claims LOW \("Edits 1 line in README\.md"\); recomputed here from the action: CRITICAL/);
    assert.doesNotMatch(shown.stdout, /^LOW/m);
    const a = asBob(['review', 'approve', req.file, '--key', team.reviewers.bob!.key.path, '--as', 'bob@example.org']);
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stderr, /WARNING: the request file claims LOW/);
    assert.match(a.stderr, /Approved as bob@example\.org: CRITICAL · /);
    assert.match(a.stderr, /\$ rm -rf ~/);
  });

  it('approve prints one line; accept releases once (exit 0), then refuses the replay (exit 1)', () => {
    const req = requestLink();
    const token = bobApproves(req.links.primary, '--reason', 'backups verified');
    assert.match(`${token}\n`, /^br1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/, 'one line');
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
    assert.match(v.stdout, /anchor: none — /);
    const show = run(['audit', 'show', '-n', '1']);
    assert.match(show.stdout, /^#2 .*approval-refused/);
    assert.doesNotMatch(show.stdout, /^#1 /m);
  });

  it('a built-in key file signs too; --reject gives a signed rejection that accept refuses', () => {
    const req = requestLink();
    const carolSigns = run(['review', 'approve', req.file, '--key', carolKeyFile, '--as', 'carol@example.org'], {
      env: team.reviewers.carol!.env,
      cwd: team.reviewers.carol!.home,
    });
    assert.equal(carolSigns.status, 0, carolSigns.stderr);
    const ok = run(['review', 'accept', carolSigns.stdout.trim()]);
    assert.equal(ok.status, 0, ok.stderr);
    const req2 = requestLink('dropdb billing_prod');
    const r = run(['review', 'accept', bobApproves(req2.file, '--reject', '--reason', 'use a migration')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refused \(rejected\): bob@example.org rejected this action: use a migration/);
  });

  it('approve refuses: self-approval, the requester at their own machine, and under an AI agent', () => {
    const req = requestLink();
    const self = asBob(['review', 'approve', req.file, '--key', team.alice.key.path, '--as', 'alice@example.org']);
    assert.equal(self.status, 1);
    assert.match(self.stderr, /self-approval: alice@example.org made this request/);
    const here = run(['review', 'approve', req.file, '--key', team.reviewers.bob!.key.path, '--as', 'bob@example.org']);
    assert.equal(here.status, 1);
    assert.match(here.stderr, /you \(alice@example\.org\) made this request on this machine/);
    const underEnv = run(['review', 'approve', req.file, '--key', team.reviewers.bob!.key.path, '--as', 'bob@example.org'], {
      env: { ...team.reviewers.bob!.env, CLAUDECODE: '1' },
      cwd: team.reviewers.bob!.home,
    });
    assert.equal(underEnv.status, 1);
    assert.match(underEnv.stderr, /refusing to sign under an AI agent \(Claude Code: \$CLAUDECODE is set\)/);
    // An agent binary among the ancestors (here a node named "gemini" that runs the command):
    const bin = join(team.base, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'gemini'));
    const script = `const r=require('child_process').spawnSync(process.argv[1],[${JSON.stringify(CLI)},'review','approve',${JSON.stringify(req.file)},'--key',${JSON.stringify(team.reviewers.bob!.key.path)},'--as','bob@example.org'],{encoding:'utf8'});process.stderr.write(r.stderr);process.exit(r.status)`;
    const under = spawnSync(join(bin, 'gemini'), ['-e', script, process.execPath], {
      env: team.reviewers.bob!.env,
      cwd: team.reviewers.bob!.home,
      encoding: 'utf8',
    });
    assert.equal(under.status, 1, under.stderr);
    assert.match(under.stderr, /refusing to sign under an AI agent \(Gemini CLI: ancestor process \d+/);
  });

  it("a mistyped --key gets ssh-keygen's own message, every time", () => {
    const req = requestLink();
    const missing = asBob(['review', 'approve', req.file, '--key', join(team.base, 'no-such-key'), '--as', 'bob@example.org']);
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /cannot read key .*no-such-key: ENOENT/);
    // A file that is not a key (known_hosts instead of id_ed25519): ssh-keygen stops before reading its input.
    const notKey = join(team.reviewers.bob!.home, '.ssh', 'known_hosts');
    writeFileSync(notKey, 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n');
    for (let i = 0; i < 8; i++) {
      const r = asBob(['review', 'approve', req.file, '--key', notKey, '--as', 'bob@example.org']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /ssh-keygen -Y sign failed: .*(load|invalid|format)/i, `run ${i}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /EPIPE/);
    }
  });

  const refusals: [string, () => string[], RegExp][] = [
    ['signer not listed', () => ['--key', team.reviewers.bob!.key.path, '--as', 'mallory@example.org'], /refused \(signer\)/],
    [
      "a listed key readable on the requester's machine (alice's own, as another principal)",
      () => ['--key', team.alice.key.path, '--as', 'alice@example.org'],
      /refused \((self-approval|local-key)\)/,
    ],
  ];
  for (const [name, args, re] of refusals) {
    it(`accept exits 1 naming the check: ${name}`, () => {
      const req = requestLink();
      const a = asBob(['review', 'approve', req.links.primary, ...args()]);
      if (a.status !== 0) return assert.match(a.stderr, /self-approval/, name);
      const r = run(['review', 'accept', a.stdout.trim()]);
      assert.equal(r.status, 1, name);
      assert.match(r.stderr, re, name);
    });
  }

  it('accept --digest refuses an approval for another action; a damaged token is malformed', () => {
    const req = requestLink();
    const token = bobApproves(req.id === '' ? '' : req.file);
    const other = run(['review', 'accept', token, '--digest', 'f'.repeat(64)]);
    assert.equal(other.status, 1);
    assert.match(other.stderr, /refused \(digest\)/);
    const bad = run(['review', 'accept', 'br1.x']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /refused \(malformed\)/);
  });

  it('six accepts of the same token at the same moment: exactly one releases', async () => {
    const req = requestLink();
    const token = bobApproves(req.file);
    const codes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<number>((res) =>
            spawn(process.execPath, [CLI, 'review', 'accept', token], { cwd: team.repo, env: team.alice.env, stdio: 'ignore' }).on('exit', (c) => res(c ?? -1)),
          ),
      ),
    );
    assert.deepEqual(codes.sort(), [0, 1, 1, 1, 1, 1]);
  });

  it('audit verify exits 1 naming an edited line; usage errors exit 2', () => {
    const req = requestLink();
    for (let i = 0; i < 3; i++) run(['review', 'accept', bobApproves(req.file, '--reason', `r${i}`)]);
    const log = team.audit;
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
