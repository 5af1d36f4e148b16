// SQL statements, Kubernetes manifests and tool calls, table-driven from fixture files, plus the
// tokenizer's splitting, garbage that must not throw, and the lazy loading of yaml and
// node-sql-parser checked in a fresh Node process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Action, type Assessment, type Level, analyze, assess, getDefaultPolicy } from '../../../src/engine';
import { familyOf, splitStatements } from '../../../src/engine/analyzers/sql/tokenize';
import { parseToolName } from '../../../src/engine/analyzers/tool-call';
import { fixtures, readJsonl } from '../../helpers';

const rules = (a: Assessment): string[] => a.findings.map((f) => f.rule);

interface Expect {
  /** Text that must not appear in any finding's evidence or message (a password, a token). */
  hidden?: string;
  level?: Level;
  rule?: string;
  absent?: string;
  readOnly?: boolean;
  env?: string;
}
function check(name: string, a: Assessment, c: Expect): void {
  const why = `${name}: ${a.level} ${a.class} [${rules(a).join(', ')}] "${a.summary}"`;
  if (c.level) assert.equal(a.level, c.level, why);
  if (c.rule) assert.ok(rules(a).includes(c.rule), `${why}: missing ${c.rule}`);
  if (c.absent) assert.ok(!rules(a).includes(c.absent), `${why}: should not have ${c.absent}`);
  if (c.readOnly !== undefined) assert.equal(a.class === 'read-only', c.readOnly, `${why}: read-only`);
  if (c.env) assert.equal(a.environment.name, c.env, `${why}: environment`);
  if (c.hidden) assert.ok(!JSON.stringify(a.findings).includes(c.hidden), `${why}: evidence shows ${c.hidden}`);
}

describe('sql: statements from test/fixtures/infra/sql.jsonl', () => {
  for (const c of readJsonl<Expect & { statement: string; dialect?: string }>(fixtures('infra', 'sql.jsonl'))) {
    const name = `line ${c.line}${c.dialect ? ` [${c.dialect}]` : ''}: ${JSON.stringify(c.statement).slice(0, 70)}`;
    it(`${name} → ${c.level}${c.rule ? ` ${c.rule}` : ''}`, () => {
      check(name, assess({ kind: 'sql', statement: c.statement, ...(c.dialect ? { dialect: c.dialect } : {}) }), c);
    });
  }
});

describe('sql: tokenizer', () => {
  const cases: [string, string, string | undefined, number][] = [
    ['semicolons inside strings', "SELECT ';'; SELECT 'a'';b'", 'postgresql', 2],
    ['dollar quoting', 'CREATE FUNCTION f() RETURNS void AS $body$ BEGIN DELETE FROM t; END $body$ LANGUAGE plpgsql; SELECT 1', 'postgresql', 2],
    ['nested block comments (postgres)', 'SELECT 1 /* a /* b; */ c; */; SELECT 2', 'postgresql', 2],
    ['mysql # comments and backslash escapes', "SELECT 'it\\'s;'; # DROP TABLE x;\nSELECT 2", 'mysql', 2],
    ['T-SQL GO batches', 'SELECT 1\nGO\nSELECT 2\nGO\n', 'tsql', 2],
    ['semicolon inside parentheses', 'SELECT (1;2); SELECT 3', undefined, 2],
    ['only comments', '-- a;\n/* b; */', undefined, 0],
  ];
  for (const [name, text, dialect, n] of cases) {
    it(`${name}: ${n} statement(s)`, () => {
      const got = splitStatements(text, familyOf(dialect)).filter((s) => s.tokens.length);
      assert.equal(got.length, n, `${name}: ${JSON.stringify(got.map((s) => s.text))}`);
    });
  }
  it('maps dialect names to families', () => {
    assert.deepEqual(['postgres', 'PostgreSQL', 'mariadb', 'sqlite3', 'mssql', 'oracle', undefined].map(familyOf), [
      'postgres',
      'postgres',
      'mysql',
      'sqlite',
      'tsql',
      'generic',
      'generic',
    ]);
  });
});

describe('kubernetes: manifests from test/fixtures/infra/kubernetes/cases.jsonl', () => {
  const dir = fixtures('infra', 'kubernetes');
  for (const c of readJsonl<Expect & { file: string; operation?: 'apply' | 'create' | 'replace' | 'delete' | 'patch' }>(join(dir, 'cases.jsonl'))) {
    const name = `${c.file} (${c.operation ?? 'apply'})`;
    it(`${name} → ${c.level}${c.rule ? ` ${c.rule}` : ''}`, () => {
      check(name, assess({ kind: 'kubernetes', manifests: readFileSync(join(dir, c.file), 'utf8'), ...(c.operation ? { operation: c.operation } : {}) }), c);
    });
  }
  it("a template that parses as YAML prints no library warning (the hook's stderr stays its own)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      assess({ kind: 'kubernetes', manifests: readFileSync(join(dir, 'helm-template-value.yaml'), 'utf8') });
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });
  it('counts objects and namespaces', () => {
    const a = assess({ kind: 'kubernetes', manifests: readFileSync(join(dir, 'deployment.yaml'), 'utf8') });
    assert.equal(a.scope.resources, 2);
    assert.equal(a.scope.namespaces, 1);
  });
  it('a YAML alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const a = assess({ kind: 'kubernetes', manifests: bomb });
    assert.ok(rules(a).includes('kubernetes.unreadable-manifest'), rules(a).join());
  });
});

describe('toolCall: calls from test/fixtures/infra/tool-calls.jsonl', () => {
  for (const c of readJsonl<Expect & { tool: string; input: unknown; same?: Action }>(fixtures('infra', 'tool-calls.jsonl'))) {
    const name = `line ${c.line}: ${c.tool || '(no name)'} ${JSON.stringify(c.input)?.slice(0, 60)}`;
    it(`${name}${c.level ? ` → ${c.level}` : ''}${c.same ? ` like ${c.same.kind}` : ''}`, () => {
      const a = assess({ kind: 'toolCall', tool: c.tool, input: c.input });
      check(name, a, c);
      if (c.same) {
        // Handing on: the call assesses exactly like the action it carries.
        const b = assess(c.same);
        assert.equal(a.level, b.level, `${name}: level like ${c.same.kind}`);
        assert.deepEqual(rules(a), rules(b), `${name}: findings like ${c.same.kind}`);
      }
    });
  }
  const names: [string, { server?: string; words: string[] }][] = [
    ['mcp__github__delete_branch', { server: 'github', words: ['delete', 'branch'] }],
    ['mcp__my_server__deleteRecordById', { server: 'my_server', words: ['delete', 'record', 'by', 'id'] }],
    ['mcp__k8s__kubectl-apply', { server: 'k8s', words: ['kubectl', 'apply'] }],
    ['github.list_issues', { server: 'github', words: ['list', 'issues'] }],
    ['Bash', { words: ['bash'] }],
    ['runSQLQuery', { words: ['run', 'sql', 'query'] }],
  ];
  for (const [tool, want] of names) {
    it(`parses the tool name ${tool}`, () => {
      const got = parseToolName(tool);
      assert.equal(got.server, want.server, tool);
      assert.deepEqual(got.words, want.words, tool);
    });
  }
  it('nesting is bounded: a nested analysis past the depth limit is a finding', () => {
    const a = analyze({ kind: 'toolCall', tool: 'mcp__pg__query', input: { sql: 'SELECT 1' } }, {}, getDefaultPolicy(), 6);
    assert.ok(
      a.findings.some((f) => f.rule === 'engine.depth-limit'),
      JSON.stringify(a.findings),
    );
  });
});

describe('infra analyzers never throw on garbage', () => {
  const junk: unknown[] = [
    null,
    undefined,
    0,
    -1,
    true,
    '',
    ' ',
    '\u0000\u0001\u00ff',
    '{"a":',
    '[[[[',
    'a'.repeat(100_000),
    [],
    [null],
    {},
    { kind: 'x' },
    Array.from({ length: 1000 }, (_, i) => i),
  ];
  const kinds: ((j: unknown) => unknown)[] = [
    (j) => ({ kind: 'terraformPlan', plan: j }),
    (j) => ({ kind: 'cloudformationChangeSet', changeSet: j }),
    (j) => ({ kind: 'kubernetes', manifests: typeof j === 'string' ? j : (JSON.stringify(j) ?? '') }),
    (j) => ({ kind: 'sql', statement: typeof j === 'string' ? j : (JSON.stringify(j) ?? ''), dialect: 'postgresql' }),
    (j) => ({ kind: 'sql', statement: typeof j === 'string' ? j : (JSON.stringify(j) ?? ''), dialect: 'mongodb' }),
    (j) => ({ kind: 'sql', statement: typeof j === 'string' ? j : (JSON.stringify(j) ?? ''), dialect: 'redis' }),
    (j) => ({ kind: 'toolCall', tool: 'mcp__x__delete_all', input: j }),
  ];
  for (const make of kinds) {
    const kind = (make(null) as { kind: string }).kind;
    it(`${kind}${kind === 'sql' ? ` (${(make(null) as { dialect: string }).dialect})` : ''}: every junk input gives an assessment without analyzer errors`, () => {
      for (const j of junk) {
        const a = assess(make(j) as Action);
        const label = `${kind} ${JSON.stringify(j)?.slice(0, 40)}`;
        assert.ok(a.summary.length > 0, label);
        assert.ok(!rules(a).includes('engine.analyzer-error'), `${label}: ${JSON.stringify(a.findings[0])}`);
      }
    });
  }
});

describe('lazy loading (a fresh Node process)', () => {
  const engine = require.resolve('../../../src/engine');
  const probe = (script: string): string[] => {
    const r = spawnSync(
      process.execPath,
      ['-e', `const e = require(${JSON.stringify(engine)});\nconst loaded = (m) => Object.keys(require.cache).some((k) => k.includes(m));\n${script}`],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n');
  };
  it('loading the engine and assessing a SELECT loads neither yaml nor a SQL parser', () => {
    const out = probe(
      `e.assess({ kind: 'sql', statement: 'SELECT 1' }); e.assess({ kind: 'toolCall', tool: 'mcp__x__list', input: {} }); console.log(loaded('node_modules/yaml/'), loaded('node-sql-parser'));`,
    );
    assert.deepEqual(out, ['false false']);
  });
  it('a Kubernetes manifest loads yaml; a DELETE loads only its own dialect parser', () => {
    const out = probe(
      `e.assess({ kind: 'kubernetes', manifests: 'kind: Namespace\\nmetadata: {name: a}' }); e.assess({ kind: 'sql', statement: 'DELETE FROM t WHERE id = 1', dialect: 'mysql' }); console.log(loaded('node_modules/yaml/'), loaded('build/mysql'), loaded('build/postgresql'));`,
    );
    assert.deepEqual(out, ['true true false']);
  });
});
