// `blast-radius rules [ID|GLOB] [--json]`: the rule registry (src/engine/rules) for people and
// tools. Without an argument it lists every rule (id, level, meaning); with an id it prints that
// rule's meaning, its safer alternative and its examples; a glob (`sql.*`) lists the matching
// ones. An unknown id is one line on stderr and exit 2. Reads nothing but the registry.
import { parseArgs } from 'node:util';
import { nearest } from '../engine/edit-distance';
import { globMatch } from '../engine/glob';
import { exampleText, type RuleDecl } from '../engine/rules/types';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';

const HELP = `Usage:
  blast-radius rules              list every rule: id, level, meaning
  blast-radius rules ID           one rule: what it means, what to do instead, examples
  blast-radius rules 'GLOB'       the rules whose id matches (sql.*, *.delete*)
  blast-radius rules … --json     the same as JSON, for tools

A rule's level is the level of its first example; what an action reaches can move it (a delete
of an ignored build folder is low, of the home folder critical). A team policy names rule ids in
"rules": [{ "when": { "rule": "…" }, "then": "…" }].`;

const registry = () => require('../engine/rules/registry') as typeof import('../engine/rules/registry');

export async function runRules(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new CliError(`rules: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) throw new CliError("rules: give one rule id or glob (try 'blast-radius rules --help')");
  const json = parsed.values.json === true;
  const { RULES, ruleById, declaredIn } = registry();
  const arg = parsed.positionals[0];
  if (arg !== undefined && !/[*?]/.test(arg)) {
    const r = ruleById(arg);
    if (!r) throw new CliError(`rules: unknown rule '${arg}'${nearOf(arg, RULES)} ('blast-radius rules' lists them)`, EXIT_USAGE);
    process.stdout.write(json ? `${JSON.stringify({ ...r, declaredIn: declaredIn(r.id) }, null, 2)}\n` : describeRule(r, declaredIn(r.id)));
    return EXIT_OK;
  }
  const list = arg === undefined ? RULES : RULES.filter((r) => globMatch(arg, r.id));
  if (!list.length) throw new CliError(`rules: no rule matches '${arg}' ('blast-radius rules' lists them)`, EXIT_USAGE);
  const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id));
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        sorted.map((r) => ({ id: r.id, level: r.level, class: r.cls, meaning: r.meaning, alternative: r.alternative, declaredIn: declaredIn(r.id) })),
        null,
        2,
      )}\n`,
    );
    return EXIT_OK;
  }
  const width = Math.max(...sorted.map((r) => r.id.length));
  const lines = sorted.map((r) => `${r.level.padEnd(8)}  ${r.id.padEnd(width)}  ${r.meaning}`);
  process.stdout.write(
    `${lines.join('\n')}\n\n${sorted.length} rule${sorted.length === 1 ? '' : 's'}. 'blast-radius rules ID' shows one: what to do instead, and examples.\n`,
  );
  return EXIT_OK;
}

function describeRule(r: RuleDecl, source: string): string {
  const out = [`${r.id}  (${r.level}, ${r.cls})`, `  ${r.meaning}`, `  Safer: ${r.alternative}`];
  if (r.fires.length) out.push('  Fires on:', ...r.fires.map((ex) => `    ${exampleText(ex)}`));
  if (r.defensive) out.push(`  Fires only when: ${r.defensive}`);
  if (r.quiet.length) out.push('  Quiet on (look-alikes):', ...r.quiet.map((ex) => `    ${exampleText(ex)}`));
  out.push(`  Declared in ${source}`);
  return `${out.join('\n')}\n`;
}

/** " (did you mean …?)" for an id a few edits from a declared one. */
function nearOf(arg: string, rules: readonly RuleDecl[]): string {
  const near = nearest(
    arg,
    rules.map((r) => r.id),
    3,
  );
  return near ? ` (did you mean ${near}?)` : '';
}
