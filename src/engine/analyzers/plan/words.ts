// The vocabulary the plan analyzer reads intentions with, as word lists: data, one entry per word
// form, grouped by what the words mean. An entry is a regular-expression word form — `files?` is
// file or files, `config\w*` any word starting with config, `tear\s+down` two words — so a list
// reads as words and still builds the exact patterns plan.ts matches with (`alt` joins a list into
// one alternation, in order: where two entries match at the same place, the earlier one wins).
// Sees and misses what plan.ts's header says; adding a word here is how the analyzer learns it.

/**
 * A list written as whitespace-separated word forms (a raw template: `\s`, `\w` stay as written);
 * a space inside a character class (`working[- ]tree`) belongs to its word.
 */
export function words(strings: TemplateStringsArray): string[] {
  const out: string[] = [];
  let word = '';
  let inClass = false;
  const text = String.raw(strings);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      word += c + (text[++i] ?? '');
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    if (/\s/.test(c) && !inClass) {
      if (word) out.push(word);
      word = '';
    } else word += c;
  }
  if (word) out.push(word);
  return out;
}

/** One regular-expression alternation of the list, in its order. */
export const alt = (list: readonly string[]): string => `(?:${list.join('|')})`;

// ---------------------------------------------------------------------------------------------
// Places and data

/**
 * Words after a place or data word that make it part of something smaller: "the database
 * connection helper", "the environment variables", "the table header", "the namespace import"
 * are code, not places.
 */
export const NOT_A_PLACE_WORDS = words`
  variables? vars? files? config\w* settings? connections? clients? helpers? drivers? urls? uris?
  modules? layers? adapters? mocks? stubs? fakes? fixtures? queries query access code logic
  wrappers? pools? credentials? passwords? names? tests? specs? columns? fields? calls? models?
  class(?:es)? types? interfaces? views? components? headers? rows? cells? markup styles? css
  layouts? of\s+contents declarations? imports? prefix(?:es)? keywords? alias(?:es)? traces?
  frames? overflow docs? documentation diagrams? section page icons? labels? selectors? dropdowns?
  picker options? flags? checks? validation util\w* functions? methods? handlers? hooks? logs?
  logging sizes? entries\s+in\s+the\s+readme
`;

/** Names of a whole environment ("environment variables" and "stack trace" are not: NOT_A_PLACE). */
export const ENV_STRONG_WORDS = words`
  environments? envs? stacks? clusters? infrastructure infra namespaces? vpcs? it\s+all the\s+whole\s+thing
`;

/** Names that are a teardown only with a destroying verb ("destroy the servers", not "remove the service"). */
export const ENV_WEAK_WORDS = words`
  everything services? servers? instances nodes droplets deployments? resources projects? accounts? workspaces?
`;

/** What holds data. */
export const DATA_WORDS = words`
  databases? dbs? (?:db\s+)?schemas? tables? collections? buckets? volumes? disks? keyspaces? backups? snapshots?
`;

/** What "all the …" / "every …" makes a whole set of data ("all the user records"). */
export const DATA_PLURALS = words`
  data records rows documents users objects entries keys indices indexes topics queues messages
`;

/** Words after a verb that name a place whose content would be lost: "environment", "cluster" … (exact words). */
export const ENV_NOUNS = words`
  environments? envs? clusters? stacks? databases? dbs? servers? sites? systems? workspaces?
  accounts? data deployments? namespaces? instances? projects?
`;

/** Things that hold data and are replaced in place ("replace the database instance"). */
export const REPLACED_THINGS = words`
  databases? dbs? (?:db\s+|rds\s+|database\s+)?instances? clusters? volumes? buckets? disks? nodes? servers?
`;

/** What "delete all …" / "remove every …" reaches broadly. */
export const BROAD_OBJECTS = words`
  files? folders? directories directory dirs? contents repo(?:sitorie)?s? repositories code(?:base)?
  branch(?:es)? logs? users? accounts? keys? secrets? objects? images? containers? pods? volumes?
  projects? home\s+directory
`;

// ---------------------------------------------------------------------------------------------
// Verbs

/** Verbs that destroy whatever they name. */
export const DESTROY_VERBS = words`
  destroy(?:s|ed|ing)? wip(?:e|es|ed|ing) nuk(?:e|es|ed|ing) obliterat(?:e|es|ed|ing)
  deprovision(?:s|ed|ing)? decommission(?:s|ed|ing)? terminat(?:e|es|ed|ing) zap(?:s|ped|ping)?
  tear(?:ing|s)?\s+down tore\s+down torn\s+down teardown blow(?:ing|s)?\s+away blew\s+away
`;

/** Verbs that remove or remake what they name, destroying it only with a place or data word. */
export const SOFT_VERBS = words`
  delet(?:e|es|ed|ing) remov(?:e|es|ed|ing) drop(?:s|ped|ping)? purg(?:e|es|ed|ing) eras(?:e|es|ed|ing)
  reset(?:s|ting)? re-?creat(?:e|es|ed|ing) rebuild(?:s|ing)? rebuilt re-?provision(?:s|ed|ing)?
  flush(?:es|ed|ing)? truncat(?:e|es|ed|ing) replac(?:e|es|ed|ing) get(?:ting)?\s+rid\s+of got\s+rid\s+of
  clear(?:s|ed|ing)?\s+out clean(?:s|ed|ing)?\s+out empt(?:y|ies|ied|ying)
`;

/** Phrases that are a teardown whatever follows ("tear it all down", "nuke everything", "blow it away"). */
export const TEARDOWN_PHRASES = words`
  tear(?:ing|s)?\s+(?:it\s+(?:all\s+)?|them\s+|everything\s+|(?:the\s+)?whole\s+thing\s+)?down
  tore\s+(?:it\s+(?:all\s+)?)?down teardown\b nuk(?:e|ing)\s+(?:it|everything|the\s+\w+)
  blow(?:ing)?\s+(?:it\s+|everything\s+)?away
`;

/** Stems of "delete … and recreate": the first half (followed by any ending). */
export const TEARDOWN_STEMS = words`
  delet remov destroy drop tear(?:ing)?\s+down wip nuk
`;

/** Stems of "… and recreate": the second half. */
export const RECREATE_STEMS = words`
  re-?creat re-?build rebuilt re-?provision re-?deploy set\w*\s+(?:it\s+|them\s+)?up spin\w*\s+up stand\w*\s+up
`;

/** Stems of "rebuild … from scratch". */
export const REBUILD_STEMS = words`
  rebuild rebuilt recreat re-creat redeploy re-deploy reprovision re-provision set\w*\s+up start\w*
`;

/** Stems of "replace … the database". */
export const REPLACE_STEMS = words`
  replac recreat re-creat rebuild rebuilt re-?provision destroy\w*\s+and\s+recreat
`;

/** Stems of "delete all …". */
export const BROAD_DELETE_STEMS = words`
  delet remov wip eras purg clean\w*\s+out get\w*\s+rid\s+of
`;

/** Stems of "discard the local changes". */
export const DISCARD_STEMS = words`
  discard throw\w*\s+away threw\s+away wip los drop revert nuk blow\w*\s+away
`;

/** What local, unsaved work is called. */
export const LOCAL_WORK = words`
  local uncommitted unstaged unsaved pending working[- ]tree
`;

/** Stems of switching a safeguard off ("disable the hooks", "skip the approval"). */
export const DISABLE_STEMS = words`
  disabl turn\w*\s+off switch\w*\s+off remov delet bypass skip circumvent uninstall deactivat
  comment\w*\s+out get\w*\s+around work\w*\s+around loosen relax
`;

/** The safeguards an agent could switch off. */
export const SAFEGUARDS = words`
  hooks?\b pre-?commit\s+hooks? guard(?:rails?)?\b blast[- ]radius safety\s+checks? approvals?\b
  peer\s+reviews? (?:the\s+)?review\s+step branch\s+protection code\s*owners codeowners
  permission\s+(?:checks?|prompts?)
`;

/** Stems of switching auto-approval on ("enable autoApprove"). */
export const ENABLE_STEMS = words`
  enabl turn\w*\s+on switch\w*\s+on set add allow
`;

/** The switches that let an agent act without asking. */
export const AUTO_APPROVE_SWITCHES = words`
  auto-?approv\w* autoApprove yolo\s+mode autopilot trustedCommands bypassPermissions dangerously-skip-permissions
`;

/** Stems of removing a deletion safeguard ("remove prevent_destroy"). */
export const UNPROTECT_STEMS = words`
  remov disabl turn\w*\s+off drop delet comment\w*\s+out lift set
`;

/** The deletion safeguards of infrastructure code. */
export const DELETION_SAFEGUARDS = words`
  prevent_destroy deletion[_ ]protection termination\s+protection DeletionPolicy retention\s+polic(?:y|ies)
  force_destroy skip_final_snapshot
`;

/** Stems of running a task ("run the destroy target"). */
export const RUN_STEMS = words`
  run invoke execute trigger kick\s+off start
`;

/** Names of teardown tasks. */
export const TEARDOWN_TASKS = words`
  destroy teardown tear-down nuke wipe purge clean-?all reset-?all drop-?all
`;

/** What a task is called. */
export const TASK_NOUNS = words`
  target task script job command recipe playbook workflow pipeline step
`;

/** Verbs that change a file, as whole words (not the "set" of "settings"). */
export const FILE_CHANGE_VERBS = words`
  remov(?:e|es|ing) delet(?:e|es|ing) edit(?:s|ing)? chang(?:e|es|ing) disabl(?:e|es|ing)
  strip(?:s|ping)? empty(?:ing)? clear(?:s|ing)? rewrit(?:e|es|ing) overwrit(?:e|es|ing)
  replac(?:e|es|ing) drop(?:s|ping)? comment(?:ing)?\s+out turn(?:ing)?\s+off set(?:ting)? add(?:s|ing)?
  allow(?:s|ing)? loosen(?:s|ing)? relax(?:es|ing)? updat(?:e|es|ing) modif(?:y|ies|ying)
  writ(?:e|es|ing)\s+(?:to|into) patch(?:es|ing)? uninstall(?:s|ing)?
`;

/** Keys and words that turn on auto-approval or switch the guard off, in a file or a sentence. */
export const AUTO_APPROVE_KEYS = words`
  autoApprove auto-approve trustedCommands autopilot bypassPermissions dangerously-skip-permissions disableAllHooks blastRadius\. yolo
`;

/** Verbs that delete or overwrite a path named next to them ("delete `data/`"). */
export const PATH_VERBS = words`
  delet(?:e|ing) remov(?:e|ing) rm wip(?:e|ing) eras(?:e|ing) overwrit(?:e|ing) replac(?:e|ing)
  empt(?:y|ying) truncat(?:e|ing) clear(?:ing)?\s+out clean(?:ing)?\s+out
`;

/** Words between such a verb and its path ("delete all files in `data/`"). */
export const PATH_FILLERS = words`
  the all every contents files? folders? directory everything
`;

// ---------------------------------------------------------------------------------------------
// Time, mention and negation

/** Words that put a sentence in the past ("last week someone ran `terraform destroy`"). */
export const PAST_WORDS = words`
  yesterday
  last\s+(?:week|month|night|time|year|sprint|quarter|friday|monday|tuesday|wednesday|thursday|saturday|sunday)
  (?:\d+|a|two|three|few)\s+(?:days?|weeks?|months?|hours?|years?)\s+ago
  earlier\s+(?:today|this\s+week) previously in\s+the\s+past back\s+in
  (?:on|in)\s+(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b
  happened was\s+caused were\s+caused had\s+(?:been\s+)? by\s+mistake accidentally the\s+(?:outage|incident)\b
`;

/** Words that say what will be done now, even in a sentence about the past. */
export const NOW_WORDS = words`
  will we'll i'll i\s+will we\s+will going\s+to let's let\s+us plan\s+to now\s+(?:I|we)
  next,?\s+(?:I|we) then\s+(?:I|we) step\s+\d should\s+now need\s+to\s+now
`;

/** Words of a sentence that talks about a command or a text (a typo in it, its docs) rather than running it. */
export const MENTION_WORDS = words`
  typo misspell\w* document\w* docs?\b readme runbook comment\w* mention\w* describ\w* explain\w*
  rename\w*\s+the\s+(?:section|heading|title) section heading title wording spelling example\s+in
`;

/** Words that negate what follows them in a clause ("do not drop the table"). */
export const NEGATION_WORDS = words`
  not never no nor neither don't dont doesn't didn't won't wouldn't shouldn't mustn't can't cannot
  avoid\w* without instead\s+of rather\s+than refrain\s+from prevent\w* nothing stop\s+(?:\w+\s+)?from against
`;

/** Words that end a clause for negation ("keep prod, but drop the staging table"). */
export const CLAUSE_WORDS = words`
  but however instead(?!\s+of) then and or so after before once while because unless otherwise
`;

/** What a negation after the verb says ("… is not needed", "… is out of scope"). */
export const AFTER_BE_NEGATIONS = words`
  not never unnecessary no\s+longer out\s+of\s+scope off\s+the\s+table forbidden prohibited
`;
export const NOT_NEEDED = words`
  needed necessary required an\s+option recommended allowed permitted
`;

/** What names a shared branch or production (a history rewrite there is worse). */
export const SHARED_WORDS = words`
  main master trunk release production prod shared default\s+branch origin
`;
