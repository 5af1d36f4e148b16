// `blast-radius`: one small entry that loads only the subcommand it runs. The hook subcommand
// runs before every agent tool call, so nothing heavy is imported at the top of this file.
import { CliError, EXIT_USAGE } from './errors';

const USAGE = `Usage: blast-radius <command> [options]

Commands:
  assess -- <command…>     assess a shell command
  assess FILE              assess a file (Terraform plan JSON, change set JSON, .sql, .diff, plan, YAML)
  assess -                 assess an Action (JSON) from stdin
  assess --batch FILE|-    assess JSON lines {"id", "action"}; one JSON line out per line in
  hook <agent>             answer an agent's pre-tool-use hook (claude, vscode, cursor, gemini, codex, copilot, kiro, windsurf, cline)
  install <agent…>         install the hook into an agent's settings (--project, --dry-run)
  uninstall <agent…>       remove the hook from an agent's settings
  doctor                   check installed hooks and whether an editor is listening
  review …                 peer review: request, show, approve, accept
  audit verify|show        check or print the tamper-evident audit log
  rules [ID]               list the rules (id, level, meaning), or one with its safer alternative and examples
  policy check [FILE]      check the team policy: JSON, keys, rule ids, patterns; every error at its line

Run 'blast-radius <command> --help' for a command's options.`;

type Command = (argv: string[]) => Promise<number>;

const COMMAND_NAMES = 'assess, hook, install, uninstall, doctor, review, audit';

const COMMANDS: Record<string, () => Command> = {
  assess: () => (require('./assess') as typeof import('./assess')).runAssess,
};

/** Lets other parts register subcommands without this file importing them eagerly. */
export function commandTable(): Record<string, () => Command> {
  return COMMANDS;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // Asked for: the usage on stdout. Not given a command: a usage error, one line on stderr.
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!cmd) throw new CliError(`give a command: ${COMMAND_NAMES} (try 'blast-radius --help')`, EXIT_USAGE);
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${typeof VERSION === 'string' ? VERSION : 'dev'}\n`);
    return 0;
  }
  const load = COMMANDS[cmd] ?? optionalCommand(cmd);
  if (!load) throw new CliError(`unknown command '${cmd}' (try 'blast-radius --help')`);
  return load()(rest);
}

// Subcommands added by later parts, required lazily so the bundle stays one file.
function optionalCommand(cmd: string): (() => Command) | undefined {
  switch (cmd) {
    case 'hook':
      return () => (require('./hook') as typeof import('./hook')).runHook;
    case 'install':
      return () => (require('./install') as typeof import('./install')).runInstall;
    case 'uninstall':
      return () => (require('./install') as typeof import('./install')).runUninstall;
    case 'doctor':
      return () => (require('./doctor') as typeof import('./doctor')).runDoctor;
    case 'review':
      return () => (require('./review') as typeof import('./review')).runReview;
    case 'audit':
      return () => (require('./audit') as typeof import('./audit')).runAudit;
    case 'rules':
      return () => (require('./rules') as typeof import('./rules')).runRules;
    case 'policy':
      return () => (require('./policy') as typeof import('./policy')).runPolicy;
    default:
      return undefined;
  }
}

declare const VERSION: string;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Never a stack trace: one clear line and a blocking exit (2; several agents treat 1 as go).
    const msg = err instanceof CliError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`blast-radius: ${msg}\n`);
    if (process.env.BLAST_RADIUS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : EXIT_USAGE;
  },
);
