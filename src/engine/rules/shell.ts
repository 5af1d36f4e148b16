// Shell rules raised outside the tool packs: by the shell reader itself (a syntax error), the
// PowerShell reader (pwsh.ts), and the tool-call analyzer for a session the agent types into.
// The packs declare the rest of the shell.* rules next to the commands they read.
import { type RuleDecl, rule } from './types';

export const SHELL_RULES: readonly RuleDecl[] = [
  rule(
    'shell.parse-error',
    'medium',
    'broad-change',
    'The command has a shell syntax error: only what could be read was analysed',
    'Fix the quoting or the brackets so the whole command can be read',
    ['echo $(ls', 'rm -rf "build'],
    ['echo $(ls)', 'rm -rf "build"'],
  ),
  rule(
    'shell.pwsh-remove',
    'medium',
    'destructive',
    'A PowerShell Remove-* cmdlet removes something that is not a file (a user, a service, a registry value, a cloud resource)',
    'Run the matching Get-* cmdlet first, and add -WhatIf to see what it removes',
    [{ action: { kind: 'shell', command: 'Remove-LocalUser -Name deploy', shell: 'pwsh' } }],
    [
      { action: { kind: 'shell', command: 'Get-LocalUser -Name deploy', shell: 'pwsh' } },
      { action: { kind: 'shell', command: 'Remove-LocalUser -Name deploy -WhatIf', shell: 'pwsh' } },
    ],
  ),
  rule(
    'shell.interactive-session',
    'medium',
    'broad-change',
    'Starts an interactive shell or REPL the agent can type into afterwards, unseen by the guard',
    'Run each command as its own tool call so each one is judged',
    [{ action: { kind: 'toolCall', tool: 'start_interactive_session', input: { program: 'bash' } } }],
    [{ action: { kind: 'toolCall', tool: 'exec_command', input: { cmd: 'ls -la' } } }],
  ),
];
