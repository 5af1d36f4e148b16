// What a shell command hands to another tool that the shell analysis cannot see into, found where
// shell calls become Actions (src/cli/agents/tools.ts): `apply_patch <<'EOF'` heredocs (Codex
// applies them itself) become the patch's fileEdit; a bare interactive shell or REPL becomes a
// start_interactive_session toolCall (the engine scores it as running something). Table-driven.
import { strict as assert } from 'node:assert';
import { interactiveProgram, shellActions, shellPatches, toolToActions } from '../../../src/cli/agents/tools';

const PATCH = '*** Begin Patch\n*** Delete File: precious/data.txt\n*** End Patch';

describe('shell commands: patches and interactive sessions', () => {
  const patches: [string, string, number][] = [
    ['heredoc, quoted delimiter', `apply_patch <<'EOF'\n${PATCH}\nEOF\n`, 1],
    ['heredoc, double-quoted, after cd', `cd sub && apply_patch <<"PATCH"\n${PATCH}\nPATCH`, 1],
    ['heredoc, bare delimiter, no trailing newline', `apply_patch <<EOF\n${PATCH}\nEOF`, 1],
    ['argument', `apply_patch '${PATCH}'`, 1],
    ['two patches', `apply_patch <<'A'\n${PATCH}\nA\napply_patch <<'B'\n${PATCH}\nB\n`, 2],
    ['a heredoc to cat is not a patch', `cat <<'EOF'\n${PATCH}\nEOF\n`, 0],
    ['apply_patch without a patch body', `apply_patch <<'EOF'\nhello\nEOF\n`, 0],
    ['the word in a string', `echo "run apply_patch later"`, 0],
  ];
  for (const [name, command, n] of patches) {
    it(`patch: ${name} → ${n}`, () => {
      const found = shellPatches(command);
      assert.equal(found.length, n, JSON.stringify(found));
      const actions = shellActions(command, '/w');
      assert.equal(actions[0]!.kind, 'shell');
      assert.equal(actions.filter((a) => a.kind === 'fileEdit').length, n);
      if (n) assert.deepEqual(actions[1], { kind: 'fileEdit', path: 'precious/data.txt', diff: found[0] });
    });
  }

  const repls: [string, boolean, string | undefined][] = [
    ['bash', false, 'bash'],
    ['/bin/bash -l', false, 'bash'],
    ['exec zsh -i', false, 'zsh'],
    ['python3', false, 'python3'],
    ['python3 -i', false, 'python3'],
    ['node', false, 'node'],
    ['psql', false, 'psql'],
    ['python3 script.py', false, undefined],
    ['python3 script.py', true, 'python3'],
    ['bash -c "ls"', false, undefined],
    ['bash -c "ls"', true, undefined],
    ['python3 -m http.server', false, undefined],
    ['ls -la', true, undefined],
    ['echo hi | bash', false, undefined],
  ];
  for (const [command, tty, program] of repls) {
    it(`interactive: ${JSON.stringify(command)}${tty ? ' (tty)' : ''} → ${program ?? 'none'}`, () => {
      assert.equal(interactiveProgram(command, tty), program);
      const actions = shellActions(command, '/w', undefined, tty);
      const session = actions.find((a) => a.kind === 'toolCall');
      assert.equal(session ? (session as { input: { program: string } }).input.program : undefined, program);
    });
  }

  it('Codex exec_command with tty: true starting python3 is an interactive session', () => {
    const r = toolToActions('exec_command', { cmd: 'python3', tty: true }, '/w', 'codex');
    assert.equal(r.actions.length, 2);
    assert.equal(r.actions[1]!.kind, 'toolCall');
  });

  it('Cline run_commands: each command (array, JSON text, {command, args}) is a shell action', () => {
    assert.deepEqual(
      toolToActions('run_commands', { commands: ['ls', 'rm -rf x'] }, '/w', 'cline').actions.map((a) => (a as { command: string }).command),
      ['ls', 'rm -rf x'],
    );
    assert.deepEqual(
      toolToActions('run_commands', { commands: '["git status"]' }, '/w', 'cline').actions.map((a) => (a as { command: string }).command),
      ['git status'],
    );
    assert.deepEqual(
      toolToActions('run_commands', { commands: [{ command: 'rm', args: ['-rf', 'my dir'] }] }, '/w', 'cline').actions.map(
        (a) => (a as { command: string }).command,
      ),
      ["rm -rf 'my dir'"],
    );
  });
});
