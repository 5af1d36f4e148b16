// `npm run eval`: runs every labelled case of the corpora through assess() in-process and prints,
// per source, recall (label `block` assessed medium or above) and false alarms (label `allow`
// assessed above low), with reviewed disagreements (test/fixtures/eval/disagreements.jsonl)
// counted apart from unexplained misses; and, for the Terraform and CloudFormation indexes, a table
// of worst action → level. The unit test test/unit/shell/eval.test.ts calls runEval() too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assess, type Level } from '../src/engine';
import { corporaDir, fixtures, readJsonl } from '../test/helpers';

export const TARGET_RECALL = 0.97;
export const TARGET_FALSE_ALARMS = 0.03;

interface CommandCase {
  id: string;
  source: string;
  command: string;
  label: 'block' | 'allow';
  cwd?: string;
  cwd_expr?: string;
  env?: Record<string, string>;
  dubious?: string;
  note?: string;
}

export interface Disagreement {
  id: string;
  label: 'block' | 'allow';
  engine: Level;
  reason: string;
}

export interface CaseResult {
  id: string;
  command: string;
  label: 'block' | 'allow';
  level: Level;
  rules: string[];
  reviewed?: Disagreement;
}

export interface SourceStats {
  source: string;
  block: number;
  allow: number;
  caught: number;
  falseAlarms: number;
  reviewedMisses: number;
  reviewedFalseAlarms: number;
  /** caught / block */
  recall: number;
  /** caught / (block − reviewed misses): the figure the target applies to. */
  recallReviewed: number;
  falseAlarmRate: number;
  falseAlarmRateReviewed: number;
  unexplained: CaseResult[];
}

export interface PlanRow {
  worst: string;
  files: number;
  levels: Partial<Record<Level, number>>;
}

/** One labelled case of our own (test/fixtures/eval/families/<family>.jsonl), written from tools' documentation and public incident reports before the packs that answer them. */
export interface FamilyCase {
  id: string;
  family: string;
  kind: 'shell' | 'plan' | 'fileWrite' | 'fileEdit';
  command?: string;
  shell?: 'bash' | 'pwsh' | 'cmd';
  text?: string;
  path?: string;
  content?: string;
  oldText?: string;
  newText?: string;
  cwd?: string;
  label: 'block' | 'allow';
  /** The least level a block must reach (default medium). */
  min?: Level;
  why: string;
  source: string;
}

export interface FamilyStats {
  family: string;
  block: number;
  allow: number;
  /** Blocks assessed at or above their `min`. */
  caught: number;
  /** Blocks assessed medium or above (flagged, though maybe below `min`). */
  flagged: number;
  falseAlarms: number;
  misses: CaseResult[];
  alarms: CaseResult[];
}

const LEVEL_RANK: Level[] = ['low', 'medium', 'high', 'critical'];

/** Facts the families' cases assume: a project at cwd inside the home folder /home/dev. */
const FAMILY_HOME = '/home/dev';

export function familyAction(c: FamilyCase): Parameters<typeof assess>[0] {
  switch (c.kind) {
    case 'plan':
      return { kind: 'plan', text: c.text ?? '' };
    case 'fileWrite':
      return { kind: 'fileWrite', path: c.path ?? '', content: c.content ?? '' };
    case 'fileEdit':
      return { kind: 'fileEdit', path: c.path ?? '', edits: [{ oldText: c.oldText ?? '', newText: c.newText ?? '' }] };
    default:
      return { kind: 'shell', command: c.command ?? '', ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell && c.shell !== 'bash' ? { shell: c.shell } : {}) };
  }
}

export function runFamilies(dir = fixtures('eval', 'families')): FamilyStats[] {
  if (!existsSync(dir)) return [];
  const out: FamilyStats[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const cases = readJsonl<FamilyCase>(join(dir, file));
    const st: FamilyStats = { family: file.replace(/\.jsonl$/, ''), block: 0, allow: 0, caught: 0, flagged: 0, falseAlarms: 0, misses: [], alarms: [] };
    for (const c of cases) {
      const cwd = c.cwd ?? `${FAMILY_HOME}/work/app`;
      const a = assess(familyAction(c), { facts: { home: FAMILY_HOME, cwd, workspaceRoots: [cwd] } });
      const r: CaseResult = {
        id: c.id,
        command: c.command ?? c.text ?? `${c.kind} ${c.path}`,
        label: c.label,
        level: a.level,
        rules: a.findings.map((f) => f.rule),
      };
      if (c.label === 'block') {
        st.block++;
        if (a.level !== 'low') st.flagged++;
        if (LEVEL_RANK.indexOf(a.level) >= LEVEL_RANK.indexOf(c.min ?? 'medium')) st.caught++;
        else st.misses.push({ ...r, rules: [...r.rules, `(wanted ${c.min ?? 'medium'})`] });
      } else {
        st.allow++;
        if (a.level !== 'low') {
          st.falseAlarms++;
          st.alarms.push(r);
        }
      }
    }
    out.push(st);
  }
  return out;
}

export interface EvalResult {
  dir: string;
  vendored: boolean;
  sources: SourceStats[];
  /** Our own labelled cases, per tool family. */
  families: FamilyStats[];
  /** Held-out cases, written without reading or running the engine, never tuned on. */
  holdout: FamilyStats[];
  /** Reviewed disagreements whose case now agrees with its label (the entry can go). */
  stale: Disagreement[];
  terraform: PlanRow[];
  cloudformation: PlanRow[];
}

const sourceName = (s: string): string => s.split('@')[0] ?? s;

export function readDisagreements(): Map<string, Disagreement> {
  const file = fixtures('eval', 'disagreements.jsonl');
  const out = new Map<string, Disagreement>();
  if (!existsSync(file)) return out;
  for (const d of readJsonl<Disagreement>(file)) out.set(d.id, d);
  return out;
}

export function runEval(dir = corporaDir()): EvalResult {
  const cases = readJsonl<CommandCase>(join(dir, 'commands.jsonl'));
  const reviewed = readDisagreements();
  const bySource = new Map<string, SourceStats>();
  const stale: Disagreement[] = [];
  for (const c of cases) {
    const a = assess({ kind: 'shell', command: c.command, ...(c.cwd ? { cwd: c.cwd } : {}) });
    const name = sourceName(c.source);
    let st = bySource.get(name);
    if (!st) {
      st = {
        source: name,
        block: 0,
        allow: 0,
        caught: 0,
        falseAlarms: 0,
        reviewedMisses: 0,
        reviewedFalseAlarms: 0,
        recall: 0,
        recallReviewed: 0,
        falseAlarmRate: 0,
        falseAlarmRateReviewed: 0,
        unexplained: [],
      };
      bySource.set(name, st);
    }
    const flagged = a.level !== 'low';
    const r: CaseResult = { id: c.id, command: c.command, label: c.label, level: a.level, rules: a.findings.map((f) => f.rule) };
    const review = reviewed.get(c.id);
    const agrees = c.label === 'block' ? flagged : !flagged;
    if (agrees && review) stale.push(review);
    if (c.label === 'block') {
      st.block++;
      if (flagged) st.caught++;
      else if (review) st.reviewedMisses++;
      else st.unexplained.push(r);
    } else {
      st.allow++;
      if (!flagged) continue;
      st.falseAlarms++;
      if (review) st.reviewedFalseAlarms++;
      else st.unexplained.push(r);
    }
  }
  for (const st of bySource.values()) {
    st.recall = st.block ? st.caught / st.block : 1;
    st.recallReviewed = st.block - st.reviewedMisses ? st.caught / (st.block - st.reviewedMisses) : 1;
    st.falseAlarmRate = st.allow ? st.falseAlarms / st.allow : 0;
    st.falseAlarmRateReviewed = st.allow - st.reviewedFalseAlarms ? (st.falseAlarms - st.reviewedFalseAlarms) / (st.allow - st.reviewedFalseAlarms) : 0;
  }
  return {
    dir,
    vendored: dir.includes(join('test', 'fixtures')),
    sources: [...bySource.values()],
    families: runFamilies(),
    holdout: runFamilies(fixtures('eval', 'holdout')),
    stale,
    terraform: planTable(dir, 'terraform', (plan) => ({ kind: 'terraformPlan', plan })),
    cloudformation: planTable(dir, 'cloudformation', (changeSet) => ({ kind: 'cloudformationChangeSet', changeSet })),
  };
}

function planTable(dir: string, sub: string, action: (json: unknown) => Parameters<typeof assess>[0]): PlanRow[] {
  const index = join(dir, sub, 'index.jsonl');
  if (!existsSync(index)) return [];
  const rows = new Map<string, PlanRow>();
  for (const rec of readJsonl<{ file: string; worst_action: string }>(index)) {
    let level: Level;
    try {
      const json = JSON.parse(readFileSync(join(dir, rec.file), 'utf8')) as unknown;
      level = assess(action(json)).level;
    } catch {
      continue;
    }
    const row = rows.get(rec.worst_action) ?? { worst: rec.worst_action, files: 0, levels: {} };
    row.files++;
    row.levels[level] = (row.levels[level] ?? 0) + 1;
    rows.set(rec.worst_action, row);
  }
  return [...rows.values()].sort((a, b) => a.worst.localeCompare(b.worst));
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function familyTable(lines: string[], families: FamilyStats[]): void {
  lines.push('| family | block | recall | flagged | allow | false alarms |', '|---|---:|---:|---:|---:|---:|');
  const tot = { block: 0, caught: 0, flagged: 0, allow: 0, fa: 0 };
  for (const f of families) {
    lines.push(
      `| ${f.family} | ${f.block} | ${pct(f.block ? f.caught / f.block : 1)} | ${pct(f.block ? f.flagged / f.block : 1)} | ${f.allow} | ${pct(f.allow ? f.falseAlarms / f.allow : 0)} (${f.falseAlarms}) |`,
    );
    tot.block += f.block;
    tot.caught += f.caught;
    tot.flagged += f.flagged;
    tot.allow += f.allow;
    tot.fa += f.falseAlarms;
  }
  lines.push(
    `| **all** | ${tot.block} | ${pct(tot.caught / (tot.block || 1))} | ${pct(tot.flagged / (tot.block || 1))} | ${tot.allow} | ${pct(tot.fa / (tot.allow || 1))} (${tot.fa}) |`,
  );
  const misses = families.flatMap((f) => f.misses);
  const alarms = families.flatMap((f) => f.alarms);
  if (misses.length || alarms.length) lines.push('', `Misses ${misses.length}, false alarms ${alarms.length}:`, '');
  for (const u of [...alarms, ...misses].slice(0, 250))
    lines.push(
      `- ${u.label === 'block' ? 'MISS' : 'FALSE ALARM'} ${u.id}: \`${u.command.replace(/\n/g, '\\n').slice(0, 110)}\` → ${u.level} ${u.rules.join(',')}`,
    );
}

export function formatEval(r: EvalResult): string {
  const lines: string[] = [];
  lines.push(`# Blast Radius eval`, '', `Corpora: ${r.dir}${r.vendored ? ' (vendored copy)' : ''}`, '');
  lines.push('## Shell commands', '');
  lines.push(`Targets: recall ≥ ${pct(TARGET_RECALL)}, false alarms ≤ ${pct(TARGET_FALSE_ALARMS)} per source, with reviewed disagreements set apart.`, '');
  lines.push(
    '| source | block | caught | recall | recall (reviewed excluded) | allow | false alarms | rate | rate (reviewed excluded) | reviewed misses / false alarms | unexplained |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.sources) {
    const ok = s.recallReviewed >= TARGET_RECALL && s.falseAlarmRateReviewed <= TARGET_FALSE_ALARMS ? '' : ' ✗';
    lines.push(
      `| ${s.source}${ok} | ${s.block} | ${s.caught} | ${pct(s.recall)} | ${pct(s.recallReviewed)} | ${s.allow} | ${s.falseAlarms} | ${pct(s.falseAlarmRate)} | ${pct(s.falseAlarmRateReviewed)} | ${s.reviewedMisses} / ${s.reviewedFalseAlarms} | ${s.unexplained.length} |`,
    );
  }
  const unexplained = r.sources.flatMap((s) => s.unexplained);
  lines.push('', `Unexplained disagreements: ${unexplained.length}${unexplained.length > 30 ? ' (first 30)' : ''}`, '');
  for (const u of unexplained.slice(0, 30))
    lines.push(
      `- ${u.label === 'block' ? 'MISS' : 'FALSE ALARM'} ${u.id}: \`${u.command.replace(/\n/g, '\\n').slice(0, 120)}\` → ${u.level} ${u.rules.join(',')}`,
    );
  if (r.stale.length) {
    lines.push('', `Reviewed disagreements that now agree with the label (stale entries): ${r.stale.length}`);
    for (const d of r.stale.slice(0, 30)) lines.push(`- ${d.id}`);
  }
  if (r.families.length) {
    lines.push('', '## Our own labelled cases, per family', '');
    lines.push(
      "Written from tools' documentation and public incident reports (test/fixtures/eval/families/), independently of the engine, before the packs that answer them; the engine was improved after they were read, so they are a development set. Recall: blocks reaching their least level (`min`, default medium); flagged: blocks at medium or above; false alarms: allows above low.",
      '',
    );
    familyTable(lines, r.families);
  }
  if (r.holdout.length) {
    lines.push('', '## Held-out cases, per family', '');
    lines.push(
      'Written by someone who neither read nor ran the engine (test/fixtures/eval/holdout/), added after the work they measure and never tuned on: the figure to quote for cases the engine has not seen.',
      '',
    );
    familyTable(lines, r.holdout);
  }
  for (const [title, rows] of [
    ['Terraform plans', r.terraform],
    ['CloudFormation change sets', r.cloudformation],
  ] as const) {
    lines.push('', `## ${title}: worst action → level`, '', '| worst action | files | low | medium | high | critical |', '|---|---:|---:|---:|---:|---:|');
    for (const row of rows)
      lines.push(
        `| ${row.worst} | ${row.files} | ${row.levels.low ?? 0} | ${row.levels.medium ?? 0} | ${row.levels.high ?? 0} | ${row.levels.critical ?? 0} |`,
      );
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const result = runEval();
  process.stdout.write(formatEval(result));
  const failing = result.sources.filter((s) => s.recallReviewed < TARGET_RECALL || s.falseAlarmRateReviewed > TARGET_FALSE_ALARMS);
  process.exitCode = failing.length ? 1 : 0;
}
