// Issue 9's table: every guard asset × every write route is critical (guard tampering), reading
// them is low, and the same routes on ordinary project files keep their ordinary levels.
import assert from 'node:assert/strict';
import { assess } from '../../../src/engine/assess';
import type { Action, Assessment, Level } from '../../../src/engine/schema';
import { guardAsset, GUARD_ASSETS } from '../../../src/engine/effects/guard-assets';
import { CWD, HOME, READ_ROUTES, WRITE_ROUTES } from './routes';

/** The hook's own folder as facts name it (a checkout's dist/). */
const HOOK_DIR = `${HOME}/tools/blast-radius/dist`;
const facts = { home: HOME, cwd: CWD, workspaceRoots: [CWD], guardPaths: [HOOK_DIR] };
const run = (action: Action): Assessment => assess(action, { facts });
const show = (a: Assessment): string => `${a.level} [${a.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}] ${a.summary}`;

/** One file per guard asset kind and location: what an agent would go for. */
export const GUARD_FILES: [string, string][] = [
  ['Claude Code user settings', `${HOME}/.claude/settings.json`],
  ['Claude Code project settings', `${CWD}/.claude/settings.json`],
  ['Claude Code local settings', `${CWD}/.claude/settings.local.json`],
  ['Claude Code projects file', `${HOME}/.claude.json`],
  ['Claude Code managed settings', '/etc/claude-code/managed-settings.json'],
  ['VS Code / Copilot agent hooks', `${CWD}/.github/hooks/blast-radius.json`],
  ['Copilot user hooks', `${HOME}/.copilot/hooks/hooks.json`],
  ['Copilot CLI settings', `${HOME}/.copilot/config.json`],
  ['Cursor project hooks', `${CWD}/.cursor/hooks.json`],
  ['Cursor user hooks', `${HOME}/.cursor/hooks.json`],
  ['Cursor enterprise hooks', '/etc/cursor/hooks.json'],
  ['Gemini CLI user settings', `${HOME}/.gemini/settings.json`],
  ['Gemini CLI project settings', `${CWD}/.gemini/settings.json`],
  ['Gemini CLI trusted folders', `${HOME}/.gemini/trustedFolders.json`],
  ['Gemini CLI system settings', '/etc/gemini-cli/settings.json'],
  ['Codex hooks', `${HOME}/.codex/hooks.json`],
  ['Codex config (hook trust, approvals)', `${HOME}/.codex/config.toml`],
  ['Codex managed requirements', '/etc/codex/requirements.toml'],
  ['Kiro hooks', `${CWD}/.kiro/hooks/blast-radius.json`],
  ['Kiro agent definition', `${CWD}/.kiro/agents/default.json`],
  ['Windsurf project hooks', `${CWD}/.windsurf/hooks.json`],
  ['Windsurf user hooks', `${HOME}/.codeium/windsurf/hooks.json`],
  ['Cline project hook', `${CWD}/.clinerules/hooks/PreToolUse`],
  ['Cline user hook', `${HOME}/Documents/Cline/Hooks/PreToolUse`],
  ['workspace editor settings', `${CWD}/.vscode/settings.json`],
  ['user editor settings', `${HOME}/.config/Code/User/settings.json`],
  ['team policy', `${CWD}/.blast-radius/policy.json`],
  ['allowed signers', `${CWD}/.blast-radius/allowed_signers`],
  ['review request', `${CWD}/.blast-radius/reviews/req-1.json`],
  ['audit log', `${HOME}/.local/state/blast-radius/audit.jsonl`],
  ['audit head', `${HOME}/.local/state/blast-radius/audit.jsonl.head`],
  ['audit lock', `${HOME}/.local/state/blast-radius/audit.jsonl.lock`],
  ['audit decisions waiting to be recorded', '/tmp/blast-radius-1000/unrecorded/d1.json'],
  ['audit system anchor', '/var/lib/blast-radius/witness/1000.jsonl'],
  ['the remote-tracking ref signers are read from', `${CWD}/.git/refs/remotes/origin/main`],
  ['git packed refs', `${CWD}/.git/packed-refs`],
  ['git config (the remote)', `${CWD}/.git/config`],
  ['bridge discovery file', `${HOME}/.blast-radius/run/editor-1.json`],
  ['bridge in the runtime dir', '/run/user/1000/blast-radius/editor-1.json'],
  ['hook cache', `${HOME}/.cache/blast-radius/hook.v8cache`],
  ['the running hook (a checkout)', `${HOOK_DIR}/hook.js`],
  ['the hook in a global install', '/usr/local/lib/node_modules/blast-radius/dist/hook.js'],
  ['the system hook copy', '/usr/local/lib/blast-radius/hook.js'],
  ['the editor extension', `${HOME}/.vscode/extensions/blast-radius.blast-radius-0.1.0/dist/extension.js`],
  ["Claude Code transcript (the person's request)", `${HOME}/.claude/projects/-w-app/0b6c.jsonl`],
  ['Codex transcript', `${HOME}/.codex/sessions/2026/11/30/rollout-2026-11-30T10-00-00-0b6c.jsonl`],
  ['Gemini CLI chat', `${HOME}/.gemini/tmp/4f2a/chats/session-2026-11-30T10-00-0b6c.jsonl`],
  ['Copilot CLI session events', `${HOME}/.copilot/session-state/0b6c2a6e-1111-4222-8333-944455556666/events.jsonl`],
];

describe('guard assets: the table', () => {
  it('matches every listed file, and no ordinary one', () => {
    for (const [what, path] of GUARD_FILES) assert.ok(guardAsset(path, HOME, [HOOK_DIR]), `${what}: ${path} is not a guard asset`);
    for (const path of [
      `${CWD}/src/app.ts`,
      `${CWD}/README.md`,
      `${HOME}/notes.txt`,
      `${CWD}/.github/workflows/ci.yml`,
      `${CWD}/node_modules/left-pad/index.js`,
      `${HOME}/.claude/projects/x/memory/MEMORY.md`,
      `${HOME}/.gemini/tmp/x/plans/plan.md`,
    ]) {
      assert.equal(guardAsset(path, HOME, [HOOK_DIR]), undefined, path);
    }
    assert.ok(GUARD_ASSETS.length > 30);
  });
});

/**
 * Editor settings guard by their keys (auto-approve, blastRadius.*): removing the file or touching
 * it brings back the strict defaults, so those routes are ordinary changes there — every route
 * that writes content is judged on the content, and an unknown one is tampering.
 */
const RESTORES_DEFAULTS = new Set(['rm', 'mv away', 'touch', 'Remove-Item', 'Move-Item', 'Delete tool']);
const isEditorSettings = (path: string): boolean => guardAsset(path, HOME)?.keyed === 'editor';

describe('guard assets × every write route → critical', () => {
  for (const [what, path] of GUARD_FILES) {
    describe(what, () => {
      for (const r of WRITE_ROUTES) {
        if (isEditorSettings(path) && RESTORES_DEFAULTS.has(r.id)) {
          it(`${r.id}: ${path} (brings back the defaults: not tampering)`, () => {
            const a = run(r.action(path));
            assert.ok(a.level !== 'critical', `${r.id} on ${path}: ${show(a)}`);
          });
          continue;
        }
        it(`${r.id}: ${path}`, () => {
          const a = run(r.action(path));
          assert.equal(a.level, 'critical', `${r.id} on ${path}: ${show(a)}`);
          assert.ok(
            a.findings.some((f) => f.rule.startsWith('guard.')),
            `${r.id} on ${path}: no guard finding: ${show(a)}`,
          );
        });
      }
    });
  }
});

describe('guard assets: reading is low', () => {
  for (const [what, path] of GUARD_FILES) {
    for (const r of READ_ROUTES) {
      it(`${what}: ${r.id}`, () => {
        const a = run(r.action(path));
        assert.equal(a.level, 'low', `${r.id} on ${path}: ${show(a)}`);
        assert.ok(!a.findings.some((f) => f.rule.startsWith('guard.')), show(a));
      });
    }
  }
});

describe('ordinary files: the same routes keep their ordinary levels', () => {
  // A source file in the project: overwriting or emptying it is at most a confirmation.
  const expected: Record<string, Level> = {};
  for (const r of WRITE_ROUTES) expected[r.id] = 'low';
  Object.assign(expected, { truncate: 'medium', 'Delete tool': 'low', 'Edit tool': 'low' });
  for (const r of WRITE_ROUTES) {
    it(`${r.id}: src/app.ts → ${expected[r.id]}`, () => {
      const a = run(r.action(`${CWD}/src/app.ts`));
      assert.equal(a.level, expected[r.id], `${r.id}: ${show(a)}`);
      assert.ok(!a.findings.some((f) => f.rule.startsWith('guard.')), show(a));
    });
  }
  // Outside the project, in the user's own folders: at least a confirmation, never tampering.
  for (const r of WRITE_ROUTES.filter((x) => !['mv away', 'Move-Item'].includes(x.id))) {
    it(`${r.id}: ~/Documents/notes.txt → medium or more`, () => {
      const a = run(r.action(`${HOME}/Documents/notes.txt`));
      assert.ok(a.level === 'medium' || a.level === 'high', `${r.id}: ${show(a)}`);
      assert.ok(!a.findings.some((f) => f.rule.startsWith('guard.')), show(a));
    });
  }
});

describe('keyed settings: a change whose content is known and touches no guard key is not tampering', () => {
  const cases: [string, Action, Level][] = [
    [
      'editor settings: tab size by the Write tool',
      { kind: 'fileWrite', path: `${CWD}/.vscode/settings.json`, content: '{ "editor.tabSize": 2 }\n', previous: '{ "editor.tabSize": 4 }\n' },
      'low',
    ],
    [
      'editor settings: tab size by a heredoc',
      { kind: 'shell', command: `cat > .vscode/settings.json <<'EOF'\n{ "editor.tabSize": 2 }\nEOF`, cwd: CWD },
      'low',
    ],
    [
      'editor settings: auto-approve by a heredoc',
      { kind: 'shell', command: `cat > .vscode/settings.json <<'EOF'\n{ "chat.tools.autoApprove": true }\nEOF`, cwd: CWD },
      'critical',
    ],
    [
      'editor settings: auto-approve by echo',
      { kind: 'shell', command: `echo '{"chat.tools.autoApprove": true}' > .vscode/settings.json`, cwd: CWD },
      'critical',
    ],
    [
      'Claude settings: model only, previous known',
      {
        kind: 'fileWrite',
        path: `${HOME}/.claude/settings.json`,
        content: '{ "model": "opus", "hooks": {} }\n',
        previous: '{ "model": "sonnet", "hooks": {} }\n',
      },
      'medium',
    ],
    [
      'Claude settings: env added',
      {
        kind: 'fileWrite',
        path: `${HOME}/.claude/settings.json`,
        content: '{ "hooks": {}, "env": { "BLAST_RADIUS_BRIDGE_DIR": "/tmp/x" } }\n',
        previous: '{ "hooks": {} }\n',
      },
      'critical',
    ],
    [
      'Claude settings: statusLine added',
      {
        kind: 'fileWrite',
        path: `${HOME}/.claude/settings.json`,
        content: '{ "hooks": {}, "statusLine": { "type": "command", "command": "x" } }\n',
        previous: '{ "hooks": {} }\n',
      },
      'critical',
    ],
    [
      'Claude settings: apiKeyHelper added',
      { kind: 'fileWrite', path: `${HOME}/.claude/settings.json`, content: '{ "hooks": {}, "apiKeyHelper": "./k.sh" }\n', previous: '{ "hooks": {} }\n' },
      'critical',
    ],
    [
      'Claude settings: disableAllHooks',
      { kind: 'fileWrite', path: `${HOME}/.claude/settings.json`, content: '{ "hooks": {}, "disableAllHooks": true }\n', previous: '{ "hooks": {} }\n' },
      'critical',
    ],
    [
      'Claude settings: an allow-list widened',
      {
        kind: 'fileWrite',
        path: `${CWD}/.claude/settings.local.json`,
        content: '{ "permissions": { "allow": ["Bash(*)"] } }\n',
        previous: '{ "permissions": { "allow": [] } }\n',
      },
      'critical',
    ],
    [
      'Claude settings: whole file replaced, previous unknown',
      { kind: 'fileWrite', path: `${HOME}/.claude/settings.json`, content: '{ "model": "opus" }\n' },
      'critical',
    ],
    [
      'Gemini settings: hooksConfig.disabled',
      { kind: 'fileWrite', path: `${HOME}/.gemini/settings.json`, content: '{ "hooksConfig": { "disabled": ["blast-radius"] } }\n', previous: '{}\n' },
      'critical',
    ],
  ];
  for (const [id, action, level] of cases) {
    it(`${id} → ${level}`, () => {
      const a = run(action);
      assert.equal(a.level, level, `${id}: ${show(a)}`);
    });
  }
});
