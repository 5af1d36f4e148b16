// What `blast-radius install <agent>` said, read back for the editor's "Install Agent Hooks…": the
// CLI marks each agent's outcome the way `doctor` does (✓ works; ! works once the person does what
// it says; ✗ does not protect), with the steps to take on the indented lines that follow. The
// editor must not say "installed" for an agent that does not call the hook yet (Codex until the
// person trusts it, Gemini in an untrusted folder): those run every tool unchecked meanwhile.

export interface InstallReport {
  /** ✓ lines: the agent calls the hook, and it blocks when it cannot start. */
  works: string[];
  /** ! blocks (the line and its indented steps): written, but not protecting until the person acts. */
  attention: string[];
  /** ✗ blocks: not protecting. */
  broken: string[];
}

/** Splits the CLI's output into its marked blocks; lines before the first mark (what was written) are left out. */
export function readInstallOutput(text: string): InstallReport {
  const report: InstallReport = { works: [], attention: [], broken: [] };
  let current: string[] | undefined;
  let block: string[] = [];
  const flush = (): void => {
    if (current && block.length) current.push(block.join('\n'));
    current = undefined;
    block = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const mark = line.charAt(0);
    if (mark === '✓' || mark === '!' || mark === '✗') {
      flush();
      current = mark === '✓' ? report.works : mark === '!' ? report.attention : report.broken;
      block = [line.slice(1).trim()];
    } else if (current && /^\s+\S/.test(line)) {
      block.push(line.trim());
    } else {
      flush();
    }
  }
  flush();
  return report;
}
