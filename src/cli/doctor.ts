// `blast-radius doctor`: for every agent, where our hook is installed (user, project and system
// level), whether each installed command really answers when the agent runs it, whether it still
// blocks when the hook file is gone (fails closed), whether the agent's own gate lets it run (Codex
// hook trust, Gemini folder trust), whether a system install is root-only, and whether an editor is
// listening for this folder. Exit 1 when an installed hook would not protect (a ✗ line).
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseEditor, scanEditors } from '../bridge/client';
import { defaultBridgeDir, socketLabel } from '../bridge/paths';
import { AGENT_CONFIG, findOurs, homeDir, readSettings, type Scope } from './agent-config';
import { AGENTS } from './agents/types';
import { CliError, EXIT_FAIL, EXIT_OK } from './errors';
import { clineScriptCommand, systemCommands, verifyInstalled } from './install';
import { HOOK_FILES } from './code-cache';
import { notRootOnly, SYSTEM_HOOK_DIR, systemPath } from './system';
import { resolveSigners } from '../review/signers';

const HELP = `Usage: blast-radius doctor [--root DIR]

Checks which agents have the Blast Radius hook (user, project and system settings), runs each
installed hook once with a harmless read-only call as the agent would and once with the hook file
missing (it must still block), checks the agent's own gate (Codex hook trust, Gemini folder trust)
and that a system install is root-only, and looks for an editor listening for the folder (--root,
default: current). ✓ works; ! works once you do what it says; ✗ does not protect.`;

const out = (line: string): boolean => process.stdout.write(`${line}\n`);

export async function runDoctor(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    throw new CliError(`doctor: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed.values.help) {
    out(HELP);
    return EXIT_OK;
  }
  const root = resolve(parsed.values.root ?? process.cwd());
  const home = homeDir();
  let broken = 0;
  let installed = 0;

  out(`Agents (folder ${root}):`);
  for (const agent of AGENTS) {
    const cfg = AGENT_CONFIG[agent];
    const lines: string[] = [];
    for (const scope of ['user', 'project'] as Scope[]) {
      const file = cfg.file(scope, root, home);
      if (scope === 'project' && file === cfg.file('user', root, home)) continue;
      if (!existsSync(file)) continue;
      let commands: string[];
      if (cfg.kind === 'script') {
        const text = readFileSync(file, 'utf8');
        const c = text.includes('blast-radius') ? clineScriptCommand(text) : undefined;
        commands = c ? [c] : [];
        if (!commands.length) lines.push(`  ${agent}: ${file} exists but is not ours (another PreToolUse script)`);
      } else {
        const s = readSettings(file);
        if (s.errors.length) {
          lines.push(`  ✗ ${agent} (${scope}): ${file} is not valid JSON; the agent may ignore it`);
          broken++;
          continue;
        }
        commands = [...new Set(findOurs(s.value, cfg, agent).map((f) => f.command))];
      }
      for (const command of commands) {
        installed++;
        const v = verifyInstalled(agent, cfg, file, command, root, scope, home);
        if (!v.ok || v.pending) broken++;
        lines.push(...v.lines.map((l, i) => (i === 0 ? `  ${l.replace(`${agent}: `, `${agent} (${scope}, ${file}): `)}` : `  ${l}`)));
      }
    }
    const sys = systemCommands(agent);
    for (const command of sys?.commands ?? []) {
      installed++;
      const problem =
        notRootOnly(sys!.file) ??
        (command.includes(SYSTEM_HOOK_DIR)
          ? HOOK_FILES.map((f) => systemPath(`${SYSTEM_HOOK_DIR}/${f}`))
              .filter((f) => f.endsWith('hook.js') || existsSync(f))
              .map(notRootOnly)
              .find(Boolean)
          : `the command does not run the root-owned copy in ${SYSTEM_HOOK_DIR}`);
      if (problem) {
        broken++;
        lines.push(`  ✗ ${agent} (system, ${sys!.file}): the user can change it: ${problem}`);
        continue;
      }
      const v = verifyInstalled(agent, cfg, sys!.file, command, root, 'system', home);
      if (!v.ok) broken++;
      lines.push(...v.lines.map((l, i) => (i === 0 ? `  ${l.replace(`${agent}: `, `${agent} (system, managed, root-owned, ${sys!.file}): `)}` : `  ${l}`)));
    }
    out(lines.length ? lines.join('\n') : `  · ${agent}: not installed`);
  }

  const dir = defaultBridgeDir();
  const scan = scanEditors(dir);
  out(`\nEditors (${dir}):`);
  if (scan.dirProblem) out(`  · ${scan.dirProblem.includes('ENOENT') ? 'no editor has started the bridge yet' : scan.dirProblem}`);
  for (const r of scan.removed) out(`  · removed a stale discovery file (its editor is gone): ${r}`);
  for (const i of scan.ignored) out(`  ✗ ignored: ${i}`);
  // What the hook would do for this folder: only an editor it can verify is asked (src/bridge/trust.ts).
  const choice = chooseEditor(scan.editors, root);
  const editor = choice.editor;
  const verdicts = new Map(choice.checked.map((c) => [c.entry, c.trust]));
  for (const e of scan.editors) {
    const trust = verdicts.get(e);
    const mark = e === editor ? '✓' : trust && !trust.trusted ? '✗' : '·';
    const why =
      trust && !trust.trusted
        ? ` — not trusted: ${trust.why}`
        : trust?.trusted && !trust.verified
          ? ` — not verified (${trust.why})`
          : trust?.trusted && trust.verified
            ? ` — ${trust.host}`
            : '';
    out(
      `  ${mark} editor pid ${e.discovery.pid} for ${e.discovery.workspaceFolders.join(', ') || '(no folders)'}${e === editor ? ' — answers for this folder' : ''}${why}`,
    );
  }
  for (const n of choice.notes.filter((x) => !x.startsWith('the editor bridge of pid'))) out(`  · ${n}`);
  if (editor) {
    const reachable = await canConnect(editor.discovery.socketPath);
    out(
      reachable
        ? `  ✓ its socket accepts connections: ${socketLabel(editor.discovery.socketPath)}`
        : `  ✗ its socket does not accept connections: ${socketLabel(editor.discovery.socketPath)} (hooks fall back to the policy)`,
    );
    if (!reachable) broken++;
  } else out(`  · no editor the hook can trust listens for ${root}: hooks decide by the policy alone (ask or deny above low)`);

  // Peer review: where the allowed signers come from (the committed ones count, not the working tree).
  const signers = resolveSigners(root);
  out(`\nPeer review signers: ${signers.ok ? signers.source.describe : `none usable (${signers.error})`}`);
  for (const n of signers.ok ? signers.source.notes : []) out(`  · ${n}`);

  out(`\n${installed} hook${installed === 1 ? '' : 's'} installed, ${broken} problem${broken === 1 ? '' : 's'}.`);
  return broken ? EXIT_FAIL : EXIT_OK;
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(socketPath);
    const done = (ok: boolean): void => {
      s.destroy();
      res(ok);
    };
    s.setTimeout(2000, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}
