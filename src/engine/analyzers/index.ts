// One analyzer per action kind, each loaded on first use: the hook assesses one or two actions per
// process, nearly always shell, and building the other analyzers' tables (plan patterns, secret
// patterns, SQL and tool-call vocabularies) is most of the engine's start-up cost. In a bundle,
// esbuild turns each require below into a lazily initialised module.
import type { Action, ActionKind } from '../schema';
import type { Analyzer } from '../analysis';

type Analyzers = { [K in ActionKind]: Analyzer<Extract<Action, { kind: K }>> };

export const ANALYZERS: Analyzers = {
  get shell() {
    return (require('./shell') as typeof import('./shell')).analyzeShell;
  },
  get fileWrite() {
    return (require('./file') as typeof import('./file')).analyzeFileWrite;
  },
  get fileEdit() {
    return (require('./file') as typeof import('./file')).analyzeFileEdit;
  },
  get fileDelete() {
    return (require('./file') as typeof import('./file')).analyzeFileDelete;
  },
  get plan() {
    return (require('./plan') as typeof import('./plan')).analyzePlan;
  },
  get terraformPlan() {
    return (require('./terraform') as typeof import('./terraform')).analyzeTerraformPlan;
  },
  get cloudformationChangeSet() {
    return (require('./cloudformation') as typeof import('./cloudformation')).analyzeCloudFormation;
  },
  get kubernetes() {
    return (require('./kubernetes') as typeof import('./kubernetes')).analyzeKubernetes;
  },
  get sql() {
    return (require('./sql') as typeof import('./sql')).analyzeSql;
  },
  get toolCall() {
    return (require('./tool-call') as typeof import('./tool-call')).analyzeToolCall;
  },
};
