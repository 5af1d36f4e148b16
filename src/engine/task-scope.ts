// Task scope: what the person asked for, next to what the agent is about to do. Two pure
// functions. classifyTask(text) reads a request — a question, a fix, a small change … a cleanup, a
// teardown — and the environments, objects and files it names (and those it says to keep away
// from). applyTaskScope(assessment, task, …) compares it with an assessment: an action much wider
// than the request (a teardown, a data delete, a force-push or a guard change while the person
// asked for a fix or a question; anything in prod while the request names staging or says "not
// prod") gets the finding `scope.mismatch` and one level more; an action the person explicitly
// asked for ("drop the staging database") is said so, and nothing is lowered.
//
// What it reads: English requests, clause by clause. A verb counts where a request puts it — at
// the start of a clause, after fillers ("please", "can you", "go ahead and") — so "the delete
// button doesn't work" is a bug report, not a delete; past tenses and nouns ("you deleted",
// "deletion fails") do not count; a clause under "don't", "never", "without" records what to keep
// away from instead. Verbs whose width depends on their object are read with it: "remove the
// unused import" is a small change, "remove the docs folder" a delete, "drop the database" a
// teardown; "rebuild the project" a build, "rebuild the environment" a teardown.
// What it does not catch: other languages and requests without a verb it knows (read as
// 'unclear': nothing is judged), a request spread over several messages, "do what you proposed"
// (a continuation: nothing is judged), sarcasm. A wrong reading can add a finding or a sentence;
// it never lowers a level or a requirement.
import type { ActionClass, Assessment, Finding, Level, Requirement, TaskContext } from './schema';
import { CLASSES, LEVELS, REQUIREMENTS, TASK_KINDS, type TASK_OBJECTS } from './vocab';
import { type ResolvedPolicy, getDefaultPolicy } from './policy';
import { matchPolicyRules } from './policy-match';
import type { Action } from './schema';

export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskObject = (typeof TASK_OBJECTS)[number];
export type TaskEnvironment = 'prod' | 'staging' | 'dev';

/** How much a kind of request may change: 0 reads … 4 tears an environment down; -1 unknown. */
export const TASK_WIDTH: Record<TaskKind, number> = {
  question: 0,
  fix: 1,
  change: 1,
  build: 1,
  feature: 2,
  refactor: 2,
  migration: 2,
  deploy: 2,
  cleanup: 3,
  delete: 3,
  rebuild: 4,
  teardown: 4,
  unclear: -1,
};

/** The longest excerpt of a request kept anywhere (panel, review request, audit line). */
export const TASK_EXCERPT_MAX = 100;
/** Only the start of a request is classified (a pasted log after it says nothing about scope). */
const CLASSIFY_MAX = 4000;

export interface TaskScope {
  kind: TaskKind;
  /** The words that decided the kind, as written ("fix", "drop the staging database"). */
  cue?: string;
  /** Where the cue starts in the text (for quoting around it). */
  cueAt?: number;
  environments: TaskEnvironment[];
  objects: TaskObject[];
  files: string[];
  /** What a "don't / never / without" clause names. */
  avoid: { environments: TaskEnvironment[]; objects: TaskObject[] };
  /** Only agrees or continues ("yes, go ahead"): its scope is not in its words. */
  continuation?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

type VerbRule = { kind: TaskKind | 'object' } & { by?: (o: ObjectSet, rest: string[]) => TaskKind };

interface ObjectSet {
  objects: Set<TaskObject>;
  /** Infrastructure or whole databases: environment, stack, cluster, namespace, database. */
  infra: boolean;
  data: boolean;
  files: boolean;
  code: boolean;
  vcs: boolean;
  /** Nothing recognised after the verb. */
  none: boolean;
  /** The first object named (the direct object, mostly). */
  first?: TaskObject;
}

const OBJECT_WORDS: Record<string, TaskObject> = {};
const addObjects = (o: TaskObject, words: string): void => words.split(' ').forEach((w) => (OBJECT_WORDS[w] = o));
addObjects('database', 'database databases db dbs schema schemas postgres mysql mongodb sqlite');
addObjects('table', 'table tables record records row rows data collection collections dataset datasets');
addObjects('stack', 'environment environments env envs stack stacks infra infrastructure terraform cloudformation');
addObjects('namespace', 'namespace namespaces');
addObjects('cluster', 'cluster clusters');
addObjects('bucket', 'bucket buckets s3');
addObjects('branch', 'branch branches history commits');
addObjects('repository', 'repo repos repository repositories');
addObjects('path', 'file files folder folders directory directories dir dirs path paths node_modules dist workspace');
addObjects(
  'resource',
  'container containers volume volumes image images instance instances server servers vm vms pod pods deployment deployments service services site sites website queue redis',
);
addObjects(
  'code',
  'import imports line lines function functions method methods class classes variable variables param params parameter parameters field fields property properties prop props comment comments warning warnings log console.log print prints button buttons code component components test tests type types style styles css dependency dependencies package packages endpoint endpoints page pages route routes typo typos function docs readme documentation',
);

/** Environment words that name one wherever they stand. */
const ENV_STRONG: Record<string, TaskEnvironment> = {
  prod: 'prod',
  production: 'prod',
  prd: 'prod',
  staging: 'staging',
  stg: 'staging',
  preprod: 'staging',
  'pre-prod': 'staging',
  uat: 'staging',
};
/** Words that name an environment only next to a noun or a preposition ("the dev database", "in dev"; not "dev dependency", "local variable", "stage the changes"). */
const ENV_WEAK: Record<string, TaskEnvironment> = {
  dev: 'dev',
  development: 'dev',
  local: 'dev',
  sandbox: 'dev',
  test: 'dev',
  testing: 'dev',
  live: 'prod',
  stage: 'staging',
};
const ENV_NOUN =
  /^(environment|environments|env|envs|database|databases|db|cluster|clusters|namespace|namespaces|stack|stacks|server|servers|instance|instances|data|bucket|buckets|site|deployment|infra|infrastructure|account|project)$/;
const ENV_PREP = /^(in|on|to|from|against|into)$/;

const DELETE_VERBS = new Set(['delete', 'remove', 'drop', 'rm', 'erase', 'wipe', 'purge', 'discard', 'truncate', 'unlink', 'del', 'trash']);
const byDelete = (o: ObjectSet): TaskKind =>
  o.objects.has('database') || o.objects.has('stack') || o.objects.has('cluster') || o.objects.has('namespace')
    ? 'teardown'
    : o.first === 'code' && !o.data && !o.vcs && !o.objects.has('resource')
      ? 'change' // "remove the unused imports in src/app.ts": the direct object is code
      : 'delete';
/** Words that make a cleanup a code cleanup (a refactor): "clean up the code", not "clean the test data". */
const CODE_PROPER = /^(code|codebase|imports?|comments?|warnings?|styles?|css|types?|functions?|methods?|classes|class|variables?|lint)$/;
const byClean = (o: ObjectSet, rest: string[]): TaskKind =>
  o.infra || o.data ? 'delete' : rest.some((w) => CODE_PROPER.test(w)) && !o.files ? 'refactor' : 'cleanup';
const byReset = (o: ObjectSet, rest: string[]): TaskKind =>
  o.infra || o.data || o.objects.has('resource') ? 'rebuild' : o.vcs || rest.includes('--hard') || rest.includes('hard') ? 'delete' : 'change';
const byRebuild = (o: ObjectSet): TaskKind => (o.infra || o.data || o.objects.has('resource') ? 'rebuild' : o.files && !o.code ? 'change' : 'build');
const byDestroy = (o: ObjectSet): TaskKind => ((o.files || o.code) && !o.infra && !o.data && !o.objects.has('resource') ? 'delete' : 'teardown');
const byRun = (_o: ObjectSet, rest: string[]): TaskKind => {
  const r = rest.join(' ');
  if (/\b(destroy|teardown|tear down)\b/.test(r)) return 'teardown';
  if (/\bmigrat/.test(r)) return 'migration';
  if (/\bdeploy/.test(r)) return 'deploy';
  return 'build';
};
const byBuild = (o: ObjectSet, rest: string[]): TaskKind =>
  rest[0] === 'a' || rest[0] === 'an' || rest[0] === 'new' ? 'feature' : o.infra ? 'deploy' : 'build';
const byApply = (o: ObjectSet, rest: string[]): TaskKind =>
  o.objects.has('stack') || rest.some((w) => /^(plan|manifests?|terraform|kubectl|k8s|helm|changeset)$/.test(w)) ? 'deploy' : 'change';
const byCreate = (o: ObjectSet, rest: string[]): TaskKind =>
  !o.infra && rest.some((w) => /^(files?|documents?|docs?|readme|notes?|tests?|branch|comments?|folder|directory|changelog)$/.test(w))
    ? 'change'
    : o.files && !o.code && !o.infra
      ? 'change'
      : 'feature';
const byWrite = (o: ObjectSet, rest: string[]): TaskKind =>
  o.code || rest.some((w) => /^(docs?|readme|notes?|comments?|tests?|changelog)$/.test(w)) ? 'change' : 'feature';
const byAdd = (_o: ObjectSet, rest: string[]): TaskKind =>
  rest.slice(0, 4).some((w) => /^(feature|features|support|endpoint|endpoints|page|pages|screen|screens|api|service|integration)$/.test(w))
    ? 'feature'
    : 'change';
const byPush = (_o: ObjectSet, rest: string[]): TaskKind => (rest.some((w) => /^(-f|--force|force|--force-with-lease)$/.test(w)) ? 'delete' : 'change');
const byShutDown = (o: ObjectSet): TaskKind => (o.infra ? 'teardown' : 'change');

const VERBS: Record<string, VerbRule> = {};
const verbs = (rule: VerbRule, words: string): void => words.split(' ').forEach((w) => (VERBS[w.replace(/_/g, ' ')] = rule));
verbs(
  { kind: 'question' },
  'why what how where when which who whose explain investigate analyze analyse look_into look_at check review verify tell show_me find_out understand count summarize summarise describe compare list diagnose figure_out inspect see confirm determine identify',
);
verbs({ kind: 'fix' }, 'fix repair resolve correct debug solve patch troubleshoot sort_out address');
verbs(
  { kind: 'change' },
  'change update edit rename modify tweak adjust set bump move revert undo restore recover recall return commit switch checkout merge insert append replace make use enable disable suppress hide comment uncomment document format install uninstall pin stash save import export pull fetch sync rebase cherry-pick tag',
);
verbs({ kind: 'object', by: byAdd }, 'add');
verbs({ kind: 'object', by: byWrite }, 'write');
verbs({ kind: 'object', by: byCreate }, 'create');
verbs({ kind: 'object', by: byBuild }, 'build compile');
verbs({ kind: 'build' }, 'test lint start restart launch serve execute reload');
verbs({ kind: 'object', by: byRun }, 'run');
verbs({ kind: 'feature' }, 'implement scaffold generate develop design set_up setup integrate introduce prototype');
verbs(
  { kind: 'refactor' },
  'refactor restructure reorganize reorganise organize organise rewrite simplify split extract consolidate modernize modernise dedupe deduplicate rearrange',
);
verbs({ kind: 'migration' }, 'migrate port upgrade convert transition');
verbs({ kind: 'deploy' }, 'deploy release publish ship roll_out rollout provision promote redeploy');
verbs({ kind: 'object', by: byApply }, 'apply');
verbs({ kind: 'object', by: byClean }, 'clean clean_up cleanup tidy tidy_up clear prune');
verbs({ kind: 'object', by: byDelete }, [...DELETE_VERBS].join(' ') + ' get_rid_of throw_away');
verbs({ kind: 'object', by: byReset }, 'reset');
verbs(
  { kind: 'object', by: byRebuild },
  'rebuild recreate re-create re-build reinstall reprovision reinitialize reinitialise reinit reseed regenerate start_over start_from_scratch',
);
verbs({ kind: 'object', by: byDestroy }, 'destroy tear_down teardown decommission nuke take_down');
verbs({ kind: 'object', by: byShutDown }, 'shut_down shutdown stop kill');
verbs({ kind: 'object', by: byPush }, 'push');
verbs({ kind: 'delete' }, 'force-push force_push');
/** "finish the refactor", "do the migration": the work is named by a noun. */
const WORK_NOUNS: Record<string, TaskKind> = {
  refactor: 'refactor',
  refactoring: 'refactor',
  restructuring: 'refactor',
  rewrite: 'refactor',
  migration: 'migration',
  migrations: 'migration',
  upgrade: 'migration',
  port: 'migration',
  fix: 'fix',
  fixes: 'fix',
  bugfix: 'fix',
  debugging: 'fix',
  deployment: 'deploy',
  deploy: 'deploy',
  release: 'deploy',
  rollout: 'deploy',
  cleanup: 'cleanup',
  'clean-up': 'cleanup',
  teardown: 'teardown',
  'tear-down': 'teardown',
  decommissioning: 'teardown',
  rebuild: 'rebuild',
  reset: 'rebuild',
  tests: 'build',
  build: 'build',
  review: 'question',
  analysis: 'question',
  investigation: 'question',
  feature: 'feature',
  implementation: 'feature',
};
const byWork = (_o: ObjectSet, rest: string[]): TaskKind => {
  for (const w of rest.slice(0, 5)) if (WORK_NOUNS[w]) return WORK_NOUNS[w];
  return 'unclear';
};
verbs({ kind: 'object', by: byWork }, 'finish complete continue do perform resume redo carry_out wrap_up');

/** Words before the verb that make a clause a request ("can you", "please", "go ahead and"). */
const FILLERS = new Set(
  'ok okay so hey hi hello please pls plz kindly just now also then first finally next and but yes yeah sure alright right well again quickly simply maybe actually really instead additionally lastly oh hmm great thanks'.split(
    ' ',
  ),
);
const NEGATIONS = new Set(['dont', "don't", 'never', 'not', 'without', 'avoid', 'no', "shouldn't", "mustn't", "won't"]);
/** Question auxiliaries ('do' only before a pronoun: "do you…", not "do the migration"). */
const QUESTION_AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'does',
  'did',
  'should',
  'shall',
  'has',
  'have',
  'had',
  'am',
  "isn't",
  "aren't",
  "doesn't",
  "didn't",
]);
const PRONOUN = /^(you|u|i|we|they)$/;
const PROBLEM =
  /\b(you (?:deleted|removed|broke|lost|wiped|overwrote|reverted|destroyed|messed up)|bugs?|errors?|broken|breaks|fails?|failing|failed|failure|crash(es|ing)?|exceptions?|wrong|incorrect|issues?|problems?|regressions?|typos?|screwed up|doesn'?t work|does not work|not working|isn'?t working|won'?t work|can'?t|cannot|unable to|stuck|hangs?|slow)\b/;
/** A reply made only of these words agrees or continues ("ok go ahead", "yes please, do it"). */
const CONTINUATION_WORDS = new Set(
  "yes yeah yep yup y ok okay k sure go ahead for it do that so proceed continue please sounds good lgtm approved approve confirm confirmed fine that's right correct agreed great perfect thanks thank you carry on keep going as suggested proposed then and alright cool nice exactly".split(
    ' ',
  ),
);
/** Wrapper tags agents put around non-requests; a request that is one of these is not a request. */
const PATHLIKE = /^(?:[\w@~.-]+\/)+[\w@.-]*$|^[\w@-][\w@.-]*\.[a-z][a-z0-9]{0,5}$/i;

// ---------------------------------------------------------------------------------------------
// classifyTask

interface Clause {
  text: string;
  at: number;
  words: string[];
  raw: string[];
}

function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  // Clause ends: sentence marks followed by space or end, line breaks, ": ", commas, and the
  // joiners "and", "then", "but", "so" (so "delete and recreate" is two verbs).
  const re = /[.!?;]+(?=\s|$)|\n+|:\s|,\s*|\s+(?:and then|and also|then|and|but|so that|so|or)\s+/gi;
  let last = 0;
  const push = (end: number): void => {
    const piece = text.slice(last, end);
    const lead = piece.length - piece.trimStart().length;
    const t = piece.trim();
    if (t) {
      // Words: letters (any script), digits and the marks paths and names use. No /u property
      // classes: they cost more to compile than the whole classification on a cold hook.
      const raw = t.match(/[A-Za-z0-9_@~./'\u2019\u00C0-\u024F\u0370-\uFFFF-]+/g) ?? [];
      out.push({
        text: t,
        at: last + lead,
        raw,
        words: raw.map((w) =>
          w
            .toLowerCase()
            .replace(/\u2019/g, "'")
            .replace(/^[.'-]+|[.'-]+$/g, ''),
        ),
      });
    }
  };
  for (const m of text.matchAll(re)) {
    push(m.index);
    last = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

/** A path or a file name as written ("src/lib/storage.ts", "cost_report.py"), not "e.g." or "console.log". */
function isFileWord(w: string, raw: string): boolean {
  return !!w && PATHLIKE.test(raw) && /[a-z]/i.test(w) && !/^(e\.g|i\.e|etc|vs|a\.m|p\.m)\.?$/i.test(w) && OBJECT_WORDS[w] !== 'code' && !/^https?:/i.test(raw);
}

function objectsIn(words: string[], raw: string[]): ObjectSet {
  const objects = new Set<TaskObject>();
  let files = false;
  let first: TaskObject | undefined;
  words.forEach((w, i) => {
    if (!w) return;
    const o = OBJECT_WORDS[w] ?? OBJECT_WORDS[w.replace(/s$/, '')];
    if (o) objects.add(o);
    if (isFileWord(w, raw[i] ?? w)) {
      objects.add('path');
      files = true;
    }
    first ??= o ?? (files ? 'path' : undefined);
  });
  const has = (...o: TaskObject[]) => o.some((x) => objects.has(x));
  return {
    objects,
    infra: has('stack', 'cluster', 'namespace', 'database'),
    data: has('table', 'bucket', 'database'),
    files: files || objects.has('path'),
    code: objects.has('code'),
    vcs: has('branch', 'repository'),
    none: objects.size === 0,
    ...(first ? { first } : {}),
  };
}

function environmentsIn(words: string[]): TaskEnvironment[] {
  const out = new Set<TaskEnvironment>();
  words.forEach((w, i) => {
    const strong = ENV_STRONG[w];
    const weak = ENV_WEAK[w];
    if (strong) out.add(strong);
    else if (weak) {
      if (ENV_NOUN.test(words[i + 1] ?? '') || (ENV_PREP.test(words[i - 1] ?? '') && !/^(the|a|an)$/.test(words[i + 1] ?? 'x'))) out.add(weak);
    } else {
      // "payments-staging", "prod-db", "cost-reports-prod": an environment word as a name part.
      for (const part of w.split(/[-_.]/)) if (part !== w && ENV_STRONG[part]) out.add(ENV_STRONG[part]);
    }
  });
  return [...out];
}

/** The verb at the head of a clause (after fillers), as one or two words. */
function headVerb(
  c: Clause,
): { verb: string; rule: VerbRule; index: number; negated: boolean } | { question: true; index: number } | { negatedOnly: true } | undefined {
  const w = c.words;
  let i = 0;
  let negated = false;
  for (let guard = 0; guard < 12 && i < w.length; guard++) {
    const a = w[i]!;
    const b = w[i + 1] ?? '';
    if (FILLERS.has(a)) i++;
    else if ((a === 'can' || a === 'could' || a === 'would' || a === 'will') && (b === 'you' || b === 'u')) i += b ? 2 : 1;
    else if ((a === 'i' || a === 'we') && /^(want|need|would|'d|wanted|like)$/.test(b)) {
      // "I want you to", "we need to", "I'd like you to"
      i += 2;
      while (w[i] === 'like' || w[i] === 'you' || w[i] === 'u' || w[i] === 'to') i++;
    } else if (a === "i'd" || a === "we'd") {
      i++;
      while (w[i] === 'like' || w[i] === 'you' || w[i] === 'to') i++;
    } else if (a === "let's" || a === 'lets' || (a === 'let' && b === 'us')) i += a === 'let' ? 2 : 1;
    else if (a === 'go' && b === 'ahead') i += w[i + 2] === 'and' ? 3 : 2;
    else if (
      (a === 'help' && (b === 'me' || b === 'us')) ||
      (a === 'try' && b === 'to') ||
      (a === 'make' && b === 'sure') ||
      (a === 'you' && /^(should|must|need|can|could)$/.test(b))
    ) {
      i += 2;
      if (w[i] === 'to') i++;
    } else if (a === 'do' && (b === 'not' || b === "n't")) {
      negated = true;
      i += 2;
    } else if (a === 'stop' && /ing$/.test(b)) {
      // "stop deleting my files" (but "stop the server" is a verb)
      negated = true;
      i++;
    } else if (NEGATIONS.has(a)) {
      negated = true;
      i++;
      if (w[i] === 'to' || w[i] === 'need') i++;
      if (w[i] === 'to') i++;
    } else break;
  }
  const a = w[i];
  if (!a) return negated ? { negatedOnly: true } : undefined;
  const b = w[i + 1] ?? '';
  const c3 = w[i + 2] ?? '';
  if (!negated && (QUESTION_AUX.has(a) || (a === 'do' && PRONOUN.test(b)) || ((a === 'can' || a === 'could') && (b === 'i' || b === 'we'))))
    return { question: true, index: i };
  for (const cand of [`${a} ${b} ${c3}`, `${a} ${b}`, a]) {
    const rule = VERBS[cand];
    if (rule) return { verb: cand, rule, index: i, negated };
  }
  // "do not touch prod", "never the database": what to keep away from, without a verb we know.
  return negated ? { negatedOnly: true } : undefined;
}

/** Reads a request. Pure; never throws. */
export function classifyTask(input: string): TaskScope {
  const text = (typeof input === 'string' ? input : '').slice(0, CLASSIFY_MAX);
  const scope: TaskScope = { kind: 'unclear', environments: [], objects: [], files: [], avoid: { environments: [], objects: [] } };
  const clauses = clausesOf(text);
  if (!clauses.length) return scope;
  const objects = new Set<TaskObject>();
  const envs = new Set<TaskEnvironment>();
  const avoidObjects = new Set<TaskObject>();
  const avoidEnvs = new Set<TaskEnvironment>();
  const files: string[] = [];
  let best: { kind: TaskKind; cue: string; at: number } | undefined;
  let question: { cue: string; at: number } | undefined;
  let problem: { cue: string; at: number } | undefined;
  let onlyContinuation = true;

  for (const [ci, c] of clauses.entries()) {
    const plain = c.words.filter(Boolean).join(' ');
    if (!c.words.every((w) => !w || CONTINUATION_WORDS.has(w))) onlyContinuation = false;
    const head = headVerb(c);
    const negated = !!head && (('rule' in head && head.negated) || 'negatedOnly' in head);
    // A "don't" clause names what to keep away from; its problem words are not a bug report.
    const objs = objectsIn(c.words, c.raw);
    const clauseEnvs = environmentsIn(c.words);
    if (negated) {
      // Only what a teardown or a delete reaches: "don't touch any other file" is too wide to judge by.
      objs.objects.forEach((o) => o !== 'code' && o !== 'path' && avoidObjects.add(o));
      clauseEnvs.forEach((e) => avoidEnvs.add(e));
      continue;
    }
    objs.objects.forEach((o) => objects.add(o));
    clauseEnvs.forEach((e) => envs.add(e));
    c.raw.forEach((r, i) => {
      const w = c.words[i]!;
      if (isFileWord(w, r) && files.length < 5 && !files.includes(r)) files.push(r.replace(/[.,]+$/, ''));
    });
    const pm = PROBLEM.exec(plain);
    if (pm && !problem) problem = { cue: pm[0], at: c.at };
    if (!head || 'negatedOnly' in head) {
      if (/\?\s*$/.test(c.text) && !question) question = { cue: c.words[0] ?? '?', at: c.at };
      continue;
    }
    if ('question' in head) {
      if (!question) question = { cue: c.words[head.index]!, at: c.at };
      continue;
    }
    let rest = c.words.slice(head.index + head.verb.split(' ').length);
    let restRaw = c.raw.slice(head.index + head.verb.split(' ').length);
    // "delete and recreate the environment", "drop and recreate the database": the verbs share an object.
    const next = clauses[ci + 1];
    if (!rest.filter(Boolean).length && next) {
      const nh = headVerb(next);
      if (nh && 'rule' in nh && !nh.negated) {
        rest = next.words.slice(nh.index + nh.verb.split(' ').length);
        restRaw = next.raw.slice(nh.index + nh.verb.split(' ').length);
      }
    }
    const restObjs = objectsIn(rest, restRaw);
    const kind: TaskKind = head.rule.kind === 'object' ? head.rule.by!(restObjs, rest) : head.rule.kind;
    if (kind === 'unclear') continue;
    if (kind === 'question') {
      if (!question) question = { cue: head.verb, at: c.at };
      continue;
    }
    const cue = rest.length
      ? `${head.verb} ${c.raw.slice(head.index + head.verb.split(' ').length, head.index + head.verb.split(' ').length + 4).join(' ')}`
      : head.verb;
    if (!best || TASK_WIDTH[kind] > TASK_WIDTH[best.kind]) best = { kind, cue: cue.trim(), at: c.at };
  }

  scope.environments = [...envs];
  scope.objects = [...objects];
  scope.files = files;
  scope.avoid = { environments: [...avoidEnvs], objects: [...avoidObjects] };
  if (best) {
    scope.kind = best.kind === 'change' && problem ? 'fix' : best.kind;
    scope.cue = best.cue;
    scope.cueAt = best.at;
  } else if (question) {
    scope.kind = 'question';
    scope.cue = question.cue;
    scope.cueAt = question.at;
  } else if (problem) {
    scope.kind = 'fix';
    scope.cue = problem.cue;
    scope.cueAt = problem.at;
  } else if (onlyContinuation) scope.continuation = true;
  return scope;
}

// ---------------------------------------------------------------------------------------------
// Excerpts

/** The request's first words, at most `max` characters, cut at a word. */
export function taskExcerpt(text: string, max = TASK_EXCERPT_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > max / 2 ? cut.slice(0, sp) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** A short quote of the request around what decided it ("…fix the rounding bug…"). */
export function taskQuote(text: string, at = 0, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  // The position was counted on the original text; after collapsing spaces it can only move left.
  let start = Math.max(0, Math.min(at, t.length - max));
  if (start > 0) {
    const sp = t.indexOf(' ', start);
    start = sp >= 0 && sp - start < 12 ? sp + 1 : start;
  }
  let end = Math.min(t.length, start + max);
  if (end < t.length) {
    const sp = t.lastIndexOf(' ', end);
    if (sp > start + max / 2) end = sp;
  }
  return `${start > 0 ? '…' : ''}${t.slice(start, end).replace(/[\s,;:.-]+$/, '')}${end < t.length ? '…' : ''}`;
}

// ---------------------------------------------------------------------------------------------
// applyTaskScope

export interface TaskInput extends TaskScope {
  /** The request's text (only an excerpt and a quote of it are kept). */
  text: string;
  /** The request before it, when this one is a continuation. */
  previous?: string;
  /** Where it was read, for the person ("Claude Code transcript"). */
  from?: string;
}

export interface ApplyOptions {
  policy?: ResolvedPolicy;
  /** The action the assessment is of: its policy rules decide the requirement as assess() does. */
  action?: Action;
}

const levelIdx = (l: Level): number => LEVELS.indexOf(l);
const classIdx = (c: ActionClass): number => CLASSES.indexOf(c);
const reqIdx = (r: Requirement): number => REQUIREMENTS.indexOf(r);
const BAND_FLOOR: Record<Level, number> = { low: 0, medium: 25, high: 50, critical: 80 };

/** How wide an action is, on the task widths' scale; a guard change is wider than any request. */
function actionWidth(a: Assessment): number {
  if (a.findings.some((f) => f.rule.startsWith('guard.'))) return 5;
  return classIdx(a.class);
}

/** The target kinds an action reaches (scope and findings). */
function actionObjects(a: Assessment): Set<string> {
  const out = new Set<string>();
  for (const t of a.scope.targets) out.add(t.kind);
  for (const f of a.findings) for (const t of f.targets ?? []) out.add(t.kind);
  return out;
}

function actionNames(a: Assessment): string[] {
  const out: string[] = [];
  for (const t of a.scope.targets) out.push(t.name);
  for (const f of a.findings) for (const t of f.targets ?? []) out.push(t.name);
  return out;
}

/** Does the request name what the action reaches? database covers table; stack covers the rest. */
function overlaps(task: TaskScope, a: Assessment): boolean {
  const reached = actionObjects(a);
  for (const o of task.objects) {
    if (reached.has(o)) return true;
    if (o === 'database' && reached.has('table')) return true;
    if (o === 'stack' && (reached.has('resource') || reached.has('workspace') || a.class === 'environment-teardown')) return true;
    if (o === 'resource' && (reached.has('bucket') || reached.has('stack'))) return true;
  }
  if (task.files.length) {
    const names = actionNames(a);
    for (const f of task.files) {
      const base = f.replace(/\/+$/, '').split('/').pop()!;
      if (base && names.some((n) => n === f || n.endsWith(`/${base}`) || n === base || n.endsWith(`/${f}`))) return true;
    }
  }
  return false;
}

/** What the action does, as a predicate: "deletes and recreates the environment in prod". */
export function actionPhrase(a: Assessment): string {
  const env = a.environment.name !== 'unknown' ? a.environment.name : undefined;
  const inEnv = (s: string): string => (env && !s.toLowerCase().includes(env) ? `${s} in ${env}` : s);
  const guard = a.findings.find((f) => f.rule.startsWith('guard.'));
  if (guard) return 'changes the guard’s own settings (guard tampering)';
  const force = a.findings.find((f) => f.rule === 'shell.git-push-force');
  if (force) {
    const b = force.targets?.find((t) => t.kind === 'branch')?.name;
    return `force-pushes${b ? ` ${b}` : ''}, rewriting its history`;
  }
  const text = `${a.summary} ${a.findings.map((f) => `${f.message} ${f.evidence}`).join(' ')}`;
  if (a.class === 'environment-teardown') {
    if (/recreat|re-creat|destroy[\s\S]{0,200}apply|delete and re/i.test(text)) return inEnv('deletes and recreates the environment');
    const db = a.scope.targets.find((t) => t.kind === 'database');
    if (db) return inEnv(`drops the database ${db.name}`);
    const ns = a.scope.targets.find((t) => t.kind === 'namespace');
    if (ns) return inEnv(`deletes the namespace ${ns.name}`);
    return inEnv('tears down the environment');
  }
  // Summaries start with what the action does ("Deletes precious recursively, …"): said as is.
  const first = a.summary
    .split(/;\s/)[0]!
    .replace(/\s*\(\+\d+ more findings?\)$/, '')
    .replace(/\.$/, '');
  if (/^[A-Z][a-z-]+s\b/.test(first)) return inEnv(first.charAt(0).toLowerCase() + first.slice(1));
  return inEnv(a.class === 'destructive' ? 'deletes or overwrites data' : 'changes more than was asked');
}

const AVOID_WORDS: Record<TaskObject, string> = {
  database: 'the database',
  table: 'the data',
  stack: 'the environment',
  namespace: 'the namespace',
  cluster: 'the cluster',
  bucket: 'the bucket',
  branch: 'the branch',
  repository: 'the repository',
  path: 'those files',
  resource: 'those resources',
  code: 'that code',
};

const KIND_WORDS: Record<TaskKind, string> = {
  question: 'a question',
  fix: 'a fix',
  change: 'a small change',
  build: 'a build or test run',
  feature: 'a new feature',
  refactor: 'a refactor',
  migration: 'a migration',
  deploy: 'a deployment',
  cleanup: 'a cleanup',
  delete: 'a delete',
  rebuild: 'a rebuild',
  teardown: 'a teardown',
  unclear: 'something not read',
};
export const taskKindWords = (k: TaskKind): string => KIND_WORDS[k];

/**
 * Puts the request next to an assessment. Returns a new assessment with `task` set and, when the
 * action is much wider than the request, the finding `scope.mismatch` and one level more (the
 * requirement follows the raised level by the policy, as assess() decides it: a team rule still
 * applies except that it never waves a critical action through). Never lowers level, score or
 * requirement. A low assessment is returned with `task` only (callers should not read the
 * transcript for one at all).
 */
export function applyTaskScope(a: Assessment, task: TaskInput, opts: ApplyOptions = {}): Assessment {
  const policy = opts.policy ?? getDefaultPolicy();
  const quote = taskQuote(task.text, task.cueAt ?? 0);
  const width = actionWidth(a);
  const tw = TASK_WIDTH[task.kind];
  const env = a.environment.name;
  const base: TaskContext = {
    asked: taskExcerpt(task.text),
    kind: task.kind,
    agreement: 'unclear',
    ...(task.previous ? { previous: taskExcerpt(task.previous) } : {}),
    ...(task.environments.length ? { environments: task.environments.slice(0, 3) } : {}),
    ...(task.objects.length ? { objects: task.objects } : {}),
    ...(task.files.length ? { files: task.files.slice(0, 5).map((f) => f.slice(0, 200)) } : {}),
    ...(task.avoid.environments.length || task.avoid.objects.length
      ? {
          avoid: {
            ...(task.avoid.environments.length ? { environments: task.avoid.environments.slice(0, 3) } : {}),
            ...(task.avoid.objects.length ? { objects: task.avoid.objects } : {}),
          },
        }
      : {}),
    ...(task.continuation ? { continuation: true } : {}),
    ...(task.from ? { from: task.from.slice(0, 60) } : {}),
  };
  const avoidEnv = env !== 'unknown' && task.avoid.environments.includes(env);
  const avoidObj = task.avoid.objects.some((o) => actionObjects(a).has(o) || (o === 'database' && actionObjects(a).has('table')));
  const named = task.environments.filter((e) => e !== 'prod');
  const envMismatch = env === 'prod' && !task.environments.includes('prod') && named.length > 0 && classIdx(a.class) >= classIdx('broad-change');

  let reason: string | undefined;
  if (a.level !== 'low' && (avoidEnv || avoidObj) && classIdx(a.class) >= classIdx('broad-change')) {
    const touched = task.avoid.objects.filter((o) => actionObjects(a).has(o) || (o === 'database' && actionObjects(a).has('table')));
    reason = `You said not to touch ${avoidEnv ? env : touched.map((o) => AVOID_WORDS[o]).join(' or ')}: '${quote}' — this ${actionPhrase(a)}`;
  } else if (a.level !== 'low' && envMismatch) {
    reason = `You asked about ${named.join(' and ')}: '${quote}' — this ${actionPhrase(a)}`;
  } else if (a.level !== 'low' && tw >= 0 && !task.continuation && width >= 3) {
    const covered = width === 5 ? overlaps(task, a) && tw >= 1 : tw >= 3 && (tw >= width || overlaps(task, a));
    if (!covered) reason = `You asked: '${quote}' — this ${actionPhrase(a)}`;
  }

  if (!reason) {
    let agreement: TaskContext['agreement'] = 'unclear';
    let note: string | undefined;
    if (tw >= 0 && !task.continuation) {
      if (width >= 3 && (width === 5 || tw >= width) && overlaps(task, a)) {
        agreement = 'asked';
        note = `You asked for this: '${quote}'`;
      } else if (tw >= Math.min(width, 4)) agreement = 'consistent';
      else {
        agreement = 'broader';
        note = `Broader than what you asked (${KIND_WORDS[task.kind]}: '${quote}')`;
      }
    } else if (task.continuation && task.previous)
      note = `Your last message only agrees ('${taskExcerpt(task.text, 40)}'); before it you asked: '${taskQuote(task.previous)}'`;
    return { ...a, task: { ...base, agreement, ...(note ? { note } : {}) } };
  }

  // Mismatch: one level up, never down; the requirement is the policy's for the new level.
  const level: Level = LEVELS[Math.min(LEVELS.length - 1, levelIdx(a.level) + 1)]!;
  const finding: Finding = {
    rule: 'scope.mismatch',
    level,
    message: reason,
    evidence: taskExcerpt(task.text),
    class: a.class,
    reversibility: a.reversibility,
  };
  const findings = [...a.findings];
  const at = findings.findIndex((f) => levelIdx(f.level) < levelIdx(level));
  findings.splice(at < 0 ? findings.length : at, 0, finding);
  let requires = policy.levels[level];
  if (opts.action) {
    // As assess() decides it: a matching team rule applies, except that it never loosens a critical action.
    const rule = matchPolicyRules(opts.action, findings, policy);
    if (rule) {
      const then: Requirement = rule.then === 'allow' ? 'none' : rule.then;
      if (reqIdx(then) > reqIdx(requires) || level !== 'critical') requires = then;
    }
  }
  if (reqIdx(a.requires) > reqIdx(requires)) requires = a.requires;
  return {
    ...a,
    level,
    score: Math.max(a.score, BAND_FLOOR[level]),
    findings,
    requires,
    task: { ...base, agreement: 'mismatch', note: reason.slice(0, 400) },
  };
}

/** A stored TaskContext (a review request's claim) as the input applyTaskScope takes. */
export function taskInputOf(t: TaskContext): TaskInput {
  return {
    text: t.asked,
    kind: (TASK_KINDS as readonly string[]).includes(t.kind) ? t.kind : 'unclear',
    environments: t.environments ?? [],
    objects: t.objects ?? [],
    files: t.files ?? [],
    avoid: { environments: t.avoid?.environments ?? [], objects: t.avoid?.objects ?? [] },
    ...(t.continuation ? { continuation: true } : {}),
    ...(t.previous ? { previous: t.previous } : {}),
    ...(t.from ? { from: t.from } : {}),
  };
}

/**
 * applyTaskScope over a call's assessments: every one above low gets the request beside it (a low
 * one is left as it is: nothing was read for it). `actions[i]` is the action of `assessments[i]`.
 */
export function applyTaskScopeAll(assessments: Assessment[], actions: Action[], task: TaskInput, policy?: ResolvedPolicy): Assessment[] {
  return assessments.map((a, i) =>
    a.level === 'low' ? a : applyTaskScope(a, task, { ...(policy ? { policy } : {}), ...(actions[i] ? { action: actions[i] } : {}) }),
  );
}

/** Whether a policy lets the task be read (policy `task.read`, default true). */
export const taskReadingOn = (policy: Pick<ResolvedPolicy, 'task'> | undefined): boolean => policy?.task?.read !== false;
