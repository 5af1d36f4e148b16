// Exit codes of the CLI. 2 is the blocking answer for agents and the usage error for people;
// 1 is reserved for "the check ran and failed" (--fail-on, audit verify, review accept).
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** An error the CLI reports as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}
