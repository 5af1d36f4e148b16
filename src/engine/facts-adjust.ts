// Folds gathered Facts into an analysis: what a path really is, how much a delete removes,
// whether git can bring it back, and which live context the action lands in.
// (Filled in by the facts work; without facts the analysis stands as the analyzers wrote it.)
import type { Analysis } from './analysis';
import type { Action, Facts } from './schema';
import type { ResolvedPolicy } from './policy';

export function applyFacts(_action: Action, _analysis: Analysis, _facts: Facts, _policy: ResolvedPolicy): void {}
