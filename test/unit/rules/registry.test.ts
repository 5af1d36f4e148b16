// The rule registry: every id the code can raise is declared (a static scan of src/), every
// declared id is raised somewhere, ids are unique and namespaced, and every rule's examples behave
// as declared — each `fires` example raises it (the first at its declared level), each `quiet`
// look-alike does not — through the same assess() the hook runs. The packs' rules are in the
// registry too, so their examples run here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GUARD_KINDS } from '../../../src/engine/effects/guard-assets';
import { FAMILY_MODULES, RULES, ruleById } from '../../../src/engine/rules/registry';
import { exampleText } from '../../../src/engine/rules/types';
import { findingsOf, runExample } from './run-example';
import { type Scan, scanSources } from './scan';

const CHANGES = 'engine/analyzers/terraform/changes.ts';

/** Id-shaped literals in src/ that are not rule ids (file names, object paths, tool names). */
const NOT_RULE_IDS = new Map<string, string>([
  ['policy.json', 'the policy file name'],
  ['terraform.tfstate', 'a state file name'],
  ['hooks.json', 'an agent hook file name'],
  ['settings.json', 'an agent settings file name'],
  ['stack.yaml', 'a file name in a comment-free table'],
  ['manage.py', 'Django’s command'],
  ['python3.12', 'an interpreter name'],
  ['shutil.rmtree', 'a Python call the interpreters pack reads'],
  ['console.log', 'a JavaScript call'],
  ['op.execute', 'an Alembic call'],
  ['metadata.name', 'a Kubernetes field path'],
  ['plan.diff', 'the path a plan’s diff block is judged under'],
  ['task.read', 'a policy key path'],
]);

/** Ids a template could build that no input can reach, and why (they are not declared). */
const CANNOT_RAISE = new Map<string, string>([
  ['terraform.dynamic', 'a Terraform plan has no dynamic action (terraform.ts maps actions to create, update, delete, replace, read, no-op and forget)'],
  ['cloudformation.prevent-destroy', 'a change set carries no prevent_destroy (only Terraform configuration does)'],
]);

/** Places that build an id from parts, and the ids each can build. */
const TEMPLATES: { file: string; text: string; ids: (s: Scan) => string[] }[] = [
  { file: 'engine/effects/judge.ts', text: 'guard.${g.kind}', ids: () => GUARD_KINDS.map((k) => `guard.${k}`) },
  {
    file: CHANGES,
    text: '${ns}.${rule}',
    ids: (s) =>
      s
        .callArgs(CHANGES, 'push')
        .flatMap((r) => ['terraform', 'cloudformation'].map((ns) => `${ns}.${r}`))
        .filter((id) => !CANNOT_RAISE.has(id)),
  },
  // The team's own ids are declared by its policy (`commands`), which checks `rules[].when.rule` against them.
  {
    file: 'engine/analyzers/shell/packs/team.ts',
    text: 'team.${id}',
    ids: () => [],
  },
];

/** Rules only a defensive fallback raises (no input is known to reach it), by name. */
const DEFENSIVE = ['sql.unreadable'];

const scan = scanSources('src');
const namespaces = new Set(RULES.map((r) => r.id.split('.')[0]!));
const seen = new Set<string>();

describe('rule registry', () => {
  it('ids are unique and namespaced; each family module declares its own namespace only', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    for (const id of ids) assert.match(id, /^[a-z0-9]+\.[a-z0-9][a-z0-9-]*[a-z0-9]$/, id);
    for (const [ns, list] of Object.entries(FAMILY_MODULES)) {
      assert.ok(list.length, `rules/${ns}.ts declares nothing`);
      assert.deepEqual(
        list.filter((r) => !r.id.startsWith(`${ns}.`)).map((r) => r.id),
        [],
        `rules/${ns}.ts declares another namespace`,
      );
    }
    // Every module of src/engine/rules/ but the machinery is a family the registry loads.
    const modules = readdirSync(join('src', 'engine', 'rules')).filter(
      (f) => f.endsWith('.ts') && !['types.ts', 'registry.ts', 'families.ts', 'lookup.ts', 'safer.ts'].includes(f),
    );
    assert.deepEqual(modules.map((f) => f.replace(/\.ts$/, '')).sort(), Object.keys(FAMILY_MODULES).sort());
    assert.equal(ruleById('path.delete-recursive')?.id, 'path.delete-recursive');
    assert.equal(ruleById('no.such-rule'), undefined);
  });

  it('every rule says what it means and what to do instead, with examples that fire and look-alikes that do not', () => {
    const bad: string[] = [];
    for (const r of RULES) {
      if (r.meaning.length < 12 || r.meaning.includes('\n')) bad.push(`${r.id}: meaning`);
      if (r.alternative.length < 4 || r.alternative.includes('\n')) bad.push(`${r.id}: alternative`);
      if (!r.quiet.length) bad.push(`${r.id}: no harmless look-alike`);
      if (!r.fires.length && !r.defensive) bad.push(`${r.id}: no example fires it`);
    }
    assert.deepEqual(bad, []);
    assert.deepEqual(
      RULES.filter((r) => r.defensive)
        .map((r) => r.id)
        .sort(),
      [...DEFENSIVE].sort(),
      'defensive rules',
    );
  });

  it('every rule id the code names is declared (static scan of src/)', () => {
    const undeclared: string[] = [];
    for (const l of scan.literals) {
      if (l.declaration || ruleById(l.id) || NOT_RULE_IDS.has(l.id)) continue;
      // Any id-shaped literal where findings are raised (the engine), and rule-namespaced ones anywhere.
      const inEngine = l.file.startsWith('engine/') && !l.file.startsWith('engine/rules/');
      if (inEngine || namespaces.has(l.id.split('.')[0]!)) undeclared.push(`${l.id} (${l.file}:${l.line})`);
    }
    assert.deepEqual(undeclared, [], 'declare these in src/engine/rules/ (or a pack), or list them in NOT_RULE_IDS if they are not rule ids');
  });

  it('every id built from parts is expanded here and declared', () => {
    // Templates that build a rule id: the value of a `rule:` property, or one headed by a rule namespace.
    const built = scan.templates.filter((t) => t.asRule || (t.ns !== undefined && namespaces.has(t.ns)));
    const unknown = built.filter((t) => !TEMPLATES.some((x) => x.file === t.file && x.text === t.text)).map((t) => `${t.file}:${t.line}: \`${t.text}\``);
    assert.deepEqual(unknown, [], 'a rule id built from a template: add it to TEMPLATES with what it expands to');
    for (const t of TEMPLATES)
      assert.ok(
        scan.templates.some((s) => s.file === t.file && s.text === t.text),
        `${t.file}: \`${t.text}\` is gone; remove it from TEMPLATES`,
      );
    const ids = TEMPLATES.flatMap((t) => t.ids(scan));
    assert.ok(ids.length > 20, `templates expand to ${ids.length} ids`);
    assert.deepEqual(
      ids.filter((id) => !ruleById(id)),
      [],
    );
    for (const id of CANNOT_RAISE.keys()) assert.equal(ruleById(id), undefined, `${id} is declared but listed as impossible`);
  });

  it('every declared id is raised somewhere in the code', () => {
    const used = new Set([
      ...scan.literals.filter((l) => !l.declaration && !l.file.startsWith('engine/rules/')).map((l) => l.id),
      ...TEMPLATES.flatMap((t) => t.ids(scan)),
    ]);
    assert.deepEqual(
      RULES.filter((r) => !used.has(r.id)).map((r) => r.id),
      [],
      'declared but nothing in src/ raises it: remove the declaration or the dead code',
    );
  });

  it('the scanner reads literals and templates from the syntax tree, not comments or regexes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'br-scan-'));
    try {
      mkdirSync(join(dir, 'engine'));
      writeFileSync(
        join(dir, 'engine', 'x.ts'),
        [
          "// names `shell.only-in-comment` and 'shell.quoted-in-comment'",
          "/* block: 'sql.in-block-comment' */",
          'const re = /shell\\.in-regex/;',
          "f('shell.in-call', 'high'); const t = cond ? 'sql.when-true' : 'sql.when-false';",
          'const g = { rule: `guard.${kind}` }; const n = `${ns}.${name}`; const k = `requires.${level}`;',
          "const d = rule('pack.declared', 'high');",
          "import x from 'some.module';",
        ].join('\n'),
      );
      const s = scanSources(dir);
      assert.deepEqual(
        s.literals.map((l) => `${l.id}${l.declaration ? ' (declared)' : ''}@${l.line}`),
        ['shell.in-call@4', 'sql.when-true@4', 'sql.when-false@4', 'pack.declared (declared)@6'],
      );
      assert.deepEqual(
        s.templates.map((t) => `${t.text}|${t.ns ?? ''}|${t.asRule}`),
        ['guard.${kind}|guard|true', 'requires.${level}|requires|false'],
      );
      assert.deepEqual(s.callArgs('engine/x.ts', 'f'), ['shell.in-call']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rule registry: examples', () => {
  for (const r of RULES) {
    describe(r.id, () => {
      r.fires.forEach((ex, i) => {
        it(`fires on ${exampleText(ex, 100)}${i === 0 ? ` at ${r.level}` : ''}`, () => {
          const a = runExample(ex);
          for (const f of a.findings) seen.add(f.rule);
          const hit = a.findings.filter((f) => f.rule === r.id);
          assert.ok(hit.length, `${exampleText(ex)}: no ${r.id} in [${findingsOf(a)}]`);
          if (i === 0)
            assert.ok(
              hit.some((f) => f.level === r.level),
              `${exampleText(ex)}: ${r.id} at ${hit.map((f) => f.level).join('/')}, declared ${r.level}`,
            );
        });
      });
      for (const ex of r.quiet) {
        it(`stays quiet on ${exampleText(ex, 100)}`, () => {
          const a = runExample(ex);
          for (const f of a.findings) seen.add(f.rule);
          assert.ok(!a.findings.some((f) => f.rule === r.id), `${exampleText(ex)}: ${r.id} fired: [${findingsOf(a)}]`);
        });
      }
    });
  }
});

describe('rule registry: what the examples raise', () => {
  it('every finding any example raised is a declared rule', () => {
    assert.ok(seen.size > 200, `only ${seen.size} rules seen`);
    assert.deepEqual([...seen].filter((id) => !ruleById(id)).sort(), []);
  });
});
