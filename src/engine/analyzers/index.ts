// One analyzer per action kind.
import type { Action, ActionKind } from '../schema';
import type { Analyzer } from '../analysis';
import { analyzeShell } from './shell';
import { analyzeFileWrite, analyzeFileEdit, analyzeFileDelete } from './file';
import { analyzePlan } from './plan';
import { analyzeTerraformPlan } from './terraform';
import { analyzeCloudFormation } from './cloudformation';
import { analyzeKubernetes } from './kubernetes';
import { analyzeSql } from './sql';
import { analyzeToolCall } from './tool-call';

export const ANALYZERS: { [K in ActionKind]: Analyzer<Extract<Action, { kind: K }>> } = {
  shell: analyzeShell,
  fileWrite: analyzeFileWrite,
  fileEdit: analyzeFileEdit,
  fileDelete: analyzeFileDelete,
  plan: analyzePlan,
  terraformPlan: analyzeTerraformPlan,
  cloudformationChangeSet: analyzeCloudFormation,
  kubernetes: analyzeKubernetes,
  sql: analyzeSql,
  toolCall: analyzeToolCall,
};
