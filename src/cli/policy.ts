// `blast-radius policy check [FILE]`: checks the team policy the hook and the editor would use
// (the nearest .blast-radius/policy.json up from --cwd, or FILE) exactly as they read it, and
// prints every error at its line (`file:line:column: message`, as compilers do). A broken policy
// blocks every agent action, so this is the way to find out before an agent does: exit 0 when it
// is sound (or there is none), 1 when it is broken, 2 for a usage error.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatPolicyErrors, parsePolicyText } from '../engine/policy';
import { findPolicyFile } from '../facts/policy-file';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';

const HELP = `Usage:
  blast-radius policy check [FILE] [--cwd DIR] [--json]

Checks FILE, or the .blast-radius/policy.json the hook would use from DIR (default: the current
folder; the search stops at the repository root): JSON with comments, known keys only, valid
levels and requirements, regular expressions that compile, and rule ids that exist
('blast-radius rules' lists them). Every error is printed as file:line:column: message.
Exit 0: sound (or no policy: the defaults apply). Exit 1: broken — the hook and the editor deny
every agent action until it is fixed. Exit 2: usage.`;

export async function runPolicy(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${HELP}\n`);
    return sub ? EXIT_OK : 2;
  }
  if (sub !== 'check') throw new CliError(`policy: unknown subcommand '${sub}' (check)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { cwd: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new CliError(`policy check: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) throw new CliError('policy check: give at most one policy file');
  const cwd = resolve(parsed.values.cwd ?? process.cwd());
  const json = parsed.values.json === true;
  const given = parsed.positionals[0];
  const file = given !== undefined ? resolve(cwd, given) : findPolicyFile(cwd);
  const say = (
    v: { ok: boolean; file?: string; errors?: { line: number; column: number; message: string }[]; note?: string },
    text: string,
    code: number,
  ): number => {
    if (json) process.stdout.write(`${JSON.stringify(v)}\n`);
    else (code === EXIT_OK ? process.stdout : process.stderr).write(`${text}\n`);
    return code;
  };
  if (!file) return say({ ok: true, note: 'no team policy: the defaults apply' }, `no team policy found from ${cwd} (the defaults apply)`, EXIT_OK);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    // A file named on the command line that is not there is a usage error; the policy the hook
    // would find but cannot read is a broken policy (it blocks).
    if (given !== undefined && code === 'ENOENT') throw new CliError(`policy check: ${file}: no such file`);
    return say(
      { ok: false, file, errors: [{ line: 1, column: 1, message: `cannot read policy (${code})` }] },
      `${file}:1:1: cannot read policy (${code})`,
      EXIT_FAIL,
    );
  }
  const r = parsePolicyText(text);
  if (!r.ok) {
    const n = r.errors.length;
    return say(
      { ok: false, file, errors: r.errors },
      `${formatPolicyErrors(file, r.errors)}\n${n} error${n === 1 ? '' : 's'}: agent actions are denied until the policy is fixed`,
      EXIT_FAIL,
    );
  }
  const p = r.policy;
  const parts = [
    `${p.rules.length} rule${p.rules.length === 1 ? '' : 's'}`,
    `${p.protectedPaths.length} protected path${p.protectedPaths.length === 1 ? '' : 's'}`,
    `${p.protectedNames.length} protected name${p.protectedNames.length === 1 ? '' : 's'}`,
  ];
  return say({ ok: true, file }, `policy ok: ${file} (${parts.join(', ')})`, EXIT_OK);
}
