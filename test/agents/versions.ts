// The agent CLIs the real-agent suite runs, pinned. Bump a version only together with a run of
// `npm run test:agents` and the README's table of verified versions.
import { join, resolve } from 'node:path';

export interface PinnedAgent {
  name: 'claude' | 'codex' | 'gemini' | 'copilot' | 'cline';
  pkg: string;
  version: string;
  /** The binary, relative to the install folder. */
  bin: string;
}

export const PINNED: PinnedAgent[] = [
  { name: 'claude', pkg: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'node_modules/.bin/claude' },
  { name: 'codex', pkg: '@openai/codex', version: '0.171.0', bin: 'node_modules/.bin/codex' },
  { name: 'gemini', pkg: '@google/gemini-cli', version: '0.61.0', bin: 'node_modules/.bin/gemini' },
  { name: 'copilot', pkg: '@github/copilot', version: '1.0.102', bin: 'node_modules/.bin/copilot' },
  { name: 'cline', pkg: 'cline', version: '3.0.65', bin: 'node_modules/.bin/cline' },
];

/** The cache folder (git-ignored), one folder per agent and version. */
export function agentCacheDir(): string {
  return resolve(process.env.BR_AGENT_CACHE ?? join(process.cwd(), '.cache', 'agents'));
}

export const installDir = (a: PinnedAgent): string => join(agentCacheDir(), `${a.name}-${a.version}`);
export const binOf = (a: PinnedAgent): string => join(installDir(a), a.bin);
