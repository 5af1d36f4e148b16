// Where an agent keeps the person's requests, from its hook payload: a path only, nothing read
// here (this runs in the hook's light half; src/facts/transcript.ts reads, and only for actions
// above low). Claude Code, Codex, Gemini CLI and the VS Code agent send `transcript_path`; Copilot
// CLI sends `sessionId` and keeps ~/.copilot/session-state/<sessionId>/events.jsonl (seen with
// 1.0.102). Agents not listed send nothing usable: no path, nothing changes.
import { join } from 'node:path';

const TRANSCRIPT_AGENTS = new Set(['claude', 'codex', 'gemini', 'vscode']);

/** The transcript path an agent's payload names, when it is a plausible absolute path. */
export function transcriptOf(agent: string, payload: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  if (TRANSCRIPT_AGENTS.has(agent)) {
    const t = p.transcript_path ?? p.transcriptPath;
    return typeof t === 'string' && t.startsWith('/') && t.length <= 4096 && !t.includes('\0') ? t : undefined;
  }
  if (agent === 'copilot') {
    const id = p.sessionId;
    const home = env.HOME;
    // A session id is a UUID: anything else could walk out of session-state.
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || !home || !home.startsWith('/'))
      return undefined;
    return join(home, '.copilot', 'session-state', id, 'events.jsonl');
  }
  return undefined;
}
