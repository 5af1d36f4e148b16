// Rules the engine raises about its own limits (assess.ts): an action nested deeper than it
// follows, or an analyzer that failed on malformed input. Both fail closed (high): what could not
// be read is never taken as harmless. And the teardown floor: the raise is a finding of its own, so
// every report says why the level is above the findings.
import { type RuleDecl, rule } from './types';

export const ENGINE_RULES: readonly RuleDecl[] = [
  rule(
    'engine.depth-limit',
    'high',
    'broad-change',
    'Actions nested deeper than the engine follows (a command in a command in a command…)',
    'Run the innermost command directly, without the layers of `bash -c`, `eval` or wrappers',
    [`${'eval '.repeat(20)}rm -rf build`],
    ['eval eval rm -rf build'],
  ),
  rule(
    'engine.analyzer-error',
    'high',
    'broad-change',
    'The analyzer failed on this action (malformed input), so it is treated as wide',
    'Send the action in its documented shape (a file write with its content, a command as text)',
    [{ action: { kind: 'fileWrite', path: 'a.txt', content: null } }, { action: { kind: 'fileDelete', paths: null } }],
    [{ action: { kind: 'fileWrite', path: 'a.txt', content: 'hello\n' } }],
  ),
  rule(
    'engine.teardown',
    'critical',
    'environment-teardown',
    'An environment teardown (a stack, a namespace, a whole deployment) that cannot be undone or is in production is never below critical, whatever its own finding says',
    'Preview it first (`terraform plan -destroy`, a change set) and remove only the resources the task needs; a teardown itself waits for a second person',
    ['terraform destroy', 'pulumi destroy --yes', 'helm uninstall web'],
    ['terraform plan -destroy', 'helm list', 'terraform destroy -target=aws_instance.scratch --help'],
  ),
];
