// The reviewer sees the truth: level, summary and findings are recomputed from the action by the
// reviewer's own engine. The request file's assessment is only a claim (anyone who can write the
// file can write "low: edits 1 line in README.md"); when it differs, the reviewer is told.
// The requester's facts are a claim too: the action is assessed both without them and with them,
// and the stricter result is shown, so forged facts can raise the level but never lower it.
import { type Assessment, type ResolvedPolicy, TaskContext, assessUnknown } from '../engine';
import { type TaskInput, applyTaskScope, taskInputOf } from '../engine/task-scope';
import { LEVELS, REQUIREMENTS } from '../engine/vocab';
import type { ReviewRequest } from './request';

export type Reassessed =
  | {
      ok: true;
      assessment: Assessment;
      /** The request file's own assessment differs in level, summary or findings. */
      claimDiffers: boolean;
      /** One line to show the reviewer when it differs. */
      warning?: string;
    }
  | { ok: false; error: string };

export function reassessRequest(req: Pick<ReviewRequest, 'action' | 'facts' | 'assessment'>, policy?: ResolvedPolicy): Reassessed {
  const bare = assessUnknown(req.action, policy ? { policy } : {});
  if (!bare.ok) return { ok: false, error: `the action in this request is not a valid action (${bare.error})` };
  let chosen = bare.assessment;
  if (req.facts && typeof req.facts === 'object') {
    try {
      const withFacts = assessUnknown(req.action, { facts: req.facts, ...(policy ? { policy } : {}) });
      if (withFacts.ok && stricter(withFacts.assessment, chosen)) chosen = withFacts.assessment;
    } catch {
      /* unreadable facts: the bare assessment stands */
    }
  }
  const claim = req.assessment as Partial<Assessment> | undefined;
  // The request the requester's machine read (task-scope.ts) is a claim too: it can add the
  // scope.mismatch finding and raise a level, never lower anything, so it is applied to the truth.
  const task = claimedTask(claim?.task);
  if (task) chosen = applyTaskScope(chosen, task, { ...(policy ? { policy } : {}), action: req.action });
  const claimFindings = Array.isArray(claim?.findings)
    ? claim.findings
        .map((f) => f?.rule)
        .sort()
        .join(',')
    : '';
  const differs =
    claim?.level !== chosen.level ||
    claim?.summary !== chosen.summary ||
    claimFindings !==
      chosen.findings
        .map((f) => f.rule)
        .sort()
        .join(',');
  return {
    ok: true,
    assessment: chosen,
    claimDiffers: differs,
    ...(differs
      ? {
          warning: `the request file claims ${String(claim?.level ?? '?').toUpperCase()} ("${String(claim?.summary ?? '').slice(0, 120)}"); recomputed here from the action: ${chosen.level.toUpperCase()} ("${chosen.summary.slice(0, 120)}")`,
        }
      : {}),
  };
}

function stricter(a: Assessment, b: Assessment): boolean {
  const dl = LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
  if (dl !== 0) return dl > 0;
  const dr = REQUIREMENTS.indexOf(a.requires) - REQUIREMENTS.indexOf(b.requires);
  return dr !== 0 ? dr > 0 : a.score > b.score;
}

/** A request file's task, when it is well formed (anything else is ignored: it could only have added). */
function claimedTask(v: unknown): TaskInput | undefined {
  if (v === undefined) return undefined;
  const parsed = TaskContext.safeParse(v);
  return parsed.success ? taskInputOf(parsed.data) : undefined;
}
