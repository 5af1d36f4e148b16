// Through the real hook process, no editor: a team policy with an unknown key, a rule naming no
// rule id, or a pattern that does not compile blocks every action — even a harmless one — and the
// reason names the file and the line of the first error. When the policy is sound, a stopped
// action's reason names the safer alternative of the rule that stopped it.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Agent, agentFixtures, type HookEnv, makeProject, outcomeOf, payloadText, runHook } from './harness';

/** The fixture's payload with its command replaced. */
function shellPayload(agent: Agent, command: string, cwd: string): string {
  const f = agentFixtures(agent).find((x) => x.name === (agent === 'claude' ? 'bash' : 'run_shell_command'))!;
  return payloadText(f, cwd).split('rm -rf build').join(JSON.stringify(command).slice(1, -1));
}

describe('hook: policy errors block, with their line; a stop names the safer way', function () {
  this.timeout(60_000);
  let root: string;
  let env: HookEnv;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'br-hook-policy-'));
    env = { home: join(root, 'home'), bridgeDir: join(root, 'run') };
    mkdirSync(env.home);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const BROKEN: { name: string; text: string; where: RegExp }[] = [
    {
      name: 'a rule naming no rule id',
      text: '{\n  "rules": [\n    { "when": { "rule": "shell.rm-recursive" }, "then": "deny" }\n  ]\n}\n',
      where: /policy\.json:3:25: rules\.0\.when\.rule: "shell\.rm-recursive" names no rule/,
    },
    {
      name: 'an unknown key',
      text: '{\n  "version": 1,\n  "protectedPath": ["infra/**"]\n}\n',
      where: /policy\.json:3:3: protectedPath: unknown key \(did you mean "protectedPaths"\?\)/,
    },
    {
      name: 'an unknown key in a rule’s condition',
      text: '{\n  "rules": [\n    { "when": { "comand": "^terraform" }, "then": "deny" }\n  ]\n}\n',
      where: /policy\.json:3:17: rules\.0\.when\.comand: unknown key/,
    },
    {
      name: 'a pattern that does not compile',
      text: '{\n  "rules": [\n    { "when": { "command": "rm -rf (" }, "then": "deny" }\n  ]\n}\n',
      where: /policy\.json:3:28: rules\.0\.when\.command: not a valid regular expression/,
    },
  ];
  for (const c of BROKEN) {
    for (const agent of ['claude', 'gemini'] as const) {
      it(`${agent}: ${c.name} denies even \`git status\`, naming the file and line`, async () => {
        const dir = makeProject(join(root, `${agent}-${c.name.replace(/\W+/g, '-')}`));
        mkdirSync(join(dir, '.blast-radius'), { recursive: true });
        writeFileSync(join(dir, '.blast-radius', 'policy.json'), c.text);
        const got = outcomeOf(agent, await runHook(agent, shellPayload(agent, 'git status', dir), env, ['--no-editor'], dir));
        assert.equal(got.outcome, 'deny', got.reason);
        assert.match(got.reason, /the team policy file is broken/);
        assert.match(got.reason, c.where);
      });
    }
  }

  it('the same harmless command is allowed once the policy is fixed (the error was what blocked)', async () => {
    const dir = makeProject(join(root, 'fixed'));
    mkdirSync(join(dir, '.blast-radius'), { recursive: true });
    writeFileSync(join(dir, '.blast-radius', 'policy.json'), '{\n  "rules": [\n    { "when": { "rule": "path.delete-recursive" }, "then": "deny" }\n  ]\n}\n');
    const got = outcomeOf('claude', await runHook('claude', shellPayload('claude', 'git status', dir), env, ['--no-editor'], dir));
    assert.equal(got.outcome, 'allow', got.reason);
  });

  const STOPPED: { command: string; safer: RegExp; agent: Agent; outcome: string }[] = [
    { command: 'git reset --hard origin/main', safer: /Safer: Stash first \(`git stash -u`\)/, agent: 'claude', outcome: 'ask' },
    { command: 'terraform destroy', safer: /Safer: See it first: `terraform plan -destroy`/, agent: 'gemini', outcome: 'deny' },
    { command: 'git push --force origin main', safer: /Safer: Use `--force-with-lease`/, agent: 'gemini', outcome: 'deny' },
    { command: 'psql -c "TRUNCATE users"', safer: /Safer: Delete the rows the task needs with a WHERE/, agent: 'gemini', outcome: 'deny' },
  ];
  for (const s of STOPPED) {
    it(`${s.agent}: \`${s.command}\` is stopped with the safer alternative in the reason`, async () => {
      const dir = makeProject(join(root, `stop-${s.agent}-${s.command.replace(/\W+/g, '-')}`));
      const got = outcomeOf(s.agent, await runHook(s.agent, shellPayload(s.agent, s.command, dir), env, ['--no-editor'], dir));
      assert.equal(got.outcome, s.outcome, got.reason);
      assert.match(got.reason, s.safer);
      // One sentence, once.
      assert.equal(got.reason.split('Safer:').length, 2, got.reason);
    });
  }

  it('an allowed action carries no alternative', async () => {
    const dir = makeProject(join(root, 'allowed'));
    const r = await runHook('claude', shellPayload('claude', 'ls -la', dir), env, ['--no-editor'], dir);
    assert.equal(outcomeOf('claude', r).outcome, 'allow');
    assert.doesNotMatch(r.stdout + r.stderr, /Safer:/);
  });
});
