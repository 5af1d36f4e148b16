// Rules the engine raises about its own limits (assess.ts): an action nested deeper than it
// follows, or an analyzer that failed on malformed input. Both fail closed (high): what could not
// be read is never taken as harmless.
import { type RuleDecl, rule } from './types';

export const ENGINE_RULES: readonly RuleDecl[] = [
  rule('engine.depth-limit', 'high', 'broad-change', 'Actions nested deeper than the engine follows (a command in a command in a command…)', 'Run the innermost command directly, without the layers of `bash -c`, `eval` or wrappers', [`${'eval '.repeat(20)}rm -rf build`], ['eval eval rm -rf build']),
  rule('engine.analyzer-error', 'high', 'broad-change', 'The analyzer failed on this action (malformed input), so it is treated as wide', 'Send the action in its documented shape (a file write with its content, a command as text)', [{ action: { kind: 'fileWrite', path: 'a.txt', content: null } }, { action: { kind: 'fileDelete', paths: null } }], [{ action: { kind: 'fileWrite', path: 'a.txt', content: 'hello\n' } }]),
];
