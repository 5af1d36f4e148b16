// Is this process running under an AI agent? `review approve` refuses to sign there: the second
// person signs at their own terminal, not through the agent whose action they are judging.
//
// Seen: the variables agents set for the commands they run (Claude Code: CLAUDECODE,
// CLAUDE_CODE_ENTRYPOINT; Gemini CLI: GEMINI_CLI; Codex: CODEX_SANDBOX,
// CODEX_SANDBOX_NETWORK_DISABLED; Cursor's CLI agent: CURSOR_AGENT), and an agent among the
// process's ancestors (claude, codex, gemini, copilot, cursor-agent, kiro-cli, aider, or a node
// running one of their npm packages), read from /proc.
// Not seen: an agent that clears its variables and detaches (`env -i setsid -f …`), a script it
// wrote that runs the command later, and VS Code-family agents whose commands run in the editor's
// terminal (their process tree is the person's). The real barrier is elsewhere: the committed
// allowed signers and the local-key check at accept (a lone agent has no listed key that is not
// on this machine); the engine judges `review approve` run through any hook as critical.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const ENV_MARKERS: [string, string][] = [
  ['CLAUDECODE', 'Claude Code'],
  ['CLAUDE_CODE_ENTRYPOINT', 'Claude Code'],
  ['GEMINI_CLI', 'Gemini CLI'],
  ['CODEX_SANDBOX', 'Codex'],
  ['CODEX_SANDBOX_NETWORK_DISABLED', 'Codex'],
  ['CURSOR_AGENT', 'Cursor agent'],
];
const BINARIES: Record<string, string> = {
  claude: 'Claude Code',
  codex: 'Codex',
  gemini: 'Gemini CLI',
  copilot: 'Copilot CLI',
  'cursor-agent': 'Cursor agent',
  'kiro-cli': 'Kiro CLI',
  aider: 'aider',
};
const PACKAGES: [RegExp, string][] = [
  [/@anthropic-ai\/claude-code\b/, 'Claude Code'],
  [/@openai\/codex\b/, 'Codex'],
  [/@google\/gemini-cli\b/, 'Gemini CLI'],
  [/@github\/copilot\b/, 'Copilot CLI'],
];

export interface AgentContext {
  agent: string;
  /** How it was seen: a variable, or an ancestor process. */
  evidence: string;
}

/** The agent this process runs under, if it can be seen. */
export function agentContext(env: NodeJS.ProcessEnv = process.env, startPid = process.ppid): AgentContext | undefined {
  for (const [name, agent] of ENV_MARKERS) if (env[name]) return { agent, evidence: `$${name} is set` };
  let pid = startPid;
  for (let hops = 0; pid > 1 && hops < 40; hops++) {
    let stat: string;
    let argv: string[];
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      return undefined; // no /proc: nothing more to see
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const names = [comm, basename(argv[0] ?? '')];
    // A node-run CLI: its script is argv[1].
    if (/^(node|nodejs|bun|deno)$/.test(basename(argv[0] ?? '')) && argv[1]) names.push(basename(argv[1]).replace(/\.(c?js|mjs)$/, ''));
    for (const n of names) if (BINARIES[n]) return { agent: BINARIES[n], evidence: `ancestor process ${pid} (${argv.join(' ').slice(0, 80)})` };
    const line = argv.join(' ');
    for (const [re, agent] of PACKAGES) if (re.test(line)) return { agent, evidence: `ancestor process ${pid} (${line.slice(0, 80)})` };
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  return undefined;
}
