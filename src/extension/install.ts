// "Install Agent Hooks…": finds the agents on this machine, shows what `blast-radius install
// <agent> --dry-run` would change in each settings file, and installs only after consent. The CLI
// (dist/cli.js, shipped in the .vsix) does the work, so the editor and a terminal install the same
// way. What it does not do: project-level hook files (use the CLI's --project in the repo).
import * as vscode from 'vscode';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readInstallOutput } from './install-report';

const AGENTS: { id: string; label: string; marker: string[] }[] = [
  { id: 'claude', label: 'Claude Code', marker: ['.claude'] },
  { id: 'vscode', label: 'VS Code agent hooks (Copilot agent mode)', marker: ['.copilot'] },
  { id: 'cursor', label: 'Cursor', marker: ['.cursor'] },
  { id: 'gemini', label: 'Gemini CLI', marker: ['.gemini'] },
  { id: 'codex', label: 'OpenAI Codex CLI', marker: ['.codex'] },
  { id: 'copilot', label: 'GitHub Copilot CLI', marker: ['.copilot'] },
  { id: 'kiro', label: 'Kiro', marker: ['.kiro'] },
  { id: 'windsurf', label: 'Windsurf', marker: ['.codeium', 'windsurf'] },
  { id: 'cline', label: 'Cline', marker: ['Documents', 'Cline'] },
];

function runCli(cli: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolve({ code: -1, out, err: e.message }));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Shows `text` as a read-only document named `name` (its extension sets the language): nothing to save, nothing asked on close. */
export type ShowText = (name: string, text: string) => Promise<void>;

/** The provider of those documents (registered once, with the command). */
export function readOnlyTexts(): { show: ShowText; disposable: vscode.Disposable } {
  const SCHEME = 'blast-radius-text';
  const texts = new Map<string, string>();
  let n = 0;
  const disposable = vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' });
  const show: ShowText = async (name, text) => {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}`, query: String(++n) });
    texts.set(uri.toString(), text);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  };
  return { show, disposable };
}

export async function installHooks(extensionPath: string, log: vscode.LogOutputChannel, show: ShowText): Promise<void> {
  const cli = join(extensionPath, 'dist', 'cli.js');
  if (!existsSync(cli)) return void vscode.window.showErrorMessage(`Blast Radius: the hook command is missing from this installation (${cli}).`);
  const home = homedir();
  const items = AGENTS.map((a) => {
    const found = existsSync(join(home, ...a.marker));
    return { label: a.label, description: found ? 'found on this machine' : 'not found', picked: found, id: a.id };
  });
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'Blast Radius: install the hook for which agents?',
    placeHolder: 'Nothing is written before you confirm',
  });
  if (!picked?.length) return;

  const previews: string[] = [];
  const failed: string[] = [];
  for (const p of picked) {
    const r = await runCli(cli, ['install', p.id, '--dry-run']);
    log.info(`install ${p.id} --dry-run: exit ${r.code}`);
    if (r.code === 0) previews.push(`# ${p.label}\n${r.out.trim() || '(no change needed)'}\n`);
    else failed.push(`${p.label}: ${(r.err || r.out).trim().split('\n')[0] ?? `exit ${r.code}`}`);
  }
  if (failed.length && !previews.length) return void vscode.window.showErrorMessage(`Blast Radius: cannot prepare the hooks. ${failed.join('; ')}`);
  await show('Blast Radius hook install (preview).diff', previews.join('\n'));
  const ok = await vscode.window.showWarningMessage(
    `Install the Blast Radius hook for ${previews.length} agent${previews.length === 1 ? '' : 's'}?`,
    { modal: true, detail: `The changes to each settings file are shown in the editor.${failed.length ? `\n\nSkipped: ${failed.join('; ')}` : ''}` },
    'Install',
  );
  if (ok !== 'Install') return;
  const done: string[] = [];
  // Written, but the agent does not call the hook until the person acts (the CLI's "!" lines).
  const waiting: { label: string; steps: string[] }[] = [];
  for (const p of picked) {
    if (failed.some((f) => f.startsWith(`${p.label}:`))) continue;
    const r = await runCli(cli, ['install', p.id]);
    log.info(`install ${p.id}: exit ${r.code}\n${r.out}${r.err}`);
    const report = readInstallOutput(`${r.out}\n${r.err}`);
    if (report.broken.length) failed.push(`${p.label}: ${report.broken.map((b) => b.split('\n')[0]).join('; ')}`);
    else if (r.code !== 0) failed.push(`${p.label}: ${(r.err || r.out).trim().split('\n')[0] ?? `exit ${r.code}`}`);
    else if (report.attention.length) waiting.push({ label: p.label, steps: report.attention });
    else done.push(p.label);
  }
  if (done.length) void vscode.window.showInformationMessage(`Blast Radius: hooks installed for ${done.join(', ')}.`);
  if (failed.length) void vscode.window.showErrorMessage(`Blast Radius: not installed: ${failed.join('; ')}`);
  if (waiting.length) void showWaiting(waiting, show);
}

/** Agents whose hook is written but not called yet: said as a warning (they run every tool without the hook meanwhile), with the steps one click away. */
async function showWaiting(waiting: { label: string; steps: string[] }[], show: ShowText): Promise<void> {
  const names = waiting.map((w) => w.label).join(', ');
  const choice = await vscode.window.showWarningMessage(
    `Blast Radius: the hook is written for ${names}, but ${waiting.length === 1 ? 'the agent does' : 'these agents do'} not call it yet. Until you do what it says, ${waiting.length === 1 ? 'it runs' : 'they run'} every tool without Blast Radius.`,
    'Show What to Do',
  );
  if (choice !== 'Show What to Do') return;
  const text = waiting.map((w) => `# ${w.label}\n\n${w.steps.join('\n\n')}\n`).join('\n');
  await show('Blast Radius hooks: what to do.md', text);
}
