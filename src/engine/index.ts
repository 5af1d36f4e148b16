// The engine's public surface. Pure: no vscode, no file system, no network, no clock.
export * from './schema';
export { assess, assessUnknown, analyze, scoreAnalysis, MAX_DEPTH, type AssessOptions } from './assess';
export { type Analysis, type AnalyzerContext, type EnvHint, type ContextUse, emptyAnalysis, mergeAnalysis } from './analysis';
export { resolvePolicy, getDefaultPolicy, parsePolicyText, formatPolicyErrors, type ResolvedPolicy, type PolicyError, type PolicyResult } from './policy';
export { digestOf, canonicalJson, sha256Hex } from './digest';
export { detectEnvironment, environmentOfWord } from './environment';
export { detectKind } from './detect';
