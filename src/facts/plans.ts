// The plan a command would execute: `terraform|tofu apply PLANFILE` and
// `aws cloudformation execute-change-set --change-set-name NAME`. A binary planfile cannot be read
// without running terraform (which we never do), so we look for its JSON next to it: PLANFILE itself
// when it is JSON, PLANFILE.json, or the same name with .json for its extension.
// Does not catch: plans in remote backends (Terraform Cloud runs), change sets only AWS holds.
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Facts } from '../engine';
import { DEFAULT_MAX_PLAN_BYTES } from './budget';
import { readSmall } from './contexts';

export type PlanEntry = NonNullable<Facts['plans']>[string];

export interface PlanLookup {
  arg: string;
  kind: PlanEntry['kind'];
  found?: { file: string; entry: PlanEntry };
  problem?: string;
}

function readJson(file: string, max: number): { json: unknown } | { error: string } | undefined {
  const text = readSmall(file, max + 1);
  if (text === undefined) return undefined;
  if (text.length > max) return { error: `${file} is larger than ${Math.round(max / 1048576)} MB` };
  const t = text.trimStart();
  if (!t.startsWith('{')) return { error: `${file} is not JSON` };
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { error: `${file} is not valid JSON` };
  }
}

function looksLikeTerraformPlan(j: unknown): boolean {
  return Boolean(j && typeof j === 'object' && ('resource_changes' in j || 'planned_values' in j || 'format_version' in j));
}

function looksLikeChangeSet(j: unknown): boolean {
  return Boolean(j && typeof j === 'object' && ('Changes' in j || 'ChangeSetName' in j || 'ChangeSetId' in j));
}

export function findTerraformPlan(arg: string, cwd: string, max = DEFAULT_MAX_PLAN_BYTES): PlanLookup {
  const file = resolve(cwd, arg);
  const ext = extname(file);
  const candidates = [file, `${file}.json`, ...(ext && ext !== '.json' ? [join(dirname(file), `${basename(file, ext)}.json`)] : [])];
  const problems: string[] = [];
  for (const c of candidates) {
    const r = readJson(c, max);
    if (!r) continue;
    if ('error' in r) {
      if (c !== file) problems.push(r.error);
      continue;
    }
    if (looksLikeTerraformPlan(r.json)) return { arg, kind: 'terraformPlan', found: { file: c, entry: { kind: 'terraformPlan', json: r.json } } };
    problems.push(`${c} is JSON but not a Terraform plan`);
  }
  const exists = readSmall(file, 1) !== undefined;
  return {
    arg,
    kind: 'terraformPlan',
    problem: exists
      ? `planfile ${arg} is binary and no JSON of it lies next to it (terraform show -json ${arg} > ${arg}.json would let it be assessed)${problems.length ? `; ${problems[0]}` : ''}`
      : `planfile ${arg} was not found`,
  };
}

export function findChangeSet(arg: string, cwd: string, max = DEFAULT_MAX_PLAN_BYTES): PlanLookup {
  // An ARN ends in changeSet/NAME/ID.
  const name = /:changeSet\/([^/]+)\//.exec(arg)?.[1] ?? arg;
  const candidates = [resolve(cwd, `${name}.json`), resolve(cwd, name), resolve(cwd, `changeset-${name}.json`), resolve(cwd, `${name}.changeset.json`)];
  for (const c of candidates) {
    const r = readJson(c, max);
    if (!r || 'error' in r) continue;
    if (looksLikeChangeSet(r.json))
      return { arg, kind: 'cloudformationChangeSet', found: { file: c, entry: { kind: 'cloudformationChangeSet', json: r.json } } };
  }
  return {
    arg,
    kind: 'cloudformationChangeSet',
    problem: `change set ${name} is held by AWS; no ${name}.json (describe-change-set output) lies in ${cwd}`,
  };
}

/** Planfile / change-set arguments in a command when the analyzer gave none. */
export function planArgsOf(command: string): { terraform: string[]; changeSets: string[] } {
  const terraform: string[] = [];
  const changeSets: string[] = [];
  for (const seg of command.split(/&&|\|\||[;|\n]/)) {
    const words = seg.trim().split(/\s+/).map(unquote);
    const tf = words.findIndex((w) => /(^|\/)(terraform|tofu)$/.test(w));
    if (tf >= 0) {
      const ap = words.indexOf('apply', tf + 1);
      if (ap > 0) {
        for (let i = ap + 1; i < words.length; i++) {
          const w = words[i]!;
          if (w.startsWith('-')) {
            if (/^-(var|var-file|target|replace|parallelism|lock-timeout|state|state-out|backup)$/.test(w)) i++;
            continue;
          }
          terraform.push(w);
          break;
        }
      }
    }
    if (words.includes('execute-change-set')) {
      const i = words.findIndex((w) => w === '--change-set-name' || w.startsWith('--change-set-name='));
      if (i >= 0) {
        const w = words[i]!;
        const v = w.includes('=') ? w.slice(w.indexOf('=') + 1) : words[i + 1];
        if (v) changeSets.push(v);
      }
    }
  }
  return { terraform, changeSets };
}

function unquote(w: string): string {
  return w.length >= 2 && (w[0] === '"' || w[0] === "'") && w.at(-1) === w[0] ? w.slice(1, -1) : w;
}
