// `install <agent> --system` against the real binaries: the managed files are written by
// `blast-radius install --system` into a throwaway root that holds a copy of /etc, and that copy is
// bind-mounted over /etc in this test's own mount namespace (run.ts: `unshare -n -m`), so Claude
// Code, Codex and Gemini CLI read their real system locations (/etc/claude-code, /etc/codex,
// /etc/gemini-cli) without the machine's /etc being touched. Each agent must call the managed hook
// (the destructive command is blocked) with no user-level install, and Codex without any trust step.
// What a user-level switch can do against it is checked too, and the outcome is what the README says.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../helpers';
import { baseEnv, DRIVERS, type Driver, makeWorkspace, type RunContext, runAgent, stopProcessesUnder } from './drivers';
import { type MockModel, startMockModel } from './mock-model';

const PROMPT = 'fix the rounding bug in the cost report';

describe('real agents: install --system (managed settings, root-owned)', function () {
  this.timeout(180_000);
  let model: MockModel;
  let root: string;
  let sys: string;
  let mounted = false;
  let n = 0;

  before(async function () {
    if (process.env.BR_IN_NETNS !== '1') this.skip();
    model = await startMockModel();
    root = mkdtempSync(join(tmpdir(), 'br-agents-system-'));
    chmodSync(root, 0o755);
    sys = join(root, 'sysroot');
    mkdirSync(sys, { mode: 0o755 });
    // A copy of /etc (resolv.conf, passwd… the agents need), then ours on top of it.
    cpSync('/etc', join(sys, 'etc'), {
      recursive: true,
      verbatimSymlinks: true,
      force: true,
      errorOnExist: false,
      filter: (src) => !/^\/etc\/(claude-code|codex|gemini-cli)(\/|$)/.test(src),
    });
    const ctx = context('install');
    const r = spawnSync(process.execPath, [CLI, 'install', 'claude', 'codex', 'gemini', '--system'], {
      cwd: ctx.ws,
      env: { ...baseEnv(ctx), BLAST_RADIUS_SYSTEM_ROOT: sys },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const m = spawnSync('mount', ['--bind', join(sys, 'etc'), '/etc'], { encoding: 'utf8' });
    assert.equal(m.status, 0, `bind mount over /etc (private mount namespace): ${m.stderr}`);
    mounted = true;
  });
  after(async () => {
    if (mounted) spawnSync('umount', ['/etc']);
    await model?.close();
    if (root) {
      stopProcessesUnder(root);
      rmSync(root, { recursive: true, force: true });
    }
  });

  function context(label: string): RunContext {
    const dir = join(root, `${label}-${++n}`);
    const ctx: RunContext = { home: join(dir, 'home'), ws: join(dir, 'ws'), model: model.url, auditLog: join(dir, 'audit.jsonl'), bridgeDir: join(dir, 'run') };
    mkdirSync(ctx.home, { recursive: true });
    makeWorkspace(ctx.ws);
    return ctx;
  }

  async function destructive(d: Driver, label: string, prepare?: (ctx: RunContext) => void): Promise<{ survived: boolean; out: string; ctx: RunContext }> {
    const ctx = context(`${d.name}-${label}`);
    d.setup(ctx);
    prepare?.(ctx);
    const id = `${d.name}-system-${label}-${n}`;
    model.setCase(id, [d.destructive(ctx).call]);
    const r = await runAgent(d, ctx, `${PROMPT} [case:${id}]`);
    return { survived: existsSync(join(ctx.ws, 'precious', 'data.txt')), out: `exit ${r.code}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`, ctx };
  }

  for (const name of ['claude', 'codex', 'gemini'] as const) {
    const d = DRIVERS.find((x) => x.name === name)!;
    it(`${name}: the managed hook is called with nothing installed for the user${name === 'codex' ? ' and no trust step' : ''}`, async () => {
      const r = await destructive(d, 'managed');
      assert.ok(r.survived, `${name}: the managed hook did not block the destructive command\n${r.out}`);
    });
  }

  it('claude: a user-level disableAllHooks does not switch the managed hook off (allowManagedHooksOnly)', async () => {
    const d = DRIVERS.find((x) => x.name === 'claude')!;
    const r = await destructive(d, 'disable-all', (ctx) => {
      mkdirSync(join(ctx.home, '.claude'), { recursive: true });
      writeFileSync(join(ctx.home, '.claude', 'settings.json'), JSON.stringify({ disableAllHooks: true }));
    });
    assert.ok(r.survived, `Claude Code let a user setting switch off the managed hook\n${r.out}`);
  });

  it('codex: a user-level [features] hooks = false does not switch the managed hook off', async () => {
    const d = DRIVERS.find((x) => x.name === 'codex')!;
    const r = await destructive(d, 'features-off', (ctx) => {
      const cfg = join(ctx.home, '.codex', 'config.toml');
      appendFileSync(cfg, '\n[features]\nhooks = false\n');
    });
    assert.ok(r.survived, `Codex let a user-level [features] hooks = false switch off the managed hook\n${r.out}`);
  });

  // A known gap, stated in the README's threat model: Gemini merges hooksConfig.disabled across all
  // settings files (mergeStrategy "union"), so the system file cannot keep a user from naming the
  // hook there. This asserts what Gemini 0.61 does; if it changes, the README changes with it.
  it('gemini: a user-level hooksConfig.disabled naming the system hook switches it off (known gap: the README says so)', async () => {
    const d = DRIVERS.find((x) => x.name === 'gemini')!;
    const managed = JSON.parse(readFileSync('/etc/gemini-cli/settings.json', 'utf8')) as { hooks: { BeforeTool: { hooks: { command: string }[] }[] } };
    const command = managed.hooks.BeforeTool[0]!.hooks[0]!.command;
    const r = await destructive(d, 'disabled-list', (ctx) => {
      const file = join(ctx.home, '.gemini', 'settings.json');
      const s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...s, hooksConfig: { disabled: [command] } }));
    });
    assert.equal(r.survived, false, `Gemini 0.61 no longer lets hooksConfig.disabled switch off a system hook: update the README's threat model\n${r.out}`);
  });
});
