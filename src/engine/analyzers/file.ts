// STUB: replaced by the real analyzer.
import type { FileWriteAction, FileEditAction, FileDeleteAction } from '../schema';
import { type Analysis, type AnalyzerContext, emptyAnalysis } from '../analysis';

function stub(kind: string): Analysis {
  const a = emptyAnalysis();
  a.findings.push({ rule: 'engine.not-implemented', level: 'medium', message: 'Not analysed yet', evidence: kind, class: 'broad-change', reversibility: 'unknown' });
  return a;
}
export const analyzeFileWrite = (a: FileWriteAction, _c: AnalyzerContext): Analysis => stub(a.kind);
export const analyzeFileEdit = (a: FileEditAction, _c: AnalyzerContext): Analysis => stub(a.kind);
export const analyzeFileDelete = (a: FileDeleteAction, _c: AnalyzerContext): Analysis => stub(a.kind);
