// A hook-side process for the integration tests: finds the editor through the discovery files
// (BLAST_RADIUS_BRIDGE_DIR) and asks it over the real socket with the bridge client the hook
// command uses, then prints the answer as one JSON line. Usage: node hook-client.js '<json>'
// where json is {agent, actions, cwd, timeoutMs}.
import { askEditor, findEditor } from '../../src/bridge/client';
import type { Action } from '../../src/engine';

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as { agent: string; actions: Action[]; cwd: string; timeoutMs?: number };
  const editor = findEditor(req.cwd);
  if (!editor) {
    process.stdout.write(`${JSON.stringify({ ok: false, kind: 'unreachable', message: 'no editor for this folder' })}\n`);
    return;
  }
  const r = await askEditor(editor, { agent: req.agent, actions: req.actions, cwd: req.cwd }, req.timeoutMs ?? 60_000);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

void main();
