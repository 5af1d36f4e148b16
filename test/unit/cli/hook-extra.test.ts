// The engine half of the shipped hook is two files (scripts/hook-split.mjs): dist/hook-local.js,
// which every call loads, and dist/hook-extra.js, the rarer tool families, loaded on first use and
// linked to the first so that no module is in both. Checked here on the built dist/:
//   - the two bundles hold no module twice, and every root is in hook-extra.js alone;
//   - a call of each family that moved gets the same answer and the same audit record from
//     dist/hook.js (split) as from dist/cli.js (one bundle, no split), and does need hook-extra.js
//     (without it the call is not allowed, and the person is told why);
//   - a common call never loads hook-extra.js;
//   - a hook-extra.js or cache from another build is not trusted blindly: compiled from source, said so.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { SHARED_PREFIX, sharedRequire } from '../../../src/cli/hook-extra';
import { CLI } from '../../helpers';
import { giveCacheAnotherBuild, makeProject, throwawayEnv } from '../hooks/harness';

const DIST = dirname(resolve(CLI));

/** The modules a development bundle holds: esbuild heads each with a `// <path>` line. */
const modulesOf = (file: string): Set<string> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^\s*\/\/ ((?:src|node_modules)\/\S+\.(?:ts|js|mjs|cjs))$/gm)].map((m) => m[1]!));

/** A Terraform plan as `terraform show -json` writes it: one resource destroyed. */
const TERRAFORM_PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  resource_changes: [
    {
      address: 'aws_db_instance.cost_reports',
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'cost_reports',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['delete'], before: { identifier: 'cost-reports-prod' }, after: null },
    },
  ],
};
/** A change set as `aws cloudformation describe-change-set` prints it: one table removed. */
const CHANGE_SET = {
  ChangeSetName: 'teardown',
  StackName: 'cost-reports-prod',
  Status: 'CREATE_COMPLETE',
  Changes: [
    {
      Type: 'Resource',
      ResourceChange: { Action: 'Remove', LogicalResourceId: 'ReportsTable', PhysicalResourceId: 'reports', ResourceType: 'AWS::DynamoDB::Table' },
    },
  ],
};

interface Case {
  name: string;
  tool: string;
  input: Record<string, unknown>;
  /** Files the call reads, written into the project first. */
  files?: Record<string, string>;
}
const bash = (name: string, command: string, files?: Record<string, string>): Case => ({ name, tool: 'Bash', input: { command }, ...(files ? { files } : {}) });

/** One call per family that lives in hook-extra.js (its packs, then its analyzers reached through a tool). */
const CASES: Case[] = [
  bash('iac pack', 'terraform destroy -auto-approve'),
  bash('cloud pack', 'aws s3 rm s3://cost-reports-prod --recursive'),
  bash('cloud-paas pack', 'fly apps destroy cost-reports'),
  bash('kubernetes pack', 'kubectl delete namespace production'),
  bash('containers pack', 'docker system prune -af --volumes'),
  bash('databases pack (and the SQL analyzer)', 'psql -c "DROP TABLE invoices"'),
  bash('datastores pack', 'cqlsh -e "DROP KEYSPACE reports"'),
  bash('orm pack', 'npx prisma migrate reset --force'),
  bash('network pack', 'iptables -F'),
  bash('host pack', 'systemctl stop nginx'),
  bash('terraform analyzer (a planfile the command applies)', 'terraform apply plan.json', { 'plan.json': JSON.stringify(TERRAFORM_PLAN) }),
  bash('cloudformation analyzer (a change set the command executes)', 'aws cloudformation execute-change-set --change-set-name teardown', {
    'teardown.json': JSON.stringify(CHANGE_SET),
  }),
  bash('kubernetes analyzer (a manifest on stdin)', "kubectl delete -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: production\nEOF"),
  { name: 'sql analyzer (a migration written)', tool: 'Write', input: { file_path: 'db/migrate/001_drop.sql', content: 'DROP TABLE invoices;\n' } },
  { name: 'tool-call analyzer (an MCP call)', tool: 'mcp__db__query', input: { sql: 'DELETE FROM accounts' } },
  { name: 'plan analyzer (a written plan)', tool: 'ExitPlanMode', input: { plan: 'Delete and recreate the production environment, then redeploy.' } },
];

describe('the engine half in two files: hook-local.js and hook-extra.js, linked at build time', function () {
  this.timeout(120_000);
  let root: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'br-extra-'));
    mkdirSync(join(root, 'home'));
    env = throwawayEnv(root);
    project = makeProject(join(root, 'project'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Runs one call through `args` (a hook command), with its own audit log; the answer and the audit record. */
  const run = (args: string[], c: Case, log: string): { status: number | null; stdout: string; stderr: string; audit: Record<string, unknown> } => {
    for (const [f, text] of Object.entries(c.files ?? {})) writeFileSync(join(project, f), text);
    const input = { ...c.input, ...(typeof c.input.file_path === 'string' ? { file_path: join(project, c.input.file_path) } : {}) };
    const r = spawnSync(process.execPath, args, {
      cwd: project,
      env: { ...env, BLAST_RADIUS_AUDIT_LOG: log },
      input: JSON.stringify({ session_id: 's', transcript_path: '', cwd: project, hook_event_name: 'PreToolUse', tool_name: c.tool, tool_input: input }),
      encoding: 'utf8',
    });
    const line = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').pop()! : '{}';
    const { time, prev, hash, seq, ...audit } = JSON.parse(line) as Record<string, unknown>;
    void [time, prev, hash, seq];
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, audit };
  };

  it('no module is in both bundles, and each root of hook-extra.js is there alone', function () {
    // Module markers exist only in a development build (npm run build); a production dist has none.
    const local = modulesOf(join(DIST, 'hook-local.js'));
    const extra = modulesOf(join(DIST, 'hook-extra.js'));
    if (!local.size) this.skip();
    assert.ok(extra.size > 10, `hook-extra.js names ${extra.size} modules`);
    assert.deepEqual(
      [...extra].filter((m) => local.has(m)),
      [],
    );
    for (const root of ['src/engine/analyzers/shell/packs/kubernetes.ts', 'src/engine/analyzers/sql.ts', 'src/engine/rules/terraform.ts'])
      assert.ok(extra.has(root) && !local.has(root), `${root} should be in hook-extra.js only`);
    // What both use stays in hook-local.js, one instance: hook-extra.js asks for it by name.
    assert.ok(local.has('src/engine/analyzers/shell/packs/kit.ts'));
    assert.match(readFileSync(join(DIST, 'hook-extra.js'), 'utf8'), new RegExp(`require\\("${SHARED_PREFIX}src/engine/analyzers/shell/packs/kit\\.ts"\\)`));
  });

  for (const c of CASES) {
    it(`${c.name}: the split hook answers and records as the whole engine does, and needs hook-extra.js to`, () => {
      const whole = run([CLI, 'hook', 'claude'], c, join(root, 'whole.jsonl'));
      const split = run([join(DIST, 'hook.js'), 'claude'], c, join(root, 'split.jsonl'));
      assert.equal(split.status, 0, split.stderr);
      assert.equal(split.stdout, whole.stdout);
      assert.deepEqual(split.audit, whole.audit);
      assert.notEqual(split.audit.level, 'low', `${c.name} is not a call that moves anything: ${JSON.stringify(split.audit)}`);

      // Without hook-extra.js this call cannot be judged: it is not allowed, and the record says why.
      const copy = join(root, 'installed');
      cpSync(DIST, copy, { recursive: true });
      unlinkSync(join(copy, 'hook-extra.js'));
      const missing = run([join(copy, 'hook.js'), 'claude'], c, join(root, 'missing.jsonl'));
      assert.equal(missing.status, 0, missing.stderr);
      assert.notEqual(missing.audit.decision, 'allow');
      assert.match(String(missing.audit.reason) + String(missing.audit.summary), /analy[sz]e|hook-extra\.js/, JSON.stringify(missing.audit));
    });
  }

  it('a common call (a test run, a source write) never loads hook-extra.js', () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    unlinkSync(join(copy, 'hook-extra.js'));
    unlinkSync(join(copy, 'hook-extra.cache'));
    for (const c of [bash('tests', 'npm test -- --grep parser'), bash('git', 'git status && git diff --stat')]) {
      const r = run([join(copy, 'hook.js'), 'claude'], c, join(root, 'common.jsonl'));
      assert.equal(r.stdout.trim(), '{}', `${c.name}: ${r.stdout}${r.stderr}`);
      assert.equal(r.audit.decision, 'allow');
    }
    const w = run(
      [join(copy, 'hook.js'), 'claude'],
      { name: 'write', tool: 'Write', input: { file_path: 'src/app.ts', content: 'const port = 3001;\n' } },
      join(root, 'w.jsonl'),
    );
    assert.equal(w.audit.decision, 'allow', JSON.stringify(w.audit));
  });

  it('a hook-extra.cache from another build is ignored and a hook-extra.js from another build compiled from source, each said so', () => {
    const copy = join(root, 'installed');
    cpSync(DIST, copy, { recursive: true });
    const cache = join(copy, 'hook-extra.cache');
    giveCacheAnotherBuild(join(copy, 'hook-extra.js'), cache);
    const kubectl = CASES.find((c) => c.name === 'kubernetes pack')!;
    const r = run([join(copy, 'hook.js'), 'claude'], kubectl, join(root, 'a.jsonl'));
    assert.equal(r.audit.decision, 'deny');
    assert.match(String(r.audit.reason), /hook-extra\.cache is not the cache built with this hook; it was ignored/);

    // The same bundle with one byte more (its build id no longer ends it): still judged, from source.
    cpSync(join(DIST, 'hook-extra.cache'), cache);
    writeFileSync(join(copy, 'hook-extra.js'), `${readFileSync(join(copy, 'hook-extra.js'), 'latin1')}\n`, 'latin1');
    const s = run([join(copy, 'hook.js'), 'claude'], kubectl, join(root, 'b.jsonl'));
    assert.equal(s.audit.decision, 'deny');
    assert.match(String(s.audit.reason), /hook-extra\.js is not the file this hook was built with; its code cache was not used/);
  });

  it('hook-extra.js gets hook-local’s own module instances, and nothing it does not hold', () => {
    const kit = { name: 'kit' };
    const req = sharedRequire({ 'src/engine/analyzers/shell/packs/kit.ts': () => kit }, require);
    assert.equal(req(`${SHARED_PREFIX}src/engine/analyzers/shell/packs/kit.ts`), kit);
    assert.equal(req('node:path'), require('node:path'));
    assert.throws(() => req(`${SHARED_PREFIX}src/engine/other.ts`), /asks for src\/engine\/other\.ts, which this hook-local\.js does not hold/);
    assert.throws(() => req(`${SHARED_PREFIX}toString`), /does not hold/);
  });
});
