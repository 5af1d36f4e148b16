// Language Model Tools for Copilot agent mode without hooks: `blast-radius_assess` lets the agent
// score a command or plan before proposing it; `blast-radius_runGuarded` runs a command only after
// the gate allows it (the same questions a hook gets). prepareInvocation builds VS Code's own
// confirmation from the assessment. Does not stop the agent from using its own terminal tool.
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import type { Action, Assessment } from '../engine';
import type { Gate } from './gate';
import { drivingFindings, scopeFacts } from './format';
import { firstFolder } from './observe';

interface AssessInput {
  command?: string;
  plan?: string;
  cwd?: string;
}
interface RunInput {
  command: string;
  cwd?: string;
}

const OUTPUT_CAP = 32_000;
const RUN_TIMEOUT_MS = 120_000;

export function registerLmTools(gate: Gate, log: vscode.LogOutputChannel): vscode.Disposable {
  if (!vscode.lm || typeof vscode.lm.registerTool !== 'function') return new vscode.Disposable(() => undefined);
  return vscode.Disposable.from(
    vscode.lm.registerTool<AssessInput>('blast-radius_assess', {
      async invoke(options) {
        const { command, plan } = options.input;
        const cwd = options.input.cwd ?? firstFolder();
        if (!command && !plan) return text('Give `command` or `plan`.');
        const action: Action = command ? { kind: 'shell', command, cwd } : { kind: 'plan', text: plan! };
        return text(describe((await gate.assessOnly(action, cwd)).assessment));
      },
    }),
    vscode.lm.registerTool<RunInput>('blast-radius_runGuarded', {
      async prepareInvocation(options) {
        const cwd = options.input.cwd ?? firstFolder();
        const { assessment: a } = await gate.assessOnly({ kind: 'shell', command: options.input.command, cwd }, cwd);
        const md = new vscode.MarkdownString(
          `**${a.level.toUpperCase()}**: ${a.summary}\n\n\`\`\`sh\n${options.input.command}\n\`\`\`\n\n${drivingFindings(a)
            .map((f) => `- \`${f.rule}\`: ${f.message}`)
            .join('\n')}`,
        );
        return {
          invocationMessage: `Running through Blast Radius (${a.level})`,
          confirmationMessages: { title: `Run a ${a.level} command through Blast Radius?`, message: md },
        };
      },
      async invoke(options, token) {
        const cwd = options.input.cwd ?? firstFolder();
        const action: Action = { kind: 'shell', command: options.input.command, cwd };
        const ac = new AbortController();
        const cancel = token.onCancellationRequested(() => ac.abort());
        try {
          const r = await gate.handle({ version: 1, agent: 'copilot (language model tool)', actions: [action], cwd }, ac.signal);
          if (r.decision !== 'allow') return text(`Not run. ${r.reason}`);
          log.info(`LM tool: running ${options.input.command}`);
          return text(await run(options.input.command, cwd, ac.signal));
        } finally {
          cancel.dispose();
        }
      },
    }),
  );
}

function describe(a: Assessment): string {
  const lines = [
    `level: ${a.level} (needs: ${a.requires})`,
    `summary: ${a.summary}`,
    `class: ${a.class}; reversibility: ${a.reversibility}; environment: ${a.environment.name}`,
  ];
  for (const f of drivingFindings(a)) lines.push(`finding ${f.rule} [${f.level}]: ${f.message}`);
  lines.push(...scopeFacts(a));
  return lines.join('\n');
}

function text(s: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(s)]);
}

function run(command: string, cwd: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd, shell: true, signal, timeout: RUN_TIMEOUT_MS });
    let out = '';
    const add = (d: Buffer): void => {
      if (out.length < OUTPUT_CAP) out += d.toString();
    };
    child.stdout.on('data', add);
    child.stderr.on('data', add);
    child.on('error', (err) => resolve(`failed to start: ${err.message}`));
    child.on('close', (code) => resolve(`exit code ${code}\n${out.slice(0, OUTPUT_CAP)}`));
  });
}
