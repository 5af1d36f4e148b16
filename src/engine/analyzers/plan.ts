// Written plans (markdown or prose: Claude's ExitPlanMode plan, Copilot plan review, Kiro specs).
// Finds what the plan intends, sentence by sentence ("delete and recreate the environment", "tear
// down", "drop the database", "force-push", "disable the hooks", "discard local changes", "run the
// destroy target", "Terraform will replace the instance"), skipping sentences that negate it ("do
// not drop the table", "without deleting") and sentences about the past ("last week someone ran
// `terraform destroy`"); a pronoun stands for the object the sentence before named ("We no longer
// need the old stack. Delete it."); a sentence that says it will delete or overwrite a path is
// judged as doing it, and one that changes the guard's own settings is guard tampering. Commands it
// carries go to the other analyzers through ctx.nested: fenced blocks (bash/sh/console with `$ `
// prompts, powershell, sql, diff, Kubernetes YAML, Terraform / CloudFormation plan JSON, Terraform's
// text plan output) and inline code spans that are commands or SQL (not when the sentence talks
// about them: a typo in a runbook). A plan is only an intention, so findings keep the level of what
// it intends.
// Does not catch: intentions phrased in ways the patterns do not know, indented (4-space) code
// blocks, pronouns reaching further back than one sentence; negation is judged within a clause, so
// double negatives and sarcasm are misread, and a fenced block is analysed even if the prose says
// not to run it.
import type { Action, ActionClass, Finding, Level, Reversibility } from '../schema';
import { type Analysis, type AnalyzerContext, clip, classRank, emptyAnalysis, levelRank, mergeAnalysis } from '../analysis';
import { environmentOfWord } from '../environment';
import type { PlanAction } from '../schema';
import { protectionChanges } from './file/content';
import { guardAsset } from '../effects/guard-assets';
import {
  AFTER_BE_NEGATIONS,
  AUTO_APPROVE_KEYS,
  AUTO_APPROVE_SWITCHES,
  BROAD_DELETE_STEMS,
  BROAD_OBJECTS,
  CLAUSE_WORDS,
  DATA_PLURALS,
  DATA_WORDS,
  DELETION_SAFEGUARDS,
  DESTROY_VERBS,
  DISABLE_STEMS,
  DISCARD_STEMS,
  ENABLE_STEMS,
  ENV_NOUNS,
  ENV_STRONG_WORDS,
  ENV_WEAK_WORDS,
  FILE_CHANGE_VERBS,
  LOCAL_WORK,
  MENTION_WORDS,
  NEGATION_WORDS,
  NOT_A_PLACE_WORDS,
  NOT_NEEDED,
  NOW_WORDS,
  PAST_WORDS,
  PATH_FILLERS,
  PATH_VERBS,
  REBUILD_STEMS,
  RECREATE_STEMS,
  REPLACE_STEMS,
  REPLACED_THINGS,
  RUN_STEMS,
  SAFEGUARDS,
  SHARED_WORDS,
  SOFT_VERBS,
  TASK_NOUNS,
  TEARDOWN_PHRASES,
  TEARDOWN_STEMS,
  TEARDOWN_TASKS,
  UNPROTECT_STEMS,
  alt,
} from './plan/words';

const MAX_BLOCKS = 200;
const MAX_SPANS = 200;
const MAX_SENTENCES = 20_000;
const MAX_PER_RULE = 5;

// ---------------------------------------------------------------------------------------------
// Markdown: fenced blocks out, prose and inline spans in

export interface CodeBlock {
  lang: string;
  body: string;
  /** The prose just before the block ("Run this against prod:"), for environment words. */
  lead: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface Sentence {
  /** The sentence with inline code spans replaced by `⟦n⟧` placeholders. */
  text: string;
  /** The sentence as written (spans included). */
  raw: string;
  spans: string[];
  /** The paragraph or list item it belongs to (bounded), for environment words. */
  paragraph: string;
}

export function splitMarkdown(text: string): { blocks: CodeBlock[]; prose: string } {
  const lines = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n');
  const blocks: CodeBlock[] = [];
  const prose: string[] = [];
  // The last two non-empty prose lines, kept as we go (a block's lead-in).
  let before = '';
  let latest = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A fence starts within the first four characters: most lines are told apart without a regex.
    const open = fenceStart(line) ? /^( {0,3})(`{3,}|~{3,})\s*([^\s`{]*)?[^`]*$/.exec(line) : null;
    if (!open) {
      prose.push(line);
      if (line.trim()) {
        before = latest;
        latest = line.slice(0, 500);
      }
      continue;
    }
    const fence = open[2]!;
    const lang = (open[3] ?? '').replace(/^\{?\.?/, '').toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    const close = closingFence(fence);
    while (j < lines.length && !close.test(lines[j]!)) body.push(lines[j++]!);
    const lead = `${before} ${latest}`.trim();
    blocks.push({ lang, body: body.join('\n'), line: i + 1, lead });
    prose.push('');
    i = j;
  }
  return { blocks, prose: prose.join('\n') };
}

const CLOSING = new Map<string, RegExp>();
/** The pattern of the line that closes a fence: the same character, at least as many, nothing after. */
function closingFence(fence: string): RegExp {
  let re = CLOSING.get(fence);
  if (!re) CLOSING.set(fence, (re = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)));
  return re;
}

/** Whether a fence (``` or ~~~) can start this line: one of them within its first four characters. */
function fenceStart(line: string): boolean {
  for (let k = 0; k < 4 && k < line.length; k++) {
    const c = line.charCodeAt(k);
    if (c === 96 || c === 126) return true; // ` ~
    if (c !== 32) return false;
  }
  return false;
}

/** Paragraphs, list items and headings, each cut into sentences. */
export function sentencesOf(prose: string): Sentence[] {
  const units: string[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    if (cur.length) units.push(cur.join(' '));
    cur = [];
  };
  for (const rawLine of prose.split('\n')) {
    const line = rawLine.trim();
    // Each pattern below can only match a line starting with one of a few characters: most prose
    // lines are told apart by their first one, without a regex.
    const c0 = line.charAt(0);
    if (!line || (RULE_START.includes(c0) && /^(?:-{3,}|\*{3,}|_{3,}|\|?[\s:|-]+\|[\s:|-]*)$/.test(line))) {
      flush();
      continue;
    }
    const marked = MARK_START.includes(c0) || (c0 >= '0' && c0 <= '9');
    // A heading, list item, quote or table row starts a unit of its own.
    if (marked && /^(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|\|)/.test(line)) flush();
    const body = marked ? line.replace(/^(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s?)/, '') : line;
    cur.push(body.includes('|') ? body.replace(/\|/g, ' ; ') : body);
    if (c0 === '#' && /^#{1,6}\s/.test(line)) flush();
  }
  flush();

  const out: Sentence[] = [];
  for (const unit of units) {
    const spans: string[] = [];
    const masked = !unit.includes('`')
      ? unit
      : unit.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _t, code: string) => {
          spans.push(code.trim());
          return `⟦${spans.length - 1}⟧`;
        });
    const parts = splitSentences(masked);
    // Patterns spell non-ASCII as \u escapes (⟦ is \u27E6, ⟧ \u27E7, … \u2026): esbuild leaves
    // regex literals as written, and an ASCII bundle is read faster (src/cli/code-cache.ts).
    const raws = parts.map((part) =>
      !part.includes('\u27E6') ? part : part.replace(/\u27E6(\d+)\u27E7/g, (_m, n: string) => `\`${spans[Number(n)] ?? ''}\``),
    );
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      // A unit of one sentence keeps its spans as they are numbered (unless its text held a ⟦ of
      // its own); otherwise each sentence numbers its own from 0.
      const whole = parts.length === 1 && !unit.includes('⟦');
      const placeholders = !whole && part.includes('⟦');
      const used = placeholders ? [...part.matchAll(/\u27E6(\d+)\u27E7/g)].map((m) => Number(m[1])) : [];
      const localSpans = whole ? spans : used.map((n) => spans[n] ?? '');
      let k = 0;
      const text = placeholders ? part.replace(/\u27E6\d+\u27E7/g, () => `\u27E6${k++}\u27E7`) : part;
      const raw = raws[i]!;
      // The paragraph, or (for a very long one) the sentences either side, bounded.
      const paragraph = unit.length <= 1000 ? unit : `${(raws[i - 1] ?? '').slice(-400)} ${(raws[i + 1] ?? '').slice(0, 400)}`;
      out.push({ text: normalizeQuotes(text), raw, spans: localSpans, paragraph });
      if (out.length >= MAX_SENTENCES) return out;
    }
  }
  return out;
}

/** First characters of a horizontal rule or a table's separator row. */
const RULE_START = '-*_|:';
/** First characters (besides digits) of a heading, list item, quote or table row. */
const MARK_START = '#-*+>|';
const SPACE = /\s/;
const SENTENCE_START = /[A-Z0-9"'(\u27E6*_]/;

/**
 * Cuts text into sentences where `text.split(/(?<=[.!?])\s+(?=[A-Z0-9"'(⟦*_])/)` would: at a run
 * of white space after . ! or ? that is followed by a capital, a digit, a quote or a placeholder,
 * the run dropped. A loop over the punctuation only (test/unit/plan/sentences.test.ts holds it to
 * the regex on random text): the regex's lookbehind is tried at every character of a 1 MB plan.
 */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue; // . ! ?
    let j = i + 1;
    while (j < text.length && SPACE.test(text[j]!)) j++;
    if (j === i + 1 || j >= text.length || !SENTENCE_START.test(text[j]!)) continue;
    parts.push(text.slice(from, i + 1));
    from = j;
    i = j - 1;
  }
  parts.push(text.slice(from));
  return parts;
}

const normalizeQuotes = (s: string): string =>
  // Only these characters change: a sentence without any of them (most) is returned as it is.
  /[\u2018\u2019\u02bc\u201c\u201d]|\*\*|__/.test(s)
    ? s
        .replace(/[\u2018\u2019\u02bc]/g, "'")
        .replace(/[\u201c\u201d]/g, '"')
        .replace(/\*\*|__/g, '')
    : s;

// ---------------------------------------------------------------------------------------------
// Intentions in prose

interface Intent {
  rule: string;
  level: Level;
  cls: ActionClass;
  rev: Reversibility;
  /** What the plan intends, completing "Plan intends to …". */
  what: string;
  re: RegExp;
  /** Raised to `high` when the sentence also names a shared branch or production. */
  raiseOnShared?: boolean;
}

const GAP = String.raw`(?:[\w'./-]+\s+){0,4}?`;
/** Not followed by a word that makes the place part of something smaller ("the environment variables"). */
const NOT_A_PLACE = String.raw`(?![\s-]+${alt(NOT_A_PLACE_WORDS)}\b)`;
const ENV_STRONG = String.raw`${alt(ENV_STRONG_WORDS)}\b${NOT_A_PLACE}`;
const ENV_WEAK = String.raw`${alt(ENV_WEAK_WORDS)}\b${NOT_A_PLACE}`;
const DATA_OBJ = String.raw`${alt([...DATA_WORDS, String.raw`(?:all|every)\s+(?:of\s+the\s+)?(?:the\s+)?(?:[\w-]+\s+)?${alt(DATA_PLURALS)}`])}\b${NOT_A_PLACE}`;
const DESTROY_VERB = String.raw`${alt(DESTROY_VERBS)}\b`;
const SOFT_VERB = String.raw`${alt(SOFT_VERBS)}\b`;
const TEAR_VERB = String.raw`(?:${DESTROY_VERB}|${SOFT_VERB})`;

export const INTENTS: Intent[] = [
  {
    rule: 'plan.teardown',
    level: 'high',
    cls: 'environment-teardown',
    rev: 'unknown',
    what: 'delete and recreate an environment',
    re: new RegExp(String.raw`\b${alt(TEARDOWN_STEMS)}\w*\s+(?:and|&|then|,)\s+(?:(?:then|fully)\s+)?${alt(RECREATE_STEMS)}\w*`, 'i'),
  },
  {
    rule: 'plan.teardown',
    level: 'high',
    cls: 'environment-teardown',
    rev: 'unknown',
    what: 'tear down an environment',
    re: new RegExp(
      [
        String.raw`\b${DESTROY_VERB}\s+${GAP}(?:${ENV_STRONG}|${ENV_WEAK})`,
        String.raw`\b${SOFT_VERB}\s+${GAP}${ENV_STRONG}`,
        String.raw`\b${alt(TEARDOWN_PHRASES)}`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.drop-data',
    level: 'high',
    cls: 'destructive',
    rev: 'irreversible',
    what: 'drop or wipe data',
    re: new RegExp(String.raw`\b${TEAR_VERB}\s+${GAP}${DATA_OBJ}`, 'i'),
  },
  {
    rule: 'plan.teardown',
    level: 'high',
    cls: 'environment-teardown',
    rev: 'unknown',
    what: 'rebuild from scratch',
    re: new RegExp(
      [
        String.raw`\b${alt(REBUILD_STEMS)}\w*\s+${GAP}(?:from\s+scratch|from\s+zero|from\s+a\s+clean\s+slate)\b.*\b${ENV_STRONG}`,
        String.raw`\b${ENV_STRONG}.*\bfrom\s+scratch\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.start-over',
    level: 'medium',
    cls: 'broad-change',
    rev: 'unknown',
    what: 'start over from scratch',
    re: /\b(?:start\w*\s+(?:all\s+)?over|start\w*\s+(?:again\s+)?from\s+scratch|(?:rebuild|rebuilt|redo|rewrit\w*)\s+(?:\w+\s+){0,3}?from\s+scratch|clean\s+slate)\b/i,
  },
  {
    rule: 'plan.git-rewrite',
    level: 'medium',
    cls: 'destructive',
    rev: 'unknown',
    what: 'rewrite git history',
    re: new RegExp(
      [
        String.raw`\bforce[- ]?push\w*`,
        String.raw`\bpush\w*\s+(?:\S+\s+){0,3}?(?:-f|--force(?:-with-lease)?)\b`,
        String.raw`\brewrit\w*\s+(?:the\s+)?(?:git\s+)?(?:commit\s+)?history\b`,
        String.raw`\bhistory\s+(?:must|should|will|needs?\s+to|has\s+to)\s+be\s+rewritten\b`,
        String.raw`\bhard[- ]reset\b`,
        String.raw`\breset\s+--hard\b`,
        String.raw`\bdelet\w*\s+(?:the\s+)?(?:main|master|remote|release|production|default)\s+branch\b`,
      ].join('|'),
      'i',
    ),
    raiseOnShared: true,
  },
  {
    rule: 'plan.guard-bypass',
    level: 'critical',
    cls: 'broad-change',
    rev: 'unknown',
    what: 'switch off a safeguard',
    re: new RegExp(
      [
        String.raw`\b${alt(DISABLE_STEMS)}\w*\s+${GAP}${alt(SAFEGUARDS)}`,
        String.raw`\b${alt(ENABLE_STEMS)}\w*\s+${GAP}${alt(AUTO_APPROVE_SWITCHES)}`,
        String.raw`--no-verify\b`,
        String.raw`--dangerously-skip-permissions\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.remove-protection',
    level: 'high',
    cls: 'destructive',
    rev: 'irreversible',
    what: 'remove a deletion safeguard',
    re: new RegExp(String.raw`\b${alt(UNPROTECT_STEMS)}\w*\s+${GAP}${alt(DELETION_SAFEGUARDS)}\b`, 'i'),
  },
  {
    rule: 'plan.delete-broad',
    level: 'medium',
    cls: 'destructive',
    rev: 'unknown',
    what: 'delete broadly',
    re: new RegExp(
      [
        String.raw`\b${alt(BROAD_DELETE_STEMS)}\w*\s+(?:out\s+)?(?:all|every|each|the\s+entire|the\s+whole)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?${alt(BROAD_OBJECTS)}\b`,
        String.raw`\bdelet\w*\s+everything\b`,
        String.raw`\brm\s+-[a-z]*r[a-z]*f?\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.discard-changes',
    level: 'medium',
    cls: 'destructive',
    rev: 'irreversible',
    what: 'discard uncommitted work',
    re: new RegExp(
      [
        String.raw`\b${alt(DISCARD_STEMS)}\w*\s+(?:all\s+(?:of\s+)?)?(?:the\s+|my\s+|your\s+|our\s+)?${alt(LOCAL_WORK)}\s+(?:changes|work|edits|modifications)\b`,
        String.raw`\bgit\s+(?:reset\s+--hard|clean\s+-[a-z]*f|checkout\s+--?\s+\.)`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.replace-infra',
    level: 'high',
    cls: 'destructive',
    rev: 'irreversible',
    what: 'replace running infrastructure that holds data',
    re: new RegExp(
      [
        String.raw`\b${alt(REPLACE_STEMS)}\w*\s+${GAP}${alt(REPLACED_THINGS)}\b${NOT_A_PLACE}`,
        String.raw`\b(?:terraform|tofu|pulumi)\s+(?:will|would|is\s+going\s+to)\s+(?:replace|recreate|destroy)\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    rule: 'plan.teardown',
    level: 'high',
    cls: 'environment-teardown',
    rev: 'unknown',
    what: 'run a teardown task',
    re: new RegExp(String.raw`\b${alt(RUN_STEMS)}\w*\s+(?:the\s+|our\s+|a\s+)?(?:[\w-]+\s+)?${alt(TEARDOWN_TASKS)}\s+${alt(TASK_NOUNS)}\b`, 'i'),
  },
];

const SHARED = new RegExp(String.raw`\b${alt(SHARED_WORDS)}\b`, 'i');

/**
 * What already happened is not what the plan will do: a sentence about the past ("last week
 * someone ran `terraform destroy`", "the outage happened because a script dropped a table") is
 * context, unless it also says what will be done now.
 */
const PAST = new RegExp(String.raw`\b${alt(PAST_WORDS)}`, 'i');
const NOW = new RegExp(String.raw`\b${alt(NOW_WORDS)}\b`, 'i');
export const isNarrative = (text: string): boolean => PAST.test(text) && !NOW.test(text);

/** A sentence that talks about a command or a text (a typo in it, its docs) rather than running it. */
const MENTION = new RegExp(String.raw`\b${alt(MENTION_WORDS)}\b`, 'i');

/** The object a pronoun stands for: the last place, data or thing the previous sentence named. */
const OBJECT_PHRASE = new RegExp(
  String.raw`\b(?:the|that|this|our|your|its)\s+(?:[\w-]+\s+){0,3}?(?:${ENV_STRONG}|${ENV_WEAK}|${DATA_OBJ}|repo(?:sitory)?|folder|directory)`,
  'gi',
);
const PRONOUN_ACT = new RegExp(
  String.raw`\b(${DESTROY_VERB}|${SOFT_VERB}|get\s+rid\s+of)\s+(?:of\s+)?(it|them|that|this|those|these|all\s+of\s+(?:it|them))\b`,
  'i',
);

const NEGATION = new RegExp(String.raw`\b${alt(NEGATION_WORDS)}\b`, 'i');
const BOUNDARY = new RegExp(String.raw`[,;:()\u2014\u2013]|\s-\s|\b${alt(CLAUSE_WORDS)}\b`, 'gi');
const POST_NEGATION = new RegExp(
  String.raw`^[^,;:()\u2014\u2013]*?\b(?:(?:is|are|was|were|be|isn't|aren't)\s+${alt(AFTER_BE_NEGATIONS)}\b|not\s+${alt(NOT_NEEDED)}\b|unnecessary\b|out\s+of\s+scope\b)`,
  'i',
);

/** True when the match at `index` sits in a clause that negates it. */
export function isNegated(sentence: string, index: number, length: number): boolean {
  let start = 0;
  BOUNDARY.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOUNDARY.exec(sentence)) && m.index < index) start = m.index + m[0].length;
  if (NEGATION.test(sentence.slice(start, index))) return true;
  return POST_NEGATION.test(sentence.slice(index + length));
}

interface IntentHit {
  intent: Intent;
  level: Level;
  sentence: Sentence;
  match: string;
}

const GLOBAL = new Map<RegExp, RegExp>();
const globalOf = (re: RegExp): RegExp => {
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, 'gi')));
  return g;
};

/** Matches where any intent does: a sentence it misses (most of a long plan) needs no intent tried one by one. */
export const ANY_INTENT = new RegExp(INTENTS.map((i) => `(?:${i.re.source})`).join('|'), 'i');

export function findIntents(s: Sentence): IntentHit[] {
  if (!ANY_INTENT.test(s.text)) return [];
  const hits: IntentHit[] = [];
  const seen = new Set<string>();
  for (const intent of INTENTS) {
    if (seen.has(intent.rule)) continue;
    const re = globalOf(intent.re);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s.text))) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (isNegated(s.text, m.index, m[0].length)) continue;
      const level: Level = intent.raiseOnShared && SHARED.test(s.text) && levelRank(intent.level) < levelRank('high') ? 'high' : intent.level;
      hits.push({ intent, level, sentence: s, match: m[0] });
      seen.add(intent.rule);
      break;
    }
  }
  // "Remove prevent_destroy from the database" is about the safeguard, not the data.
  let out = hits;
  if (out.some((h) => h.intent.rule === 'plan.remove-protection')) out = out.filter((h) => h.intent.rule !== 'plan.drop-data');
  // "Rebuild the infrastructure from scratch" is a teardown; "start over" adds nothing to it.
  if (out.some((h) => h.intent.rule === 'plan.teardown')) out = out.filter((h) => h.intent.rule !== 'plan.start-over');
  // Replacing what holds data says less than dropping the data or tearing the place down.
  if (out.some((h) => h.intent.rule === 'plan.teardown' || h.intent.rule === 'plan.drop-data')) out = out.filter((h) => h.intent.rule !== 'plan.replace-infra');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code: blocks and spans through the other analyzers

const SHELL_LANGS = new Set([
  'bash',
  'sh',
  'shell',
  'zsh',
  'fish',
  'ksh',
  'console',
  'shell-session',
  'shellsession',
  'terminal',
  'sh-session',
  'bash-session',
  'shellscript',
  'cli',
  'command',
  'commands',
]);
const PWSH_LANGS = new Set(['powershell', 'pwsh', 'ps1', 'ps']);
const CMD_LANGS = new Set(['cmd', 'bat', 'batch', 'dos']);
const SQL_LANGS = new Set(['sql', 'psql', 'mysql', 'postgres', 'postgresql', 'plsql', 'pgsql', 'tsql', 'sqlite', 'mssql', 'plpgsql']);
const CONFIG_LANGS = new Set(['hcl', 'terraform', 'tf', 'json', 'jsonc', 'yaml', 'yml', 'diff', 'patch', 'text', 'txt', 'plaintext', '', 'output', 'log']);

const COMMAND_WORDS = new Set(
  (
    'terraform tofu terragrunt pulumi cdk sam sls serverless cdktf kubectl k helm kustomize oc eksctl kind minikube aws gcloud gsutil bq az doctl flyctl fly heroku vercel netlify firebase ' +
    'rm rmdir mv cp dd mkfs shred truncate find xargs chmod chown chattr ln tee git gh glab docker podman docker-compose nerdctl psql mysql mongo mongosh redis-cli sqlite3 dropdb createdb pg_dump pg_restore ' +
    'sudo doas su ssh scp rsync curl wget systemctl service kill pkill killall reboot shutdown halt npm npx yarn pnpm bun pip pip3 poetry uv cargo go make bundle rails rake python python3 node deno ' +
    'ansible ansible-playbook vagrant packer nomad consul vault mc s3cmd rclone crontab iptables ufw diskutil format del rd rmdir Remove-Item'
  ).split(' '),
);

/** The commands of a console transcript (`$ ` prompts), or the block as written. */
export function commandsOfShellBlock(body: string, lang: string): string {
  const lines = body.split('\n');
  const prompt = /^\s*(?:[\w@.~:/-]*\s?)?[$#%>]\s+|^\s*PS(?: [^>]*)?>\s+/;
  const dollar = /^\s*\$\s+|^\s*PS(?: [^>]*)?>\s+/;
  const nonEmpty = lines.filter((l) => l.trim());
  const prompted = nonEmpty.filter((l) => dollar.test(l)).length;
  const transcript = /console|session|terminal/.test(lang) || (prompted > 0 && prompted >= nonEmpty.length / 2);
  if (!transcript) return body;
  const out: string[] = [];
  let continuing = false;
  for (const l of lines) {
    if (continuing) {
      out.push(l);
      continuing = /\\\s*$/.test(l);
      continue;
    }
    const m = (lang && /console|session|terminal/.test(lang) ? prompt : dollar).exec(l);
    if (m) {
      out.push(l.slice(m[0].length));
      continuing = /\\\s*$/.test(l);
    }
  }
  return out.length || prompted ? out.join('\n') : body;
}

function commandLines(script: string): number {
  let n = 0;
  let continuing = false;
  for (const l of script.split('\n')) {
    const t = l.trim();
    if (!continuing && t && !t.startsWith('#')) n++;
    continuing = /\\$/.test(t);
  }
  return n;
}

function firstWord(text: string): string {
  const words = text.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!) || words[i] === 'sudo' || words[i] === 'env' || words[i] === 'time')) i++;
  const w = words[i] ?? '';
  return w.replace(/^.*\//, '');
}

const SQL_START =
  /^\s*(?:DROP|TRUNCATE|DELETE\s+FROM|ALTER\s+(?:TABLE|DATABASE|SCHEMA)|UPDATE\s+\S+\s+SET|INSERT\s+INTO|CREATE\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE)|GRANT|REVOKE|SELECT)\b/i;

export function spanKind(span: string): 'shell' | 'sql' | undefined {
  const t = span.trim();
  if (!t || t.length > 2000) return undefined;
  if (SQL_START.test(t)) return 'sql';
  const w = firstWord(t);
  if (!COMMAND_WORDS.has(w) && !/\.(?:sh|bash|ps1)$/.test(w)) return undefined;
  // A bare tool name ("`terraform`") is a mention, not a command.
  return /\s/.test(t.replace(/^sudo\s+/, '')) || /\.(?:sh|bash|ps1)$/.test(w) ? 'shell' : undefined;
}

interface Source {
  kind: 'sentence' | 'command';
  text: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Terraform's human-readable plan output (`# aws_db_instance.main will be destroyed`, `Plan: …`). */
export function readTerraformText(body: string): { destroyed: string[]; replaced: string[]; add?: number; change?: number; destroy?: number } | undefined {
  const destroyed: string[] = [];
  const replaced: string[] = [];
  for (const m of body.matchAll(/^\s*#\s+(\S+)\s+(will be destroyed|must be replaced|will be replaced)/gm)) {
    (m[2] === 'will be destroyed' ? destroyed : replaced).push(m[1]!);
  }
  const p = /Plan:\s+(\d+)\s+to\s+add,\s+(\d+)\s+to\s+change,\s+(\d+)\s+to\s+destroy/.exec(body);
  if (!destroyed.length && !replaced.length && !p) return undefined;
  return { destroyed, replaced, ...(p ? { add: Number(p[1]), change: Number(p[2]), destroy: Number(p[3]) } : {}) };
}

function blockActions(block: CodeBlock): { action?: Action; own?: (out: Analysis) => void; label: string } {
  const lang = block.lang;
  const body = block.body;
  const label = `plan code block at line ${block.line}${lang ? ` (${lang})` : ''}`;
  if (!body.trim()) return { label };

  const tfText = !SHELL_LANGS.has(lang) && !SQL_LANGS.has(lang) ? readTerraformText(body) : undefined;
  if (tfText) {
    return {
      label,
      own: (out) => {
        const destroy = tfText.destroy ?? tfText.destroyed.length + tfText.replaced.length;
        if (!destroy && !tfText.replaced.length) return;
        const only = tfText.add === 0 && tfText.change === 0;
        const addrs = [...tfText.destroyed, ...tfText.replaced];
        out.findings.push({
          rule: only ? 'plan.terraform-destroy-all' : 'plan.terraform-destroy',
          level: 'high',
          message: only
            ? `Plan shows Terraform destroying ${destroy} resource${destroy === 1 ? '' : 's'} and creating none`
            : `Plan shows Terraform destroying or replacing ${destroy} resource${destroy === 1 ? '' : 's'}`,
          evidence: clip(addrs.slice(0, 5).join(', ') || `Plan: ${tfText.add ?? '?'} to add, ${tfText.change ?? '?'} to change, ${destroy} to destroy`),
          class: only ? 'environment-teardown' : 'destructive',
          reversibility: 'irreversible',
          targets: addrs
            .slice(0, 20)
            .map((name) => ({ kind: 'resource' as const, name, op: tfText.replaced.includes(name) ? ('replace' as const) : ('delete' as const) })),
        });
        out.counts.resources = (out.counts.resources ?? 0) + destroy;
        for (const a of addrs.slice(0, 20)) out.envHints.push({ source: 'terraform address', value: a });
      },
    };
  }
  if (SHELL_LANGS.has(lang)) return { action: { kind: 'shell', command: commandsOfShellBlock(body, lang) }, label };
  if (PWSH_LANGS.has(lang)) return { action: { kind: 'shell', command: commandsOfShellBlock(body, lang), shell: 'pwsh' }, label };
  if (CMD_LANGS.has(lang)) return { action: { kind: 'shell', command: body, shell: 'cmd' }, label };
  if (SQL_LANGS.has(lang)) return { action: { kind: 'sql', statement: body }, label };
  if (lang === 'diff' || lang === 'patch' || (/^(?:diff --git|--- \S)/m.test(body) && /^@@/m.test(body)) || /^\*\*\* Begin Patch/m.test(body)) {
    const m = /^\+\+\+ (?:b\/)?(\S+)/m.exec(body) ?? /^\*\*\* (?:Update|Add|Delete) File: (.+)$/m.exec(body);
    return { action: { kind: 'fileEdit', path: m?.[1]?.trim() ?? 'plan.diff', diff: body }, label };
  }
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    const json = parseJson(trimmed);
    if (json && typeof json === 'object') {
      if ('format_version' in json && ('resource_changes' in json || 'planned_values' in json)) return { action: { kind: 'terraformPlan', plan: json }, label };
      if ('Changes' in json && Array.isArray(json.Changes)) return { action: { kind: 'cloudformationChangeSet', changeSet: json }, label };
      // An Action written out as JSON is analysed as that action.
      const asAction = (require('../schema') as typeof import('../schema')).Action.safeParse(json);
      if (asAction.success) return { action: asAction.data, label };
    }
  }
  if (/^apiVersion:\s*\S+/m.test(body) && /^kind:\s*\S+/m.test(body)) return { action: { kind: 'kubernetes', manifests: body }, label };
  if (CONFIG_LANGS.has(lang) || lang === 'yaml' || lang === 'hcl') {
    // Infrastructure code shown in a plan: only what it turns off is a finding.
    const dangers = protectionChanges('', body);
    if (dangers.length) {
      return {
        label,
        own: (out) => {
          for (const d of dangers) {
            out.findings.push({
              rule: 'plan.iac-danger',
              level: 'high',
              message: `Plan's infrastructure code ${d.words}`,
              evidence: clip(d.words),
              class: 'destructive',
              reversibility: 'irreversible',
            });
          }
        },
      };
    }
    // An unlabelled block of commands is still commands.
    if (!lang || lang === 'text' || lang === 'txt' || lang === 'plaintext') {
      const lines = body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
      const cmd = commandsOfShellBlock(body, '');
      if (lines.length && lines.every((l) => spanKind(l.replace(/^\s*\$\s+/, '')) === 'shell' || /^\s*\$\s+/.test(l) || /\\\s*$/.test(l) || /^\s+-/.test(l))) {
        return { action: { kind: 'shell', command: cmd }, label };
      }
      if (SQL_START.test(body) && /;\s*$/m.test(body)) return { action: { kind: 'sql', statement: body }, label };
    }
  }
  return { label };
}

// ---------------------------------------------------------------------------------------------
// The analyzer

const AMBIGUOUS_ENV_WORDS = new Set(['live', 'local', 'test', 'tests', 'testing', 'development', 'stage']);
const ENV_NOUN = new RegExp(`^${alt(ENV_NOUNS)}$`, 'i');

export function analyzePlan(action: PlanAction, ctx: AnalyzerContext): Analysis {
  const out = emptyAnalysis();
  const sources = new Map<Finding, Source>();
  const text = action.text ?? '';
  if (!text.trim()) {
    out.summary = 'An empty plan: nothing to do';
    return out;
  }
  // What cannot be read is not harmless: a binary file or an image given as a plan.
  const head = text.slice(0, 8192);
  let controls = 0;
  let replaced = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 10 && c !== 13 && c !== 9) controls++;
    else if (c === 0xfffd) replaced++;
  }
  if (head.includes('\u0000') || controls / head.length > 0.1 || replaced / head.length > 0.1) {
    out.findings.push({
      rule: 'plan.unreadable',
      level: 'high',
      message: 'The input is not text (a binary file or an image): it cannot be read, so it is not taken as harmless',
      evidence: clip(head.replace(/[^\x20-\x7e]/g, '.'), 80),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    out.summary = out.findings[0]!.message;
    return out;
  }
  const { blocks, prose } = splitMarkdown(text);
  let commands = 0;

  const envWords = (text: string): void => {
    const words = text.split(/[^A-Za-z0-9_-]+/);
    const seen = new Set<string>();
    words.forEach((word, i) => {
      if (!word || seen.has(word) || !environmentOfWord(word, ctx.policy)) return;
      // "live", "local", "test" are ordinary English too: they name an environment only before an
      // environment noun ("the live cluster", "test database").
      if (AMBIGUOUS_ENV_WORDS.has(word.toLowerCase()) && !ENV_NOUN.test(words[i + 1] ?? '')) return;
      seen.add(word);
      out.envHints.push({ source: 'plan', value: word });
    });
  };
  /** Runs one nested action; true when it found something worth a person's look (medium+). */
  const runNested = (inner: Action, via: string, quote: string): boolean => {
    const a = ctx.nested(inner, via);
    // A diff shown in a plan that is not a whole patch is an illustration, not an edit to judge.
    a.findings = a.findings.filter((f) => f.rule !== 'file.unreadable-diff');
    for (const f of a.findings) sources.set(f, { kind: 'command', text: quote });
    const n = a.counts.commands ?? (inner.kind === 'shell' ? commandLines(inner.command) : 1);
    commands += n;
    const { summary: _s, counts, ...rest } = a;
    const { commands: _c, ...otherCounts } = counts;
    mergeAnalysis(out, { ...rest, counts: otherCounts, readOnly: false });
    return a.findings.some((f) => levelRank(f.level) >= levelRank('medium'));
  };

  // Prose, sentence by sentence.
  const sentences = sentencesOf(prose);
  const seenSpans = new Set<string>();
  let spans = 0;
  const perRule = new Map<string, number>();
  let previous: Sentence | undefined;
  for (const s of sentences) {
    // The past is context, not intent ("last week someone ran `terraform destroy`").
    if (isNarrative(s.text)) {
      previous = s;
      continue;
    }
    const hits = findIntents(forIntents(s));
    // "We no longer need the old stack. Delete it.": the pronoun stands for the last object named.
    if (!hits.length) {
      const resolved = resolvePronoun(forIntents(s), previous && forIntents(previous));
      if (resolved) hits.push(...findIntents(resolved).map((h) => ({ ...h, sentence: s })));
    }
    const guard = guardMention(s);
    if (guard) hits.push({ intent: GUARD_FILE_INTENT, level: 'critical', sentence: s, match: guard });
    // "I will overwrite `/srv/app/.env`", "delete `data/`": judged as doing it to that path.
    for (const act of pathActs(s)) if (runNested(act.action, `plan: ${act.verb} \`${clip(act.path, 60)}\``, s.raw)) envWords(s.raw);
    previous = s;
    for (const hit of hits) {
      // A plan that says the same thing a thousand times is reported five times.
      const n = (perRule.get(hit.intent.rule) ?? 0) + 1;
      perRule.set(hit.intent.rule, n);
      if (n > MAX_PER_RULE) continue;
      const f: Finding = {
        rule: hit.intent.rule,
        level: hit.level,
        message: `Plan intends to ${hit.intent.what}`,
        evidence: clip(s.raw, 200),
        class: hit.intent.cls,
        reversibility: hit.intent.rev,
      };
      out.findings.push(f);
      sources.set(f, { kind: 'sentence', text: s.raw });
      // Environment words near the intention (its sentence, its paragraph) say where it lands.
      envWords(`${s.raw} ${s.paragraph}`);
    }
    // A sentence about a command (its typo, its docs) does not run it.
    const mention = s.spans.length > 0 && MENTION.test(s.text.replace(/\u27E6\d+\u27E7/g, ''));
    s.spans.forEach((span, i) => {
      if (mention) return;
      const kind = spanKind(span);
      if (!kind || seenSpans.has(span)) return;
      const at = s.text.indexOf(`⟦${i}⟧`);
      if (at >= 0 && isNegated(s.text, at, 3)) return;
      seenSpans.add(span);
      if (++spans > MAX_SPANS) return;
      // The words around a command say where it runs ("`terraform destroy` in the prod
      // workspace"), but only matter when the command itself is risky.
      if (runNested(kind === 'sql' ? { kind: 'sql', statement: span } : { kind: 'shell', command: span }, `plan inline code \`${clip(span, 60)}\``, span))
        envWords(s.raw);
    });
  }

  // Fenced blocks.
  blocks.slice(0, MAX_BLOCKS).forEach((block) => {
    const { action: inner, own, label } = blockActions(block);
    const before = out.findings.length;
    if (own) own(out);
    const risky = inner ? runNested(inner, label, inner.kind === 'shell' ? inner.command : inner.kind === 'sql' ? inner.statement : block.body) : false;
    if (risky || out.findings.length > before) envWords(block.lead);
  });
  if (blocks.length > MAX_BLOCKS || spans > MAX_SPANS || sentences.length >= MAX_SENTENCES) {
    out.findings.push({
      rule: 'plan.too-long',
      level: 'medium',
      message: `Plan is longer than what is analysed (${blocks.length} blocks, ${spans} commands in text, ${sentences.length} sentences)`,
      evidence: `first ${MAX_BLOCKS} blocks, ${MAX_SPANS} inline commands and ${MAX_SENTENCES} sentences analysed`,
      class: 'broad-change',
      reversibility: 'unknown',
    });
    out.counts.atLeast = true;
  }
  if (commands) out.counts.commands = commands;
  out.summary = summarize(out.findings, sources, commands);
  return out;
}

function summarize(findings: Finding[], sources: Map<Finding, Source>, commands: number): string {
  const rank = (f: Finding): number => levelRank(f.level) * 10 + classRank(f.class ?? 'read-only');
  const best = (pick: (f: Finding) => boolean): Finding | undefined => {
    let w: Finding | undefined;
    for (const f of findings) if (pick(f) && (!w || rank(f) > rank(w))) w = f;
    return w;
  };
  const worst = best(() => true);
  if (!worst || levelRank(worst.level) < levelRank('medium')) {
    return commands ? `A written plan with ${commands} command${commands === 1 ? '' : 's'}; nothing risky found` : 'A written plan; nothing risky found';
  }
  const sentence = best((f) => sources.get(f)?.kind === 'sentence');
  const command = best((f) => sources.get(f)?.kind === 'command');
  const quoteCommand = (f: Finding): string => clip(pickLine(sources.get(f)!.text, f.evidence), 100);
  // Both the words and a command at the top level: quote the sentence, then what would run.
  if (sentence && command && sentence.level === worst.level && command.level === worst.level) {
    return `${sentence.message}: "${clip(sources.get(sentence)!.text, 110)}"; runs \`${clip(quoteCommand(command), 70)}\``;
  }
  const src = sources.get(worst);
  if (src?.kind === 'sentence') return `${worst.message}: "${clip(src.text, 140)}"`;
  if (src?.kind === 'command') return `Plan runs \`${quoteCommand(worst)}\`: ${lowerFirst(worst.message)}`;
  return worst.message;
}

/** The line of a block that the finding's evidence points at, else its first command line. */
function pickLine(block: string, evidence: string): string {
  const lines = block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const ev = evidence.replace(/\u2026$/, '').trim();
  return lines.find((l) => ev && (l.includes(ev) || ev.includes(l))) ?? lines[0] ?? block;
}

const lowerFirst = (s: string): string => (s && !/^[A-Z]{2}/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** The sentence without the text it quotes ("the section \"How to destroy a preview\""): a title is not an intention. */
function unquoted(s: Sentence): Sentence {
  if (!s.text.includes('"')) return s;
  const text = s.text.replace(/"[^"]{1,200}"/g, '""');
  return text === s.text ? s : { ...s, text };
}

/** A sentence whose verb acts on a pronoun, rewritten with the object the previous sentence named. */
function resolvePronoun(s: Sentence, previous: Sentence | undefined): Sentence | undefined {
  if (!previous) return undefined;
  const m = PRONOUN_ACT.exec(s.text);
  if (!m) return undefined;
  OBJECT_PHRASE.lastIndex = 0;
  const objects = [...previous.text.matchAll(OBJECT_PHRASE)].map((x) => x[0]);
  const object = objects[objects.length - 1];
  if (!object) return undefined;
  const text = `${s.text.slice(0, m.index)}${m[1]} ${object}${s.text.slice(m.index + m[0].length)}`;
  return { ...s, text, raw: `${previous.raw} ${s.raw}` };
}

const GUARD_FILE_INTENT: Intent = {
  rule: 'plan.guard-bypass',
  level: 'critical',
  cls: 'broad-change',
  rev: 'unknown',
  what: 'change the guard’s own settings',
  re: /$^/,
};
/** Verbs that change a file, as whole words (not the "set" of "settings"). */
const GUARD_VERB = new RegExp(String.raw`\b${alt(FILE_CHANGE_VERBS)}\b`, 'i');
const AUTO_APPROVE_WORDS = new RegExp(AUTO_APPROVE_KEYS.join('|'), 'i');

/** A sentence that changes one of the guard's own files (an agent's hook settings, the policy). */
function guardMention(s: Sentence): string | undefined {
  // A clause's verb is a match in the whole sentence too: without one anywhere, there is none.
  if (!GUARD_VERB.test(s.text)) return undefined;
  // Only a candidate with a slash is looked up: no slash in the words or the code spans, no path.
  if (!s.text.includes('/') && !s.spans.some((x) => x.includes('/'))) return undefined;
  const clauses = s.text.split(/[.;:]\s+|\s+(?:but|however|and\s+then)\s+/i);
  for (const clause of clauses) {
    const verb = GUARD_VERB.exec(clause);
    if (!verb || NEGATION.test(clause.slice(0, verb.index + verb[0].length))) continue;
    // Paths written as code spans or plainly.
    const candidates = [...clause.matchAll(/\u27E6(\d+)\u27E7/g)].map((m) => s.spans[Number(m[1])] ?? '');
    for (const m of clause.matchAll(/(?:~|\.{1,2})?\/?[\w.~-]*(?:\/[\w.-]+)+|\.[\w-]+\/[\w./-]+/g)) candidates.push(m[0]);
    const approving = candidates.some((c) => AUTO_APPROVE_WORDS.test(c)) || AUTO_APPROVE_WORDS.test(clause);
    for (const c of candidates) {
      if (!/\//.test(c)) continue;
      const path = c.replace(/^~/, '/__home__');
      const g = guardAsset(path.startsWith('/') ? path : `/__workspace__/${path}`, undefined);
      if (g && (g.kind !== 'editor-settings' || approving)) return c;
    }
  }
  return undefined;
}

/**
 * The sentence as intent patterns read it: quoted titles dropped, each inline code span a word —
 * a bucket or database address as `bucket` / `database`, anything else as `x` — so "delete the
 * `payments` namespace" reads "delete the x namespace".
 */
/** What forIntents made of each sentence: it is asked again for the previous one (pronouns). */
const FOR_INTENTS = new WeakMap<Sentence, Sentence>();

export function forIntents(s: Sentence): Sentence {
  // Nothing quoted and no code span: nothing to replace (most sentences of a long plan).
  if (!s.text.includes('"') && !s.text.includes('⟦')) return s;
  const known = FOR_INTENTS.get(s);
  if (known) return known;
  const out = forIntentsOnce(s);
  FOR_INTENTS.set(s, out);
  return out;
}

function forIntentsOnce(s: Sentence): Sentence {
  const text = unquoted(s).text.replace(/\u27E6(\d+)\u27E7/g, (_m, n: string) => {
    const span = s.spans[Number(n)] ?? '';
    if (!span.includes('://')) return 'x';
    if (/^(?:s3|gs|az|abfss?|wasbs?|r2|b2):\/\//i.test(span)) return 'the bucket';
    if (/^(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|mssql|sqlserver):\/\//i.test(span)) return 'the database';
    return 'x';
  });
  return text === s.text ? s : { ...s, text };
}

const PATH_VERB_WORD = new RegExp(String.raw`\b(?:${PATH_VERBS.join('|')})`, 'i');
const PATH_VERB = new RegExp(String.raw`\b(${PATH_VERBS.join('|')})\s+(?:${alt(PATH_FILLERS)}\s+(?:of\s+|in\s+|under\s+)?)*\u27E6(\d+)\u27E7`, 'gi');

/** Paths a sentence says it will delete or overwrite, as the actions that would do it. */
function pathActs(s: Sentence): { verb: string; path: string; action: Action }[] {
  const out: { verb: string; path: string; action: Action }[] = [];
  // PATH_VERB ends in a code span's placeholder: a sentence without one has no path act.
  if (!s.text.includes('⟦')) return out;
  // Nor one without any of the verbs PATH_VERB starts with.
  if (!PATH_VERB_WORD.test(s.text)) return out;
  if (NEGATION.test(s.text) && /\b(?:not|never|won't|don't)\b/i.test(s.text)) return out;
  PATH_VERB.lastIndex = 0;
  for (const m of s.text.matchAll(PATH_VERB)) {
    const path = s.spans[Number(m[2])] ?? '';
    if (!/^(?:~|\.{1,2}\/|\/|[\w.-]+\/)[^\s`'"]*$/.test(path) || /:\/\//.test(path)) continue;
    const verb = m[1]!.toLowerCase();
    const q = `'${path.replace(/'/g, `'\\''`)}'`;
    const command = /^(?:overwrit|replac)/.test(verb) ? `cp /tmp/replacement ${q}` : /^(?:empt|truncat)/.test(verb) ? `truncate -s 0 ${q}` : `rm -r ${q}`;
    out.push({ verb, path, action: { kind: 'shell', command } });
    if (out.length >= 10) break;
  }
  return out;
}
