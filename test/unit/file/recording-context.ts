// A real AnalyzerContext for calling one analyzer directly: nested actions go through the real
// engine (`analyze`) and are recorded, so a test can see what was handed to which analyzer.
import { analyze, getDefaultPolicy, type Action, type Analysis, type AnalyzerContext, type Facts } from '../../../src/engine';

export interface Recorded {
  ctx: AnalyzerContext;
  calls: { action: Action; via: string; result: Analysis }[];
}

export function recordingContext(facts: Facts = {}): Recorded {
  const calls: Recorded['calls'] = [];
  const policy = getDefaultPolicy();
  const ctx: AnalyzerContext = {
    facts,
    policy,
    depth: 0,
    nested(action, via) {
      const result = analyze(action, facts, policy, 1);
      calls.push({ action, via, result });
      return result;
    },
  };
  return { ctx, calls };
}
