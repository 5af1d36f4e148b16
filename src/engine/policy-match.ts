// Applies the team policy's explicit parts to an analysis: protected paths and names raise what
// touches them; `rules` pick a requirement for matching actions.
import type { Analysis } from './analysis';
import { clip, maxLevel } from './analysis';
import type { Action, Finding, PolicyRule } from './schema';
import type { ResolvedPolicy } from './policy';
import { globMatch, pathGlobMatch } from './glob';

const CHANGING = new Set(['modify', 'replace', 'delete', 'overwrite', 'move', 'create']);

export function applyPolicyTargets(analysis: Analysis, policy: ResolvedPolicy): void {
  const seen = new Set<string>();
  // A tool that changes what a protected folder defines (`cd infra/prod && terraform destroy`):
  // the folder is the target even when no path is named.
  if (!analysis.readOnly && analysis.findings.some((f) => f.class && f.class !== 'read-only' && f.class !== 'targeted-patch')) {
    for (const c of analysis.contexts) {
      if (c.system !== 'terraform' || !c.dir || seen.has(`dir:${c.dir}`)) continue;
      const glob = policy.protectedPaths.find((g) => pathGlobMatch(g, c.dir!) || pathGlobMatch(g, `${c.dir}/main`));
      if (!glob) continue;
      seen.add(`dir:${c.dir}`);
      analysis.findings.push({
        rule: 'policy.protected-path',
        level: 'high',
        message: `Runs ${c.system} in a protected folder: ${c.dir}`,
        evidence: `${c.dir} matches the policy's protectedPaths ${glob}`,
        class: 'broad-change',
        targets: [{ kind: 'path', name: c.dir, op: 'modify' }],
      });
    }
  }
  for (const t of analysis.targets) {
    if (t.op && !CHANGING.has(t.op)) continue;
    const key = `${t.kind}:${t.name}`;
    if (seen.has(key)) continue;
    if (t.kind === 'path' && policy.protectedPaths.some((g) => pathGlobMatch(g, t.name))) {
      seen.add(key);
      analysis.findings.push({
        rule: 'policy.protected-path',
        level: 'high',
        message: `Changes a protected path: ${t.name}`,
        evidence: t.name,
        class: 'broad-change',
        targets: [t],
      });
    } else if (t.kind !== 'path' && policy.protectedNames.some((g) => globMatch(g, t.name))) {
      seen.add(key);
      analysis.findings.push({
        rule: 'policy.protected-name',
        level: 'high',
        message: `Changes a protected ${t.kind}: ${t.name}`,
        evidence: t.name,
        class: 'broad-change',
        targets: [t],
      });
    } else if (t.kind === 'branch' && (t.op === 'delete' || t.op === 'overwrite') && policy.protectedBranches.some((g) => globMatch(g, t.name))) {
      seen.add(key);
      const existing = analysis.findings.find((f) => f.targets?.some((x) => x.kind === 'branch' && x.name === t.name));
      analysis.findings.push({
        rule: 'policy.protected-branch',
        level: existing ? maxLevel('high', existing.level) : 'high',
        message: `Rewrites or deletes protected branch ${t.name}`,
        evidence: t.name,
        class: 'destructive',
        reversibility: 'irreversible',
        targets: [t],
      });
    }
  }
}

function textOf(action: Action): string {
  switch (action.kind) {
    case 'shell':
      return action.command;
    case 'sql':
      return action.statement;
    case 'plan':
      return action.text;
    case 'toolCall':
      return action.tool;
    default:
      return '';
  }
}

function pathsOf(action: Action): string[] {
  switch (action.kind) {
    case 'fileWrite':
    case 'fileEdit':
      return [action.path];
    case 'fileDelete':
      return action.paths;
    default:
      return [];
  }
}

/** The first matching rule, deny rules before all others. */
export function matchPolicyRules(action: Action, findings: Finding[], policy: ResolvedPolicy): PolicyRule | undefined {
  const matches = policy.rules.filter((r) => {
    const w = r.when;
    if (w.kind && w.kind !== action.kind) return false;
    if (w.rule && !findings.some((f) => globMatch(w.rule!, f.rule))) return false;
    if (w.tool && !(action.kind === 'toolCall' && globMatch(w.tool, action.tool))) return false;
    if (w.path && !pathsOf(action).some((p) => pathGlobMatch(w.path!, p))) return false;
    if (w.command) {
      // The schema refuses a pattern that does not compile, so a policy with one never loads;
      // should one reach here anyway it matches everything rather than switch its rule off.
      let re: RegExp;
      try {
        re = new RegExp(w.command);
      } catch {
        return true;
      }
      if (!re.test(clip(textOf(action), 100_000))) return false;
    }
    return true;
  });
  return matches.find((r) => r.then === 'deny') ?? matches[0];
}
