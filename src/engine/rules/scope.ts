// The task-scope rule (task-scope.ts): the person's request, read from the agent's transcript,
// beside what the action does. An action much wider than what was asked goes one level up; the
// request never lowers a level.
import { type RuleDecl, rule } from './types';

export const SCOPE_RULES: readonly RuleDecl[] = [
  rule(
    'scope.mismatch',
    'critical',
    'destructive',
    'The action is much wider than what the person asked for (a teardown for a typo fix, production when they named staging)',
    'Do the narrow change the person asked for, or ask them whether they want the wider one',
    [{ command: 'terraform destroy', task: 'fix the typo in the README' }],
    [
      { command: 'terraform destroy', task: 'tear down the staging environment with terraform destroy' },
      { command: 'sed -i s/teh/the/ README.md', task: 'fix the typo in the README' },
    ],
  ),
];
