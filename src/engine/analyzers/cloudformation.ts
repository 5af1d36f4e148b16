// STUB: replaced by the real analyzer.
import type { CloudFormationChangeSetAction } from '../schema';
import { type Analysis, type AnalyzerContext, emptyAnalysis } from '../analysis';

export function analyzeCloudFormation(action: CloudFormationChangeSetAction, _ctx: AnalyzerContext): Analysis {
  const a = emptyAnalysis();
  a.findings.push({ rule: 'engine.not-implemented', level: 'medium', message: 'Not analysed yet', evidence: action.kind, class: 'broad-change', reversibility: 'unknown' });
  return a;
}
