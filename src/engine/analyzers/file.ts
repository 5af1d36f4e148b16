// File actions: fileWrite (whole content, compared with `previous` when given), fileEdit (a
// unified / git diff, possibly multi-file, a Codex `apply_patch` envelope, or `edits[]`) and
// fileDelete. Measures the size and spread of the change (lines, hunks, share of the file
// rewritten, files) with the `diff` package, then weighs the paths that matter (effects/judge.ts, file/content.ts):
// guard tampering, CI, code owners, IaC protections, migrations (their SQL goes to the SQL
// analyzer), secrets, dependencies, shell start-up files, git hooks, system folders.
// Does not catch: what a file does once something else runs it (a written script is only noted),
// a symlink pointing into a guarded place (facts resolve that), secrets or protections spelled in
// ways the patterns do not know, and edits whose fragments hide the key they change (an
// auto-approve entry edited far from its key in a diff with no context).
import type { ActionClass, FileDeleteAction, FileEditAction, FileWriteAction, Finding, Level, Reversibility, Target } from '../schema';
import { type Analysis, type AnalyzerContext, clip, emptyAnalysis, levelRank, classRank, mergeAnalysis } from '../analysis';
import { classifyPath, normalizePath, type GuardedCategory, type GuardedMatch } from '../effects/categories';
import { type JudgeEnv, judgeEffects } from '../effects/judge';
import type { Effect } from '../effects/types';
import { classifyPath as classifyWhere, fromWindows, normalizeAbs, VIRTUAL_WS, type Where } from '../effects/where';
import { formatCount } from '../format';
import { parsePatchText } from './file/patch';
import { embeddedSql, findFrameworkDrop, findRemoteCode, findSecrets, looksLikeIac, protectionChanges } from './file/content';

type Op = 'create' | 'modify' | 'overwrite' | 'delete' | 'move';

/** One file's change, however it arrived. */
export interface FileChange {
  path: string;
  fromPath?: string;
  op: Op;
  added: string[];
  removed: string[];
  hunks: number;
  /** Lines of the whole file before / after, when known. */
  oldTotal?: number;
  newTotal?: number;
  /** Whole texts, when known (a write, a created file). */
  before?: string;
  after?: string;
  /** Unchanged lines around the change (diff context, edit fragments). */
  context: string[];
  emptied: boolean;
  binary: boolean;
  isDir?: boolean;
  /** A delete tool's path that may be a folder (no facts, no extension). */
  maybeDir?: boolean;
}

// Size thresholds for one file: beyond these a change is a rewrite, not a patch.
const BROAD_LINES = 300;
const BROAD_HUNKS = 12;
const REWRITE_MIN_CHANGED = 40;
const REWRITE_SHARE = 0.5;
const MANY_FILES = 10;
const VERY_MANY_FILES = 100;
const MAX_SCRIPT_CHARS = 200_000;
/** Above this the Myers diff gives way to a line-multiset comparison (same counts, no hunks). */
const MAX_DIFF_LINES = 20_000;
/** Largest edit distance the exact diff is asked to find. */
const MAX_EDIT = 1000;
const IAC_SNIFF = 64 * 1024;

const DOC = /\.(?:md|markdown|mdx|txt|rst|adoc|html?)$/i;
const NOT_SECRET = /\.(?:example|sample|template|dist|defaults?|schema)$|\.example\.|\.sample\./i;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const isBinary = (text: string): boolean => text.slice(0, 8000).includes('\u0000');

/** Lines added and removed between two texts, and how many separate places changed. */
export function lineDiff(before: string, after: string): { added: string[]; removed: string[]; hunks: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  // Trim the common head and tail first: most edits touch a few lines of a long file.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (!midA.length || !midB.length) return { added: midB, removed: midA, hunks: midA.length || midB.length ? 1 : 0 };
  // One line for one (the commonest edit): they differ, since the common head stopped there.
  if (midA.length === 1 && midB.length === 1) return { added: midB, removed: midA, hunks: 1 };
  const rough = multisetDiff(midA, midB);
  // The multiset difference is a lower bound on the edit distance: when it is already large, an
  // exact diff would be slow (Myers is O((N+M)·D)) and say nothing more useful.
  if (midA.length + midB.length <= MAX_DIFF_LINES && rough.added.length + rough.removed.length <= MAX_EDIT) {
    // `diff`'s line diff alone, required lazily: only file changes need it, and the hook loads this
    // engine per call (the package's index would set up its other diffs too).
    const { diffLines } = require('diff/lib/diff/line.js') as typeof import('diff/lib/diff/line.js');
    const parts = diffLines(`${midA.join('\n')}\n`, `${midB.join('\n')}\n`, { maxEditLength: MAX_EDIT });
    if (parts) {
      const added: string[] = [];
      const removed: string[] = [];
      let hunks = 0;
      let inChange = false;
      for (const p of parts) {
        if (p.added || p.removed) {
          if (!inChange) hunks++;
          inChange = true;
          (p.added ? added : removed).push(...splitLines(p.value));
        } else inChange = false;
      }
      return { added, removed, hunks };
    }
  }
  // Too big or too different for an exact diff: the multiset comparison stands.
  return { ...rough, hunks: Math.max(1, Math.min(BROAD_HUNKS, Math.ceil((rough.added.length + rough.removed.length) / 20))) };
}

/** Lines of `b` not in `a` and of `a` not in `b`, counted with multiplicity, in O(N+M). */
function multisetDiff(a: string[], b: string[]): { added: string[]; removed: string[] } {
  const counts = new Map<string, number>();
  for (const l of a) counts.set(l, (counts.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of b) {
    const n = counts.get(l) ?? 0;
    if (n > 0) counts.set(l, n - 1);
    else added.push(l);
  }
  const removed: string[] = [];
  for (const [l, n] of counts) for (let i = 0; i < n; i++) removed.push(l);
  return { added, removed };
}

// ---------------------------------------------------------------------------------------------
// Building changes from each action kind

function changeFromWrite(action: FileWriteAction, ctx: AnalyzerContext): FileChange {
  const exists = ctx.facts.paths?.[action.path]?.exists;
  const binary = isBinary(action.content) || (action.previous !== undefined && isBinary(action.previous));
  if (action.previous === undefined) {
    const lines = binary ? [] : splitLines(action.content);
    return {
      path: action.path,
      op: exists ? 'overwrite' : 'create',
      added: lines,
      removed: [],
      hunks: lines.length ? 1 : 0,
      newTotal: lines.length,
      after: binary ? undefined : action.content,
      context: [],
      emptied: false,
      binary,
    };
  }
  const d = binary ? { added: [], removed: [], hunks: action.previous === action.content ? 0 : 1 } : lineDiff(action.previous, action.content);
  return {
    path: action.path,
    op: 'modify',
    ...d,
    oldTotal: splitLines(action.previous).length,
    newTotal: splitLines(action.content).length,
    before: binary ? undefined : action.previous,
    after: binary ? undefined : action.content,
    context: [],
    emptied: false,
    binary,
  };
}

function changesFromEdit(action: FileEditAction): { changes: FileChange[]; unreadable?: string } {
  const changes: FileChange[] = [];
  if (action.diff !== undefined && action.diff.trim()) {
    const patches = parsePatchText(action.diff);
    for (const p of patches) {
      const path = p.path || action.path;
      const created = p.op === 'create';
      changes.push({
        path,
        ...(p.fromPath ? { fromPath: p.fromPath } : {}),
        op: p.op,
        added: p.added,
        removed: p.removed,
        hunks: p.hunks,
        ...(created ? { oldTotal: 0, newTotal: p.added.length, after: p.added.join('\n') } : {}),
        ...(p.op === 'delete' ? { oldTotal: p.removed.length, newTotal: 0, before: p.removed.join('\n') } : {}),
        context: p.context,
        emptied: p.emptied,
        binary: p.binary,
      });
    }
    if (!patches.length) return { changes, unreadable: clip(action.diff, 120) };
  }
  if (action.edits?.length) {
    const ch: FileChange = { path: action.path, op: 'modify', added: [], removed: [], hunks: 0, context: [], emptied: false, binary: false };
    for (const e of action.edits) {
      if (e.oldText === e.newText) continue;
      const d = lineDiff(e.oldText, e.newText);
      ch.added.push(...d.added);
      ch.removed.push(...d.removed);
      ch.hunks += Math.max(1, d.hunks);
      if (ch.context.length < 200) ch.context.push(...splitLines(e.oldText).slice(0, 50));
    }
    const same = changes.find((c) => c.path === ch.path);
    if (same) {
      same.added.push(...ch.added);
      same.removed.push(...ch.removed);
      same.hunks += ch.hunks;
      same.context.push(...ch.context);
    } else changes.push(ch);
  }
  return { changes };
}

// ---------------------------------------------------------------------------------------------
// Findings

interface Ctx {
  ctx: AnalyzerContext;
  out: Analysis;
  /** Where each file finding came from, so the summary can say "and N other files". */
  perFile: Map<Finding, string>;
  /** The route, for messages (the tool: Write, Edit, Delete). */
  how: string;
}

function add(c: Ctx, path: string, f: Finding): void {
  c.out.findings.push(f);
  c.perFile.set(f, path);
}

function mk(rule: string, level: Level, message: string, evidence: string, cls?: ActionClass, rev?: Reversibility, targets?: Target[]): Finding {
  return {
    rule,
    level,
    message,
    evidence: clip(evidence),
    ...(cls ? { class: cls } : {}),
    ...(rev ? { reversibility: rev } : {}),
    ...(targets ? { targets } : {}),
  };
}

const targetOp = (op: Op): Target['op'] => op;

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

function verbFor(op: Op): string {
  return op === 'delete' ? 'Deletes' : op === 'create' ? 'Creates' : op === 'move' ? 'Moves' : 'Changes';
}

/** Where a file action's path lands: relative paths against the cwd; absolute ones as written. */
function fileWhere(ctx: AnalyzerContext): (shape: string) => Where {
  const f = ctx.facts;
  const ws = f.workspaceRoots?.[0] ?? f.cwd;
  const cur = f.cwd ?? ws;
  return (shape: string): Where => {
    const w = classifyWhere(shape, cur ? normalizeAbs(fromWindows(cur)) : VIRTUAL_WS, ws ? normalizeAbs(fromWindows(ws)) : VIRTUAL_WS, f.home);
    // Without a known workspace an absolute path in a home folder may well be the project itself
    // (a `~/…` path is the user's own folder either way).
    if (!ws && shape.startsWith('/') && (w.cls === 'home-sub' || w.cls === 'outside')) return { cls: 'unknown', resolved: w.resolved };
    return w;
  };
}

export function judgeEnvOf(ctx: AnalyzerContext): JudgeEnv {
  return { ...(ctx.facts.home ? { home: ctx.facts.home } : {}), guardPaths: ctx.facts.guardPaths ?? [], where: fileWhere(ctx) };
}

/** The effects of one file change, with what is known of its content. */
function effectsOf(ch: FileChange, ctx: AnalyzerContext, how: string): Effect[] {
  const content: Partial<Effect> = {};
  if (ch.after !== undefined && !ch.binary) content.content = ch.after;
  else if (!ch.binary && (ch.added.length || ch.removed.length || ch.op === 'modify'))
    Object.assign(content, { added: ch.added, removed: ch.removed, context: ch.context });
  if (ch.before !== undefined) content.before = ch.before;
  const facts = ctx.facts.paths?.[ch.path];
  switch (ch.op) {
    case 'delete': {
      // A delete tool removes folders too: without facts, a name with no extension may be a tree.
      const dir = Boolean(ch.isDir) || facts?.type === 'dir' || (facts?.type === undefined && Boolean(ch.maybeDir));
      return [{ op: 'delete', path: ch.path, how, recursive: dir, glob: /[*?]/.test(ch.path) }];
    }
    case 'move':
      return [
        ...(ch.fromPath && ch.fromPath !== ch.path ? [{ op: 'move-away' as const, path: ch.fromPath, how, other: ch.path }] : []),
        { op: 'move-over', path: ch.path, how, ...content },
      ];
    case 'create':
      // New only when facts saw nothing there: a write with no previous content may still replace a file.
      return [{ op: 'create', path: ch.path, how, ...(facts?.exists === false ? { isNew: true } : {}), ...content }];
    case 'overwrite':
      return [{ op: 'overwrite', path: ch.path, how, ...(ch.emptied ? { content: '' } : content) }];
    default:
      return [{ op: 'modify', path: ch.path, how, ...content }];
  }
}

function categories(path: string): readonly GuardedMatch[] {
  const { path: p } = normalizePath(path);
  let cats = classifyPath(p);
  if (NOT_SECRET.test(p)) cats = cats.filter((m) => m.category !== 'secret');
  return cats;
}

function fileFindings(ch: FileChange, c: Ctx): void {
  const { ctx } = c;
  const path = ch.path;
  const cats = categories(path);
  const has = (cat: GuardedCategory): GuardedMatch | undefined => cats.find((m) => m.category === cat);
  const target: Target = { kind: 'path', name: path, op: targetOp(ch.op) };
  const targets = [target];
  const del = ch.op === 'delete';
  const beforeText = ch.before ?? ch.removed.join('\n');
  const afterText = ch.after ?? ch.added.join('\n');
  const addedText = ch.added.join('\n');
  const doc = DOC.test(path);
  const push = (f: Finding): void => add(c, path, f);

  // --- What the change does to the path: guard assets, categories, where it lands (one judge
  // for every route; a secret file's name is not a secret when it is an example).
  const effects = effectsOf(ch, ctx, c.how);
  for (const spec of judgeEffects(effects, judgeEnvOf(ctx))) {
    if (spec.rule === 'path.secret' && NOT_SECRET.test(normalizePath(path).path)) continue;
    push(mk(spec.rule, spec.level, spec.message, path, spec.cls, spec.rev, spec.targets));
  }

  // --- What the content says.
  if (has('editor-tasks') && !del && /["']?runOn["']?\s*:\s*["']folderOpen["']/.test(addedText)) {
    push(mk('file.autorun-task', 'high', `Adds a task that runs when the folder opens to ${path}`, path, 'broad-change', 'recoverable', targets));
  }

  // IaC signatures sit near the top of a file; reading the head keeps a 1 MB write cheap.
  const named = Boolean(has('iac'));
  const iac = named || (!doc && !ch.binary && looksLikeIac((del ? beforeText : afterText).slice(0, IAC_SNIFF)));
  const iacWhat = has('iac')?.what ?? 'infrastructure code';
  let iacRaised = false;
  if (iac && del && !named) {
    push(
      mk(
        'file.iac-delete',
        'high',
        `Deletes ${iacWhat} ${path}: what it declares is destroyed on the next apply`,
        path,
        'destructive',
        'irreversible',
        targets,
      ),
    );
    iacRaised = true;
  }
  if (!del && !doc && !ch.binary) {
    // The patterns are single-line, so counting them in the changed lines equals counting them in
    // the whole texts (and costs nothing for a small edit of a large file).
    for (const p of protectionChanges(ch.removed.join('\n'), addedText)) {
      const words = p.words[0]!.toUpperCase() + p.words.slice(1);
      push(
        mk(
          'file.iac-protection-removed',
          'high',
          `${words} ${p.how === 'removed' ? 'from' : 'in'} ${path} (a deletion safeguard)`,
          `${path}: ${p.words}`,
          'destructive',
          'irreversible',
          targets,
        ),
      );
      iacRaised = true;
    }
  }
  if (iac && !iacRaised && !del) push(mk('file.iac', 'medium', `${verbFor(ch.op)} ${iacWhat} ${path}`, path, 'broad-change', 'recoverable', targets));

  const migration = has('migration');
  if (migration && !ch.binary) {
    if (/\.sql$/i.test(path)) {
      const statement = del ? '' : (ch.after ?? addedText);
      if (statement.trim()) {
        const inner = ctx.nested({ kind: 'sql', statement }, `migration ${path}`);
        mergeWithPath(c, path, inner);
      }
    } else if (!del) {
      const drop = findFrameworkDrop(addedText);
      if (drop)
        push(
          mk('file.migration-drop', 'high', `Migration ${path} drops schema objects (data is lost when it runs)`, drop, 'destructive', 'irreversible', targets),
        );
      for (const statement of embeddedSql(addedText)) mergeWithPath(c, path, ctx.nested({ kind: 'sql', statement }, `migration ${path}`));
    }
    if (ch.op === 'modify' && ch.removed.length)
      push(mk('file.migration-rewrite', 'medium', `Edits existing migration ${path} (it may already have run)`, path, 'broad-change', 'recoverable', targets));
    else if (!del) push(mk('file.migration', 'low', `${verbFor(ch.op)} database migration ${path}`, path));
  }

  const secret = has('secret');
  const pkgConfig = has('package-config');
  if (pkgConfig && !del) {
    if (/_auth(?:Token)?\s*=|_password\s*=|\bpassword\s*[:=]|\btoken\s*[:=]/i.test(addedText))
      push(mk('file.secret-file', 'high', `Writes a registry token into ${path}`, `${path}: token`, 'broad-change', 'unknown', targets));
    else
      push(mk('file.package-config', 'medium', `Changes ${pkgConfig.what} ${path} (where packages come from)`, path, 'broad-change', 'recoverable', targets));
  }
  if (!secret && !del && !ch.binary) {
    const hits = findSecrets(addedText);
    if (hits.length)
      push(
        mk(
          'file.secret-content',
          'high',
          `Adds what looks like a ${hits[0]!.name} to ${path}`,
          hits.map((h) => `${h.name}: ${h.redacted}`).join('; '),
          'broad-change',
          'unknown',
          targets,
        ),
      );
  }

  const manifest = has('package-manifest');
  if (manifest && !ch.binary && !del) manifestFindings(ch, path, manifest.what, push, targets);

  const rc = has('shell-rc');
  const hook = has('git-hook');
  // Start-up files and environment files set the variables every later process inherits — the
  // agent's and so its hook's: moving the guard's audit log, bridge or state is tampering.
  if ((rc || /(?:^|\/)(?:\.pam_environment|environment|environment\.d\/[^/]+\.conf|\.envrc|launchd\.conf)$/.test(normalizePath(path).path)) && !del) {
    const env = ch.added.find((l) => /\bBLAST_RADIUS_[A-Z_]+\b|\bXDG_(?:RUNTIME_DIR|STATE_HOME)\s*=/.test(l));
    if (env)
      push(
        mk('guard.env', 'critical', `Sets a variable the Blast Radius hook reads in ${path} (guard tampering)`, env.trim(), 'broad-change', 'unknown', targets),
      );
  }
  if ((rc || hook) && !del) {
    const remote = findRemoteCode(addedText);
    if (remote) push(mk('file.remote-code', 'high', `Adds code that downloads and runs a script to ${path}`, remote, 'broad-change', 'unknown', targets));
  }

  const script = has('script') || (!del && /^#!.*\b(?:ba|z|da|k)?sh\b/.test(afterText));
  if (script && !del && !ch.binary && !rc && !hook) scriptFindings(ch, c, path, afterText);

  sizeFindings(ch, c, targets);
}

function mergeWithPath(c: Ctx, path: string, inner: Analysis): void {
  for (const f of inner.findings) c.perFile.set(f, path);
  const { summary: _ignored, ...rest } = inner;
  mergeAnalysis(c.out, { ...rest, readOnly: false });
}

function manifestFindings(ch: FileChange, path: string, what: string, push: (f: Finding) => void, targets: Target[]): void {
  const isPkgJson = /(?:^|\/)package\.json$/i.test(normalizePath(path).path);
  if (isPkgJson && ch.before !== undefined && ch.after !== undefined) {
    const read = (t: string): Record<string, unknown> | undefined => {
      try {
        const v: unknown = JSON.parse(t);
        return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
      } catch {
        return undefined;
      }
    };
    const a = read(ch.before);
    const b = read(ch.after);
    if (a && b) {
      const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'overrides', 'resolutions'];
      const changed = sections.filter((s) => JSON.stringify(a[s]) !== JSON.stringify(b[s]));
      const scripts = (o: Record<string, unknown>): Record<string, unknown> =>
        o.scripts && typeof o.scripts === 'object' ? (o.scripts as Record<string, unknown>) : {};
      const hooks = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'].filter(
        (s) => scripts(a)[s] !== scripts(b)[s] && scripts(b)[s] !== undefined,
      );
      if (changed.length)
        push(
          mk(
            'file.dependencies',
            'medium',
            `Changes ${changed.join(', ')} in ${path}`,
            `${path}: ${changed.join(', ')}`,
            'broad-change',
            'recoverable',
            targets,
          ),
        );
      if (hooks.length)
        push(
          mk(
            'file.install-script',
            'medium',
            `Sets install-time script ${hooks.join(', ')} in ${path} (runs on every install)`,
            `${hooks[0]}: ${String(scripts(b)[hooks[0]!])}`,
            'broad-change',
            'recoverable',
            targets,
          ),
        );
      return;
    }
  }
  if (ch.op === 'delete') return;
  push(mk('file.dependencies', 'medium', `${verbFor(ch.op)} ${what} ${path} (dependencies)`, path, 'broad-change', 'recoverable', targets));
  const install = ch.added.find((l) => /"(?:preinstall|install|postinstall|prepare)"\s*:/.test(l));
  if (install && isPkgJson)
    push(
      mk(
        'file.install-script',
        'medium',
        `Sets an install-time script in ${path} (runs on every install)`,
        install.trim(),
        'broad-change',
        'recoverable',
        targets,
      ),
    );
}

function scriptFindings(ch: FileChange, c: Ctx, path: string, text: string): void {
  if (!text.trim()) return;
  const inner = c.ctx.nested({ kind: 'shell', command: text.slice(0, MAX_SCRIPT_CHARS) }, `script ${path}`);
  // A script on disk is data until something runs it: its risk is noted, capped at medium.
  const worst = [...inner.findings].sort((x, y) => levelRank(y.level) - levelRank(x.level))[0];
  if (worst && levelRank(worst.level) >= levelRank('high')) {
    add(
      c,
      path,
      mk('file.script-risky', 'medium', `Writes script ${path} that would ${lowerFirst(worst.message)} if run`, worst.evidence, undefined, undefined, [
        { kind: 'path', name: path, op: targetOp(ch.op) },
      ]),
    );
  } else {
    add(c, path, mk('file.script', 'low', `Writes shell script ${path} (not run by this action)`, path));
  }
}

const lowerFirst = (s: string): string => (s ? s[0]!.toLowerCase() + s.slice(1) : s);

function sizeFindings(ch: FileChange, c: Ctx, targets: Target[]): void {
  const path = ch.path;
  const push = (f: Finding): void => add(c, path, f);
  if (ch.op === 'delete') return;
  if (ch.emptied) {
    push(mk('file.emptied', 'medium', `Empties ${path} (a delete in disguise)`, path, 'destructive', 'unknown', targets));
    return;
  }
  const changed = Math.max(ch.added.length, ch.removed.length);
  if (ch.op === 'create' || ch.op === 'overwrite') {
    if (ch.op === 'overwrite' && ch.before === undefined) {
      push(
        mk('file.overwrite-unseen', 'medium', `Overwrites existing ${path} without its previous content to compare`, path, 'broad-change', 'unknown', targets),
      );
    }
    return;
  }
  const oldTotal = ch.oldTotal;
  if (oldTotal !== undefined && ch.newTotal !== undefined && oldTotal >= 50 && ch.newTotal <= oldTotal * 0.2 && ch.removed.length >= REWRITE_MIN_CHANGED) {
    push(
      mk(
        'file.truncated',
        'medium',
        `Cuts ${path} from ${plural(oldTotal, 'line')} to ${formatCount(ch.newTotal)}`,
        path,
        'destructive',
        'recoverable',
        targets,
      ),
    );
    return;
  }
  const share = oldTotal ? changed / oldTotal : 0;
  if (oldTotal !== undefined && oldTotal >= 20 && changed >= REWRITE_MIN_CHANGED && share >= REWRITE_SHARE) {
    push(
      mk(
        'file.broad-change',
        'medium',
        `Rewrites ${Math.round(Math.min(1, share) * 100)}% of ${path} (${formatCount(changed)} of ${plural(oldTotal, 'line')})`,
        path,
        'broad-change',
        'recoverable',
        targets,
      ),
    );
  } else if (changed >= BROAD_LINES) {
    push(mk('file.broad-change', 'medium', `Changes ${plural(changed, 'line')} in ${path}`, path, 'broad-change', 'recoverable', targets));
  } else if (ch.hunks >= BROAD_HUNKS) {
    push(mk('file.broad-change', 'medium', `Changes ${path} in ${ch.hunks} separate places`, path, 'broad-change', 'recoverable', targets));
  }
}

// ---------------------------------------------------------------------------------------------
// Putting it together

function analyzeChanges(changes: FileChange[], ctx: AnalyzerContext, how: string, extra: Finding[] = []): Analysis {
  const out = emptyAnalysis();
  const c: Ctx = { ctx, out, perFile: new Map(), how };
  for (const f of extra) out.findings.push(f);
  let lines = 0;
  for (const ch of changes) {
    fileFindings(ch, c);
    const t: Target = { kind: 'path', name: ch.path, op: targetOp(ch.op) };
    if (!out.targets.some((x) => x.kind === 'path' && x.name === t.name && x.op === t.op)) out.targets.push(t);
    if (ch.fromPath && ch.fromPath !== ch.path) out.targets.push({ kind: 'path', name: ch.fromPath, op: 'move' });
    out.envHints.push({ source: 'path', value: ch.path });
    lines += Math.max(ch.added.length, ch.removed.length);
  }
  out.counts.files = (out.counts.files ?? 0) + changes.length;
  if (lines) out.counts.lines = (out.counts.lines ?? 0) + lines;

  const deletes = changes.filter((ch) => ch.op === 'delete').length;
  if (deletes > MANY_FILES) {
    out.findings.push(
      mk(
        'file.delete-many',
        'high',
        `Deletes ${plural(deletes, 'file')}`,
        changes
          .filter((ch) => ch.op === 'delete')
          .slice(0, 5)
          .map((ch) => ch.path)
          .join(', '),
        'destructive',
        'unknown',
      ),
    );
  }
  if (changes.length > MANY_FILES) {
    const level: Level = changes.length > VERY_MANY_FILES ? 'high' : 'medium';
    out.findings.push(
      mk(
        'file.many-files',
        level,
        `Changes ${plural(changes.length, 'file')} at once`,
        changes
          .slice(0, 5)
          .map((ch) => ch.path)
          .join(', '),
        'broad-change',
        'recoverable',
      ),
    );
  }
  out.summary = summarize(changes, out, c.perFile, lines);
  return out;
}

function worstFinding(findings: Finding[]): Finding | undefined {
  let best: Finding | undefined;
  for (const f of findings) {
    if (
      !best ||
      levelRank(f.level) > levelRank(best.level) ||
      (levelRank(f.level) === levelRank(best.level) && classRank(f.class ?? 'read-only') > classRank(best.class ?? 'read-only'))
    )
      best = f;
  }
  return best;
}

function summarize(changes: FileChange[], out: Analysis, perFile: Map<Finding, string>, lines: number): string {
  const worst = worstFinding(out.findings);
  if (worst && levelRank(worst.level) >= levelRank('medium')) {
    const where = perFile.get(worst);
    const others = where ? changes.filter((ch) => ch.path !== where).length : 0;
    return others ? `${worst.message} (and ${plural(others, 'other file')})` : worst.message;
  }
  if (changes.length === 1) {
    const ch = changes[0]!;
    const n = Math.max(ch.added.length, ch.removed.length);
    if (ch.op === 'delete') return worst?.message ?? `Deletes ${ch.path}`;
    if (ch.op === 'create') return `Creates ${ch.path}${ch.binary ? '' : ` (${plural(ch.added.length, 'line')})`}`;
    if (ch.op === 'move') return `Moves ${ch.fromPath ?? '?'} to ${ch.path}${n ? ` and edits ${plural(n, 'line')}` : ''}`;
    if (ch.binary) return `Changes binary file ${ch.path}`;
    if (n === 0) return `Makes no change to ${ch.path}`;
    return `Edits ${plural(n, 'line')} in ${ch.path}`;
  }
  if (changes.length === 0) return 'Changes no files';
  const created = changes.filter((ch) => ch.op === 'create').length;
  return `Edits ${plural(changes.length, 'file')} (${plural(lines, 'line')}${created ? `, ${created} new` : ''})`;
}

export const analyzeFileWrite = (action: FileWriteAction, ctx: AnalyzerContext): Analysis => {
  const ch = changeFromWrite(action, ctx);
  const extra: Finding[] = [];
  // Writing nothing over a file is deleting it with extra steps.
  if (!ch.binary && action.content.trim() === '') {
    const facts = ctx.facts.paths?.[action.path];
    if (action.previous !== undefined ? action.previous.trim() !== '' : facts?.exists === true) {
      ch.emptied = true;
      ch.op = 'overwrite';
      ch.before ??= action.previous;
    } else if (action.previous === undefined && facts?.exists === undefined) {
      extra.push(mk('file.empty-write', 'low', `Writes an empty ${action.path}; if the file exists, this empties it`, action.path));
    }
  }
  return analyzeChanges([ch], ctx, 'a file write', extra);
};

export const analyzeFileEdit = (action: FileEditAction, ctx: AnalyzerContext): Analysis => {
  const { changes, unreadable } = changesFromEdit(action);
  const extra: Finding[] = [];
  if (unreadable !== undefined) {
    extra.push(
      mk(
        'file.unreadable-diff',
        'medium',
        `Could not read the diff for ${action.path || 'this edit'}, so its reach is unknown`,
        unreadable,
        'broad-change',
        'unknown',
      ),
    );
  }
  if (!changes.length && unreadable === undefined) {
    // No diff and no edits: nothing to change, but the path still tells what would be touched.
    changes.push({ path: action.path, op: 'modify', added: [], removed: [], hunks: 0, context: [], emptied: false, binary: false });
  }
  return analyzeChanges(changes, ctx, 'a file edit', extra);
};

export const analyzeFileDelete = (action: FileDeleteAction, ctx: AnalyzerContext): Analysis => {
  const changes: FileChange[] = action.paths.map((p) => {
    const { path: n, isDir } = normalizePath(p);
    const maybeDir = !/\.[A-Za-z0-9]{1,8}$/.test(n.split('/').pop() ?? '');
    return { path: p, op: 'delete', added: [], removed: [], hunks: 0, context: [], emptied: false, binary: false, isDir, maybeDir };
  });
  if (!changes.length) {
    const out = emptyAnalysis(true);
    out.summary = 'Deletes nothing (no paths given)';
    return out;
  }
  return analyzeChanges(changes, ctx, 'a file delete');
};
