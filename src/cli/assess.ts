// `blast-radius assess`: a shell command, a file (kind detected), an Action on stdin, or a batch of
// JSON lines. Readable report or --json; --fail-on LEVEL for CI. Bad input exits 2 with one line.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ACTION_KINDS,
  type Action,
  type ActionKind,
  type Assessment,
  type Facts,
  LEVELS,
  type Level,
  type ResolvedPolicy,
  ShellDialect,
  assess,
  assessUnknown,
  detectKind,
} from '../engine';
import { actionFromText } from '../engine/detect';
import { DEFAULT_BUDGET_MS, type GatherOptions, gatherFacts, loadPolicy } from '../facts';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';
import { formatReport, useColour } from './report';

const HELP = `Usage:
  blast-radius assess [options] -- <command…>
  blast-radius assess [options] FILE|-
  blast-radius assess --batch FILE|- [options]

FILE: a written plan (.md), Terraform plan JSON (terraform show -json), a CloudFormation change
set, SQL, a unified diff, Kubernetes YAML, a shell script, or an Action as JSON ({"kind": …}).

Options:
  --json              print the Assessment as JSON
  --fail-on LEVEL     exit 1 when the level is LEVEL or above (low, medium, high, critical)
  --kind KIND         force the kind of FILE (${ACTION_KINDS.join(', ')})
  --shell DIALECT     dialect of the command (bash, sh, zsh, pwsh, cmd)
  --cwd DIR           working directory the action runs in (default: current)
  --policy FILE       policy file (default: .blast-radius/policy.json found from --cwd)
  --no-facts          do not look at the machine (paths, git, kube/AWS/Terraform context)
  --facts-budget MS   time the facts probes may take in total (default ${DEFAULT_BUDGET_MS})
  --facts-json        print {"assessment": …, "facts": …} as JSON (--json prints the Assessment only)
  --batch FILE|-      JSON lines in ({"id", "action"}), one JSON line out per line`;

export async function runAssess(argv: string[]): Promise<number> {
  const dd = argv.indexOf('--');
  const optArgs = dd >= 0 ? argv.slice(0, dd) : argv;
  const commandWords = dd >= 0 ? argv.slice(dd + 1) : undefined;

  let parsed;
  try {
    parsed = parseArgs({
      args: optArgs,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        'fail-on': { type: 'string' },
        kind: { type: 'string' },
        shell: { type: 'string' },
        cwd: { type: 'string' },
        policy: { type: 'string' },
        'no-facts': { type: 'boolean' },
        'facts-budget': { type: 'string' },
        'facts-json': { type: 'boolean' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new CliError(`assess: ${(err as Error).message.split('\n')[0]}`);
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  const failOn = o['fail-on'];
  if (failOn !== undefined && !(LEVELS as readonly string[]).includes(failOn)) throw new CliError(`assess: --fail-on must be one of ${LEVELS.join(', ')}`);
  if (o.kind !== undefined && !(ACTION_KINDS as readonly string[]).includes(o.kind))
    throw new CliError(`assess: --kind must be one of ${ACTION_KINDS.join(', ')}`);
  if (o.shell !== undefined && !ShellDialect.safeParse(o.shell).success)
    throw new CliError(`assess: --shell must be one of ${ShellDialect.options.join(', ')}`);

  const cwd = resolve(o.cwd ?? process.cwd());
  const loaded = loadPolicy(cwd, o.policy);
  if (!loaded.ok) throw new CliError(loaded.error.split('\n')[0]!);
  const policy = loaded.policy;
  const withFacts = !o['no-facts'];
  const budgetText = o['facts-budget'];
  if (budgetText !== undefined && !/^\d+$/.test(budgetText)) throw new CliError('assess: --facts-budget must be a number of milliseconds');
  const budgetMs = budgetText !== undefined ? Number(budgetText) : undefined;
  const factsOpts = { cwd, policy, ...(budgetMs !== undefined ? { budgetMs } : {}) };

  if (o.batch !== undefined) {
    if (parsed.positionals.length || commandWords) throw new CliError('assess: --batch takes no other input');
    return runBatch(o.batch, { policy, cwd, withFacts, factsOpts });
  }

  let action: Action;
  if (commandWords) {
    if (parsed.positionals.length) throw new CliError(`assess: unexpected '${parsed.positionals[0]}' before --`);
    if (!commandWords.length) throw new CliError('assess: nothing after --');
    const command = commandWords.length === 1 ? commandWords[0]! : commandWords.map(quoteWord).join(' ');
    action = { kind: 'shell', command, cwd, ...(o.shell ? { shell: o.shell as ShellDialect } : {}) };
  } else {
    const [input, extra] = parsed.positionals;
    if (!input) throw new CliError("assess: give a FILE, '-' for an Action on stdin, or -- <command…> (see --help)");
    if (extra !== undefined) throw new CliError(`assess: one input at a time (got '${extra}' too); use --batch for many`);
    action = readAction(input, o.kind as ActionKind | undefined, cwd);
    if (action.kind === 'shell' && o.shell) action = { ...action, shell: o.shell as ShellDialect };
  }

  const facts: Facts = withFacts ? await gatherFacts(action, factsOpts) : {};
  const assessment = assess(action, { facts, policy });
  if (o['facts-json']) process.stdout.write(`${JSON.stringify({ assessment, facts }, null, 2)}\n`);
  else if (o.json) process.stdout.write(`${JSON.stringify(assessment, null, 2)}\n`);
  else process.stdout.write(`${formatReport(assessment, { colour: useColour(process.stdout), facts })}\n`);
  return failOn && LEVELS.indexOf(assessment.level) >= LEVELS.indexOf(failOn as Level) ? EXIT_FAIL : EXIT_OK;
}

/** Quotes a word for a POSIX shell when it holds anything the shell would interpret. */
export function quoteWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function readInput(input: string): string {
  try {
    return input === '-' ? readFileSync(0, 'utf8') : readFileSync(input, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${input === '-' ? 'stdin' : input}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(err))}`,
    );
  }
}

/**
 * A file (kind detected or forced), or an Action as JSON — on stdin ('-') or in a file whose JSON
 * has an Action's `kind` (examples/actions/*.json); bad input is a CliError.
 */
export function readAction(input: string, kind: ActionKind | undefined, cwd: string): Action {
  const text = readInput(input);
  if (input === '-' && !kind) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError('stdin is not valid JSON (expected an Action such as {"kind":"shell","command":"…"})');
    }
    return withCwd(checkedAction(json, 'stdin'), cwd);
  }
  const name = input === '-' ? 'stdin' : basename(input);
  // An Action written to a file is assessed as that action; `--kind K` still means "this file's
  // text is a K" (assess writing the JSON file itself), unless K is the Action's own kind.
  const asAction = actionJson(text);
  if (asAction !== undefined && (!kind || kind === asAction.kind)) return withCwd(checkedAction(asAction.json, name), cwd);
  const result = kind ? actionFromText(kind, text, name) : detectKind(name, text);
  if (!result.ok) throw new CliError(result.error);
  return withCwd(result.action, cwd);
}

function withCwd(action: Action, cwd: string): Action {
  return action.kind === 'shell' && !action.cwd ? { ...action, cwd } : action;
}

/** JSON text whose top level names one of the Action kinds. */
function actionJson(text: string): { json: unknown; kind: string } | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const k = json && typeof json === 'object' && !Array.isArray(json) ? (json as { kind?: unknown }).kind : undefined;
  return typeof k === 'string' && (ACTION_KINDS as readonly string[]).includes(k) ? { json, kind: k } : undefined;
}

function checkedAction(json: unknown, name: string): Action {
  const checked = assessUnknown(json, {});
  if (!checked.ok) throw new CliError(`${name}: ${checked.error}`);
  return json as Action;
}

async function runBatch(input: string, opts: { policy: ResolvedPolicy; cwd: string; withFacts: boolean; factsOpts: GatherOptions }): Promise<number> {
  const text = readInput(input);
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let id: unknown = i + 1;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      out.push(JSON.stringify({ id, error: `line ${i + 1}: not valid JSON` }));
      continue;
    }
    if (record && typeof record === 'object' && !Array.isArray(record)) id = (record as { id?: unknown }).id ?? id;
    if (!record || typeof record !== 'object' || !('action' in record)) {
      out.push(JSON.stringify({ id, error: `line ${i + 1}: expected {"id": …, "action": {…}}` }));
      continue;
    }
    const action = record.action;
    const valid = assessUnknown(action, { policy: opts.policy });
    if (!valid.ok) {
      out.push(JSON.stringify({ id, error: `line ${i + 1}: ${valid.error}` }));
      continue;
    }
    let assessment: Assessment = valid.assessment;
    if (opts.withFacts) {
      const facts: Facts = await gatherFacts(action as Action, opts.factsOpts);
      assessment = assess(action as Action, { facts, policy: opts.policy });
    }
    out.push(JSON.stringify({ id, ...assessment }));
    if (out.length >= 256) {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}
