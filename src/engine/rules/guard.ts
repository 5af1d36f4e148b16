// Guard tampering found by the effects judge (effects/judge.ts, effects/guard-assets.ts): any change
// to a file, folder or setting the hook or the editor reads or trusts is critical, by whatever
// route. One rule per kind of guard asset (`guard.<kind>`); the kinds `audit` and `install` are
// declared by the guard pack (analyzers/shell/packs/guard.ts), which also raises them for the
// `blast-radius` commands that change them. The agent cannot do any of these for itself: the
// alternative is always to ask the person.
import { type RuleDecl, rule } from './types';

const write = (path: string, content: string) => ({ action: { kind: 'fileWrite', path, content } });

export const GUARD_RULES: readonly RuleDecl[] = [
  rule(
    'guard.hook-settings',
    'critical',
    'broad-change',
    'Changes an agent’s hook or permission settings (the file that makes the agent call Blast Radius)',
    'Ask the person to change the agent’s settings themselves; `blast-radius doctor` shows what is installed',
    ['echo {} > ~/.claude/settings.json', 'rm .cursor/hooks.json'],
    ['cat ~/.claude/settings.json', 'blast-radius doctor'],
  ),
  rule(
    'guard.policy',
    'critical',
    'broad-change',
    'Changes the team policy or the review files in .blast-radius/',
    'Propose the policy change to the person; the team changes it in a reviewed commit',
    ['rm .blast-radius/policy.json', 'echo {} > .blast-radius/allowed_signers'],
    ['cat .blast-radius/policy.json', 'blast-radius policy check'],
  ),
  rule(
    'guard.editor-settings',
    'critical',
    'broad-change',
    'Changes editor settings in a way that cannot be read, or changes the blastRadius.* settings',
    'Ask the person to change their editor settings; an agent must not change what its guard reads',
    ['cp /tmp/settings.json .vscode/settings.json', write('.vscode/settings.json', '{"blastRadius.requires.high": "none"}')],
    ['cat .vscode/settings.json', write('.vscode/settings.json', '{"editor.fontSize": 14}')],
  ),
  rule(
    'guard.autoapprove',
    'critical',
    'broad-change',
    'Turns on an editor’s auto-approve (the agent would run tools without asking)',
    'Leave auto-approve to the person',
    [write('.vscode/settings.json', '{"chat.tools.autoApprove": true}')],
    [write('.vscode/settings.json', '{"editor.tabSize": 2}'), 'cat .vscode/settings.json'],
  ),
  rule(
    'guard.env',
    'critical',
    'broad-change',
    'Sets a variable the Blast Radius hook reads (where it logs, where it finds the editor) in a start-up file',
    'Ask the person; the guard’s own variables are theirs to set',
    ["echo 'export BLAST_RADIUS_AUDIT_LOG=/dev/null' >> ~/.bashrc"],
    ["echo 'export EDITOR=vim' >> ~/.bashrc", 'echo $BLAST_RADIUS_AUDIT_LOG'],
  ),
  rule(
    'guard.bridge',
    'critical',
    'broad-change',
    'Changes the bridge folder through which the hook finds and trusts the editor',
    'Leave it alone: the editor manages it',
    ['rm -rf ~/.blast-radius/run'],
    ['ls ~/.blast-radius/run'],
  ),
  rule(
    'guard.cache',
    'critical',
    'broad-change',
    'Changes a Blast Radius cache the hook loads',
    'Leave it alone: the hook rebuilds its cache itself',
    ['rm -rf ~/.cache/blast-radius'],
    ['ls ~/.cache/blast-radius', 'rm -rf ~/.cache/pip'],
  ),
  rule(
    'guard.signers',
    'critical',
    'broad-change',
    'Changes the git data the two-person rule reads the allowed signers from (the remote, its default branch)',
    'Ask the person to change the remote or the default branch',
    [write('.git/config', '[core]\n'), 'echo x > .git/packed-refs'],
    ['cat .git/config', 'git remote -v'],
  ),
  rule(
    'guard.transcript',
    'critical',
    'broad-change',
    'Changes an agent’s session transcript, where the guard reads what the person asked for',
    'Leave transcripts alone; a forged request would read "You asked for this"',
    ['rm ~/.claude/projects/-w-app/0b6c.jsonl'],
    ['ls ~/.claude/projects', 'rm ~/.claude/notes.jsonl'],
  ),
];
