// STUB: replaced by the real analyzer.
import type { PlanAction } from '../schema';
import { type Analysis, type AnalyzerContext, emptyAnalysis } from '../analysis';

export function analyzePlan(action: PlanAction, _ctx: AnalyzerContext): Analysis {
  const a = emptyAnalysis();
  a.findings.push({ rule: 'engine.not-implemented', level: 'medium', message: 'Not analysed yet', evidence: action.kind, class: 'broad-change', reversibility: 'unknown' });
  return a;
}
