// The shell analyzer: parses a command line (bash/sh/zsh with parse.ts, pwsh/cmd with pwsh.ts),
// walks every command that would run — including those inside `$(…)`, backticks, process
// substitutions, functions, loops, `bash -c`, `eval`, `xargs`, `find -exec`, `ssh host cmd` and
// interpreters' one-liners — and reports destructive verbs (the tool packs in packs/) with their targets.
// Sees: wrappers (sudo, env, command, nohup, timeout, xargs, parallel…), quote splicing, full paths
// to binaries, `cd` and simple variable assignments, heredocs and pipes fed to shells/interpreters.
// Does not catch: behaviour of scripts it cannot read (`./deploy.sh`, `make clean`), aliases and
// functions defined outside the command, values of environment variables (treated as unknown),
// code an interpreter builds at run time beyond string literals.
import type { Action, ShellAction, ShellDialect, Target } from '../../schema';
import { type Analysis, type AnalyzerContext, type ContextUse, emptyAnalysis, levelRank, mergeAnalysis } from '../../analysis';
import type { Command, Redir, Stmt, Word } from './ast';
import { parseShell } from './parse';
import { classifyPath, fromWindows, HOME_MARK, normalizeAbs, VIRTUAL_WS, type Where } from '../../effects/where';
import { hasGlob, innerScripts, shapeOf, soleCmdsub, staticValue } from './words';
import { type Arg, type FindingSpec, type Invocation, type ScriptSource, type Sink, type Stdin, ev } from './types';
import { runVerb } from './packs';
import { decodeBase64, decodeHex, printfText, unescapeC } from './decode';
import { type JudgeEnv, judgeEffects } from '../../effects/judge';
import type { Effect } from '../../effects/types';
import { analyzePwshOrCmd } from './pwsh';

const MAX_FINDINGS = 200;
/** Systems whose configuration is the folder they run in (the folder names the environment). */
const FOLDER_TOOLS = new Set<ContextUse['system']>(['terraform']);
/** Simple commands walked before the rest is reported as not analysed (bounds time on huge input). */
export const MAX_COMMANDS = 1000;

export function analyzeShell(action: ShellAction, ctx: AnalyzerContext): Analysis {
  const run = new ShellRun(action, ctx);
  return run.analyze();
}

class ShellRun implements Sink {
  readonly analysis: Analysis = emptyAnalysis(true);
  private readonly ws: string;
  /** The current directory; undefined once a `cd` went somewhere we cannot know. */
  private cur: string | undefined;
  private vars = new Map<string, string | null>();
  private readonly dialect: ShellDialect;
  private truncated = false;
  /** Where this command moved things (destination → source as written), for moves then deletes. */
  private moved = new Map<string, string>();
  /** Aliases this command defined (`alias x='rm -rf'`), by name. */
  readonly aliases = new Map<string, string>();
  private aliasDepth = 0;
  /** Files this command wrote, with their content when it is known. */
  private written = new Map<string, string | undefined>();

  constructor(
    private readonly action: ShellAction,
    readonly ctx: AnalyzerContext,
  ) {
    this.ws = action.cwd ? normalizeAbs(fromWindows(action.cwd)) : VIRTUAL_WS;
    this.cur = this.ws;
    this.dialect = action.shell ?? 'bash';
  }

  analyze(): Analysis {
    // bash drops NUL bytes when it reads a command; so do we (`rm -rf /\0` is `rm -rf /`).
    const text = this.action.command.includes('\0') ? this.action.command.replace(/\0/g, '') : this.action.command;
    if (this.dialect === 'pwsh' || this.dialect === 'cmd') {
      analyzePwshOrCmd(text, this.dialect, this);
    } else {
      const script = parseShell(text, this.ctx.depth * 10);
      const base: Invocation = { args: [], evidence: ev(text), sudo: false, stdin: { kind: 'none' }, env: new Map(), via: [], dialect: this.dialect };
      if (script.errors.length) {
        const e = script.errors[0]!;
        const spec: FindingSpec =
          script.tooDeep || script.tooLarge
            ? {
                rule: 'shell.unanalysable',
                level: 'high',
                message: script.tooLarge
                  ? 'Command is too large to analyse completely; the rest was not read'
                  : 'Command is nested too deep to analyse completely',
                cls: 'broad-change',
                rev: 'unknown',
              }
            : {
                rule: 'shell.parse-error',
                level: 'medium',
                message: `Shell syntax error (${e.message}); analysed what could be read`,
                cls: 'broad-change',
                rev: 'unknown',
              };
        this.add(base, spec);
      }
      this.walkList(script.stmts, { kind: 'none' });
    }
    this.finish();
    return this.analysis;
  }

  private finish(): void {
    const a = this.analysis;
    if (a.findings.length) {
      let worst = a.findings[0]!;
      for (const f of a.findings) if (levelRank(f.level) > levelRank(worst.level)) worst = f;
      if (levelRank(worst.level) > 0 || !a.summary) a.summary = worst.message;
      const others = a.findings.filter((f) => f !== worst && levelRank(f.level) > 0).length;
      if (others > 0 && levelRank(worst.level) > 0) a.summary = `${worst.message} (+${others} more)`;
    }
    if (a.findings.length) a.readOnly = false;
  }

  // -------------------------------------------------------------------------------------------
  // Sink

  add(inv: Invocation, f: FindingSpec): void {
    this.mutates();
    if (this.analysis.findings.length >= MAX_FINDINGS) return;
    const via = inv.via.length ? ` (via ${inv.via.join(' → ')})` : '';
    this.analysis.findings.push({
      rule: f.rule,
      level: f.level,
      message: f.message + via,
      evidence: inv.evidence,
      class: f.cls,
      reversibility: f.rev,
      ...(f.targets && f.targets.length ? { targets: f.targets } : {}),
    });
    for (const t of f.targets ?? []) {
      if (!this.analysis.targets.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op)) this.analysis.targets.push(t);
      this.hint(t.kind, t.name);
    }
  }

  effects(inv: Invocation, list: Effect[], opts: { guardOnly?: boolean } = {}): void {
    this.mutates();
    // A write whose whole content the command says (a heredoc, a static echo, tee of a known
    // stdin) is a file write like the Write tool's: the file analyzer judges its content too
    // (a script that would delete, a secret, an auto-approve key) with the same effects judge.
    const known = opts.guardOnly
      ? []
      : list.filter((e) => (e.op === 'create' || e.op === 'overwrite' || e.op === 'append') && e.content !== undefined && !e.recursive);
    for (const e of known) {
      const w = this.where(e.path);
      const path = this.cur === this.ws || w.cls === 'unknown' || /^\/__(?:workspace|home)__/.test(w.resolved) ? e.path : w.resolved;
      // An append is an edit that adds its lines at the end.
      const action: Action =
        e.op === 'append' ? { kind: 'fileEdit', path, edits: [{ oldText: '', newText: e.content! }] } : { kind: 'fileWrite', path, content: e.content! };
      const sub = this.ctx.nested(action, e.how);
      for (const f of sub.findings) {
        f.evidence = inv.evidence;
        if (!f.message.includes(e.how)) f.message = `${f.message} (by ${e.how})`;
      }
      mergeAnalysis(this.analysis, { ...sub, summary: undefined, readOnly: false });
      this.remember(e);
    }
    const judged = list.filter((e) => !known.includes(e)).map((e) => this.followMoves(e));
    const env: JudgeEnv = {
      ...(this.ctx.facts.home ? { home: this.ctx.facts.home } : {}),
      guardPaths: this.ctx.facts.guardPaths ?? [],
      sudo: inv.sudo,
      where: (shape) => this.where(shape),
    };
    for (const spec of judgeEffects(judged, env)) {
      if (opts.guardOnly && !spec.rule.startsWith('guard.')) continue;
      // The same judgement of the same path once (a literal write and a guessed one, `mv a dir/`).
      const name = spec.targets?.[0]?.name;
      if (
        this.analysis.findings.some(
          (f) =>
            f.rule === spec.rule && f.level === spec.level && (f.targets?.[0]?.name === name || (f.rule.startsWith('guard.') && f.evidence === inv.evidence)),
        )
      )
        continue;
      this.add(inv, spec);
    }
    for (const e of list) if (!known.includes(e)) this.remember(e);
  }

  /**
   * A delete of something this command moved earlier is a delete of what was moved: in
   * `mv ~/project /tmp/x && rm -rf /tmp/x` each half alone looks harmless.
   */
  private followMoves(e: Effect): Effect {
    if (e.op !== 'delete' && e.op !== 'chmod' && e.op !== 'chown' && e.op !== 'overwrite' && e.op !== 'truncate') return e;
    const w = this.where(e.path);
    for (const [dest, src] of this.moved) {
      if (w.resolved === dest || w.resolved.startsWith(`${dest}/`) || (dest.startsWith(`${w.resolved}/`) && e.recursive)) {
        return { ...e, path: src, how: `${e.how} (of ${e.path}, where ${src} was moved earlier in this command)`, recursive: e.recursive || e.op === 'delete' };
      }
    }
    return e;
  }

  /** Moves and writes of this command, for the steps after it. */
  private remember(e: Effect): void {
    if (e.op === 'move-away' && e.other) {
      const dest = this.where(e.other);
      if (dest.cls === 'unknown' || this.moved.size > 50) return;
      this.moved.set(dest.resolved, e.path);
      // `mv src dir/`: it lands in dir/<basename>.
      const base = e.path.replace(/\/+$/, '').split('/').pop();
      if (base) this.moved.set(`${dest.resolved}/${base}`, e.path);
    }
    if ((e.op === 'create' || e.op === 'overwrite') && this.written.size < 50) {
      const w = this.where(e.path);
      if (w.cls !== 'unknown') this.written.set(w.resolved, e.content);
    }
  }

  /** What this command wrote to a path earlier (`cat > x.sh <<EOF … EOF; bash x.sh`): content or unknown. */
  writtenBefore(shape: string): { content?: string } | undefined {
    const w = this.where(shape);
    if (!this.written.has(w.resolved)) return undefined;
    const content = this.written.get(w.resolved);
    return content === undefined ? {} : { content };
  }

  where(shape: string): Where {
    return classifyPath(shape, this.cur, this.ws, this.ctx.facts.home);
  }

  nestedShell(command: string, inv: Invocation, via: string, dialect?: ShellDialect): void {
    const d = dialect ?? (inv.dialect === 'pwsh' || inv.dialect === 'cmd' ? 'bash' : inv.dialect);
    const action: ShellAction = { kind: 'shell', command, shell: d };
    if (this.action.cwd) action.cwd = this.cur && this.cur !== VIRTUAL_WS ? this.cur : this.action.cwd;
    const sub = this.ctx.nested(action, via);
    // Findings inside keep their own evidence; the wrapper is named in the message.
    for (const f of sub.findings) if (!f.message.includes(`(via ${via}`)) f.message += ` (via ${via})`;
    mergeAnalysis(this.analysis, sub);
    if (!sub.readOnly) this.mutates();
  }

  nested(action: Action, via: string): void {
    const sub = this.ctx.nested(action, via);
    mergeAnalysis(this.analysis, sub);
    if (!sub.readOnly) this.mutates();
  }

  dispatch(inv: Invocation): void {
    this.analysis.counts.commands = (this.analysis.counts.commands ?? 0) + 1;
    if (this.analysis.counts.commands > MAX_COMMANDS) {
      if (!this.truncated) {
        this.truncated = true;
        this.analysis.counts.atLeast = true;
        this.add(inv, {
          rule: 'shell.unanalysable',
          level: 'high',
          message: `More than ${MAX_COMMANDS} commands; the rest were not analysed`,
          cls: 'broad-change',
          rev: 'unknown',
        });
      }
      return;
    }
    if (inv.args.length === 0) return;
    const head = inv.args[0]!;
    if (head.value === undefined) {
      this.add(inv, {
        rule: 'shell.unanalysable',
        level: 'medium',
        message: `The command name is only known at run time (${ev(head.shape, 40)})`,
        cls: 'broad-change',
        rev: 'unknown',
      });
      return;
    }
    runVerb(inv, this);
  }

  target(t: Target): void {
    if (this.analysis.targets.length < 200 && !this.analysis.targets.some((x) => x.kind === t.kind && x.name === t.name && x.op === t.op))
      this.analysis.targets.push(t);
  }

  scriptSource(shape: string): ScriptSource | undefined {
    const w = this.where(shape);
    if (w.cls !== 'unknown' && this.written.has(w.resolved)) {
      const content = this.written.get(w.resolved);
      return content === undefined ? { problem: 'unknown', resolved: w.resolved } : { content, resolved: w.resolved };
    }
    const scripts = this.ctx.facts.scripts;
    if (!scripts) return undefined;
    const hit = scripts[shape] ?? Object.values(scripts).find((x) => x.resolved === w.resolved);
    if (!hit) return { problem: 'unknown' };
    return { ...(hit.content !== undefined ? { content: hit.content } : {}), ...(hit.problem ? { problem: hit.problem } : {}), resolved: hit.resolved };
  }

  hint(source: string, value: string): void {
    if (!value || this.analysis.envHints.length > 100) return;
    if (!this.analysis.envHints.some((h) => h.source === source && h.value === value)) this.analysis.envHints.push({ source, value });
  }

  context(c: ContextUse): void {
    // Where the tool runs: `cd infra/prod && terraform destroy` lands in infra/prod, whose name (and,
    // through facts, whose backend key) says which environment it is.
    const dir = FOLDER_TOOLS.has(c.system) ? this.relativeDir() : undefined;
    if (dir !== undefined && dir !== '.' && c.dir === undefined) c = { ...c, dir };
    if (
      !this.analysis.contexts.some(
        (x) => x.system === c.system && x.context === c.context && x.namespace === c.namespace && x.region === c.region && x.dir === c.dir,
      )
    )
      this.analysis.contexts.push(c);
    if (c.context) this.hint(`${c.system} context`, c.context);
    if (c.namespace) this.hint(`${c.system} namespace`, c.namespace);
    if (c.dir) this.hint('working directory', c.dir);
  }

  /** The current folder relative to where the command started, absolute when a `cd` left it. */
  private relativeDir(): string | undefined {
    const cur = this.cur;
    if (cur === undefined || cur.startsWith('$') || cur.startsWith(HOME_MARK)) return undefined;
    if (cur === this.ws) return '.';
    if (cur.startsWith(`${this.ws}/`)) return cur.slice(this.ws.length + 1);
    return cur.startsWith(VIRTUAL_WS) ? undefined : cur;
  }

  mutates(): void {
    this.analysis.readOnly = false;
  }

  defineAlias(name: string, value: string): void {
    if (this.aliases.size < 50) this.aliases.set(name, value);
  }

  // -------------------------------------------------------------------------------------------
  // Walking the AST

  private walkList(stmts: Stmt[], stdin: Stdin): void {
    for (const s of stmts) {
      if (this.truncated) return;
      this.walkPipeline(s.list.first.cmds, stdin);
      for (const r of s.list.rest) this.walkPipeline(r.pipeline.cmds, stdin);
    }
  }

  /** Runs `fn` with the directory and variables restored afterwards (subshells, `$(…)`). */
  private scoped(fn: () => void): void {
    const cur = this.cur;
    const vars = new Map(this.vars);
    fn();
    this.cur = cur;
    this.vars = vars;
  }

  private walkPipeline(cmds: Command[], stdin: Stdin): void {
    let input = stdin;
    cmds.forEach((c, i) => {
      if (this.truncated) return;
      const run = (): void => this.walkCommand(c, input);
      // Every element of a multi-command pipeline runs in a subshell.
      if (cmds.length > 1) this.scoped(run);
      else run();
      if (i < cmds.length - 1) input = this.outputOf(c, input);
    });
  }

  private walkCommand(c: Command, stdin: Stdin): void {
    if (this.truncated) return;
    switch (c.type) {
      case 'simple':
        this.walkSimple(c, stdin);
        return;
      case 'subshell':
        this.walkRedirs(c.redirs);
        this.scoped(() => this.walkList(c.body, this.redirStdin(c.redirs) ?? stdin));
        return;
      case 'group':
        this.walkRedirs(c.redirs);
        this.walkList(c.body, this.redirStdin(c.redirs) ?? stdin);
        return;
      case 'if':
        this.walkRedirs(c.redirs);
        for (const cl of c.clauses) {
          this.walkList(cl.cond, stdin);
          this.walkList(cl.body, stdin);
        }
        if (c.elseBody) this.walkList(c.elseBody, stdin);
        return;
      case 'for':
        this.walkRedirs(c.redirs);
        for (const w of c.items ?? []) this.walkWordScripts(w);
        if (c.name) this.vars.set(c.name, null);
        this.walkList(c.body, stdin);
        return;
      case 'while':
        this.walkRedirs(c.redirs);
        this.walkList(c.cond, this.redirStdin(c.redirs) ?? stdin);
        this.walkList(c.body, this.redirStdin(c.redirs) ?? stdin);
        return;
      case 'case':
        this.walkRedirs(c.redirs);
        this.walkWordScripts(c.word);
        for (const it of c.items) this.walkList(it.body, stdin);
        return;
      case 'func':
        // A function defined here may be called here; its body is judged as if it runs.
        this.scoped(() => this.walkCommand(c.body, { kind: 'none' }));
        return;
      case 'test':
        this.walkRedirs(c.redirs);
        for (const w of c.words) this.walkWordScripts(w);
        return;
      case 'arithcmd':
        this.walkRedirs(c.redirs);
        for (const s of c.subs) this.scoped(() => this.walkList(s, { kind: 'none' }));
        return;
      case 'coproc':
        this.walkCommand(c.body, { kind: 'none' });
        return;
    }
  }

  private walkWordScripts(w: Word): void {
    for (const body of innerScripts(w)) this.scoped(() => this.walkList(body, { kind: 'none' }));
  }

  /** `output`: what the command writes to its standard output, when it is known. */
  private walkRedirs(redirs: Redir[], output?: string): void {
    for (const r of redirs) {
      if (r.target) this.walkWordScripts(r.target);
      if (r.heredoc && !r.heredoc.quoted) this.walkWordScripts(r.heredoc.word);
      const stdout = r.fd === undefined || r.fd === '1' || r.op.startsWith('&');
      if (r.target && /^(>|>>|>\||&>|&>>|<>)$/.test(r.op)) this.checkWrite(r, stdout ? output : undefined);
    }
  }

  /** A redirection that writes a file: an effect like any other route's. */
  private checkWrite(r: Redir, content?: string): void {
    const target = r.target!;
    const shape = shapeOf(target, this.vars);
    if (/^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/.test(shape) || /^&?\d+$/.test(shape) || shape === '-') return;
    const inv: Invocation = {
      args: [],
      evidence: ev(`${r.fd ?? ''}${r.op} ${target.raw}`),
      sudo: false,
      stdin: { kind: 'none' },
      env: new Map(),
      via: [],
      dialect: this.dialect,
    };
    const append = r.op === '>>' || r.op === '&>>';
    this.effects(inv, [{ op: append ? 'append' : 'overwrite', path: shape, how: `a ${r.op} redirect`, ...(content !== undefined ? { content } : {}) }]);
  }

  /** Standard input from `<<`, `<<<` or `< file` redirections. */
  private redirStdin(redirs: Redir[]): Stdin | undefined {
    let out: Stdin | undefined;
    for (const r of redirs) {
      if (r.heredoc) {
        const text = r.heredoc.quoted ? r.heredoc.body : staticValue(r.heredoc.word);
        out = text !== undefined ? { kind: 'text', text, from: `<<${r.heredoc.delim}` } : { kind: 'unknown', from: 'here-document with expansions' };
      } else if (r.op === '<<<' && r.target) {
        const v = staticValue(r.target);
        const cmdText = v ?? this.staticOutputOfWord(r.target);
        out = cmdText !== undefined ? { kind: 'text', text: cmdText + '\n', from: '<<<' } : { kind: 'unknown', from: '<<<' };
      } else if (r.op === '<' && r.target) {
        const sub = r.target.parts.length === 1 && r.target.parts[0]!.type === 'procsub' ? r.target.parts[0].body : undefined;
        if (sub) out = this.outputOfList(sub);
        else out = { kind: 'unknown', from: `< ${r.target.raw}` };
      }
    }
    return out;
  }

  private walkSimple(c: Extract<Command, { type: 'simple' }>, stdin: Stdin): void {
    for (const a of c.assigns) {
      if (a.value) this.walkWordScripts(a.value);
      for (const w of a.array ?? []) this.walkWordScripts(w);
    }
    for (const w of c.words) this.walkWordScripts(w);
    const input = this.redirStdin(c.redirs) ?? stdin;
    const writes = c.redirs.some((r) => /^(>|>>|>\||&>|&>>)$/.test(r.op));
    const out = writes && c.words.length ? this.outputOf({ ...c, redirs: c.redirs.filter((r) => !/^(>|>>|>\||&>|&>>|<>)$/.test(r.op)) }, input) : undefined;
    this.walkRedirs(c.redirs, out?.kind === 'text' ? out.text : writes && !c.words.length ? '' : undefined);
    if (c.words.length === 0) {
      for (const a of c.assigns)
        this.vars.set(
          a.name,
          a.value && !a.array && !a.append ? (staticValue(a.value) ?? this.staticOutputOfWord(a.value) ?? this.homeShape(a.value) ?? null) : null,
        );
      if (c.redirs.some((r) => r.op === '>' || r.op === '>|')) this.mutates();
      return;
    }
    const env = new Map<string, string | null>();
    for (const a of c.assigns) env.set(a.name, a.value ? (staticValue(a.value) ?? null) : '');
    const args: Arg[] = [];
    for (const w of c.words) {
      const more = this.argsOf(w, env);
      if (more.length === 1) args.push(more[0]!);
      else for (const x of more) args.push(x);
    }
    // An alias defined earlier in this command stands for its text (`alias x='rm -rf'; x ~/p`).
    const alias = args[0]?.value !== undefined ? this.aliases.get(args[0].value) : undefined;
    if (alias !== undefined && this.aliasDepth < 5) {
      this.aliasDepth++;
      const rest = args
        .slice(1)
        .map((a) => (a.value !== undefined ? quoteArg(a.value) : a.shape))
        .join(' ');
      this.nestedShellHere(`${alias} ${rest}`, 'alias');
      this.aliasDepth--;
      return;
    }
    const raw =
      this.action.command.length === c.end - c.pos
        ? this.action.command
        : [...c.assigns.map((a) => a.raw), ...c.words.slice(0, 50).map((w) => w.raw)].join(' ');
    const inv: Invocation = { args, evidence: ev(raw), sudo: false, stdin: input, env, via: [], dialect: this.dialect };
    let k = 0;
    while (k < args.length - 1 && (args[k]!.value === 'builtin' || args[k]!.value === 'command')) k++;
    const name = args[k]!.value;
    if (name === 'cd' || name === 'pushd' || name === 'popd') this.changeDir(args.slice(k + 1));
    this.dispatch(inv);
  }

  private changeDir(rest: Arg[]): void {
    const target = rest.find((a) => !(a.value ?? '').startsWith('-') || a.value === '-');
    if (!target) {
      this.cur = undefined;
      return;
    }
    if (target.value === undefined || target.value === '-') {
      this.cur = undefined;
      return;
    }
    const w = this.where(target.shape);
    this.cur = w.cls === 'unknown' || w.resolved.startsWith('$') ? undefined : w.resolved;
  }

  /**
   * The arguments one word becomes: an unquoted `$X` whose value is known splits on IFS
   * (`X="rm -rf"; $X ~/p` runs rm), and an unquoted brace list expands (`{rm,-rf,~/p}`).
   */
  private argsOf(w: Word, env: Map<string, string | null>): Arg[] {
    if (w.parts.length === 1 && w.parts[0]!.type === 'param' && !w.parts[0].inner) {
      const v = this.vars.get(w.parts[0].name);
      if (typeof v === 'string') {
        const ifs = this.vars.get('IFS');
        const sep = typeof ifs === 'string' && ifs !== '' ? new RegExp(`[${ifs.replace(/[\\\]^-]/g, '\\$&')}]+`) : /[ \t\n]+/;
        const parts = v.split(sep).filter(Boolean);
        if (parts.length > 1) return parts.map((x) => this.argOfText(x));
      }
    }
    const braceAt = w.parts.findIndex((p) => p.type === 'brace');
    if (braceAt >= 0 && w.parts.filter((p) => p.type === 'brace').length === 1) {
      const b = w.parts[braceAt] as { type: 'brace'; value: string };
      const inner = b.value.slice(1, -1);
      if (inner.includes(',') && !/[{}]/.test(inner)) {
        const pre = w.parts
          .slice(0, braceAt)
          .map((p) => staticValue({ ...w, parts: [p] }) ?? '')
          .join('');
        const post = w.parts
          .slice(braceAt + 1)
          .map((p) => staticValue({ ...w, parts: [p] }) ?? '')
          .join('');
        return inner
          .split(',')
          .slice(0, 50)
          .map((x) => this.argOfText(`${pre}${x}${post}`));
      }
    }
    return [this.argOf(w, env)];
  }

  /** A value whose only unknowns are the home or temp folder (`$HOME/x`): kept as its shape. */
  private homeShape(w: Word): string | undefined {
    const shape = shapeOf(w, this.vars);
    return /\$/.test(shape.replace(/\$\{(?:HOME|TMPDIR|USER)\}/g, '')) ? undefined : shape;
  }

  /** An argument from known text (a split or expanded word), `~` at its start as the home folder. */
  private argOfText(text: string): Arg {
    const shape = text === '~' || text.startsWith('~/') ? `\${HOME}${text.slice(1)}` : text;
    return { value: text, shape, glob: /[*?[]/.test(text) };
  }

  /** Runs a command line built here (an alias's text) in the current directory. */
  private nestedShellHere(command: string, via: string): void {
    const inv: Invocation = { args: [], evidence: ev(command), sudo: false, stdin: { kind: 'none' }, env: new Map(), via: [], dialect: this.dialect };
    this.nestedShell(command, inv, via);
  }

  private argOf(w: Word, env: Map<string, string | null>): Arg {
    let value = staticValue(w);
    // `$(echo rm)` as a word: the output of a static echo is known.
    if (value === undefined) {
      const out = this.staticOutputOfWord(w);
      if (out !== undefined) value = out.trim();
    }
    let shape: string;
    if (value !== undefined) shape = w.parts[0]?.type === 'tilde' ? shapeOf(w) : value;
    else {
      // Prefix assignments (`TMPDIR=/x rm -rf $TMPDIR/y`): the new value is assumed, conservatively.
      let vars = this.vars;
      if (env.size) {
        vars = new Map(this.vars);
        for (const [k, v] of env) vars.set(k, k === 'TMPDIR' || k === 'HOME' ? v : null);
      }
      shape = shapeOf(w, vars);
      // Command substitutions whose output is known splice in (`"$(npm root -g)/blast-radius"`).
      if (/\$\(\u2026\)/.test(shape)) {
        const spliced = this.splicedOutputs(w, vars);
        if (spliced !== undefined) shape = spliced;
      }
      if (!/\$/.test(shape)) value = shape;
    }
    const arg: Arg = { shape, glob: hasGlob(w) };
    if (value !== undefined) arg.value = value;
    return arg;
  }

  /** The word's shape with each `$(…)` whose output is known replaced by that output. */
  private splicedOutputs(w: Word, vars: ReadonlyMap<string, string | null>): string | undefined {
    const parts = w.parts.length === 1 && w.parts[0]!.type === 'dq' ? w.parts[0].parts : w.parts;
    let out = '';
    for (const p of parts) {
      if (p.type === 'cmdsub') {
        const o = this.outputOfList(p.body);
        if (o.kind !== 'text') return undefined;
        out += o.text.replace(/\n+$/, '');
      } else out += shapeOf({ ...w, parts: [p] }, vars);
    }
    return out;
  }

  private staticOutputOfWord(w: Word): string | undefined {
    const body = soleCmdsub(w);
    if (!body) return undefined;
    const out = this.outputOfList(body);
    return out.kind === 'text' ? out.text.replace(/\n+$/, '') : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // What a command writes to its standard output, when that can be known without running it

  private outputOfList(stmts: Stmt[]): Stdin {
    if (stmts.length !== 1 || stmts[0]!.list.rest.length) return { kind: 'unknown', from: 'command output' };
    const cmds = stmts[0]!.list.first.cmds;
    let out: Stdin = { kind: 'none' };
    for (const c of cmds) out = this.outputOf(c, out);
    return out;
  }

  private outputOf(c: Command, stdin: Stdin): Stdin {
    if (c.type !== 'simple' || c.words.length === 0) return { kind: 'unknown', from: 'command output' };
    const vals = c.words.map((w) => staticValue(w));
    const name = (vals[0] ?? '').replace(/^.*\//, '');
    const from = ev(c.words.map((w) => w.raw).join(' '), 60);
    let i = 1;
    const skipFlags = (): void => {
      while (i < vals.length && /^-/.test(vals[i] ?? '')) i++;
    };
    const redirIn = this.redirStdin(c.redirs);
    switch (name) {
      case 'echo': {
        const escapes = vals.slice(1).some((v) => /^-[neE]*e[neE]*$/.test(v ?? ''));
        skipFlags();
        const rest = vals.slice(i);
        if (rest.some((v) => v === undefined)) return { kind: 'unknown', from };
        const text = rest.join(' ');
        return { kind: 'text', text: (escapes ? unescapeC(text) : text) + '\n', from };
      }
      case 'printf': {
        // `printf -v NAME …` assigns instead of printing; `--` ends the options.
        let at = 1;
        if (vals[at] === '--') at++;
        const fmt = vals[at];
        if (fmt === undefined || fmt === '-v' || vals.slice(at + 1).some((v) => v === undefined)) return { kind: 'unknown', from };
        return { kind: 'text', text: printfText(fmt, vals.slice(at + 1) as string[]), from };
      }
      case 'cat':
        if (c.words.length === 1 && redirIn) return redirIn;
        return { kind: 'unknown', from };
      case 'npm':
      case 'pnpm':
        // Where global packages live (the usual prefix; only its shape matters for judging).
        if (vals[1] === 'root' && vals.slice(2).some((v) => v === '-g' || v === '--global'))
          return { kind: 'text', text: '/usr/local/lib/node_modules\n', from };
        if (vals[1] === 'prefix' && vals.slice(2).some((v) => v === '-g' || v === '--global')) return { kind: 'text', text: '/usr/local\n', from };
        return { kind: 'unknown', from };
      case 'which':
      case 'command':
      case 'type': {
        // `$(which rm)` is the path of rm: the name is what matters.
        const last = vals[vals.length - 1];
        const lookup =
          name === 'which' ||
          (name === 'command' && vals.some((v) => v === '-v' || v === '-pv')) ||
          (name === 'type' && vals.some((v) => v === '-p' || v === '-P'));
        if (lookup && vals.length >= 2 && last !== undefined && !last.startsWith('-')) return { kind: 'text', text: last + '\n', from };
        return { kind: 'unknown', from };
      }
      case 'curl':
      case 'wget':
      case 'fetch':
      case 'http':
      case 'https':
      case 'xh':
      case 'aria2c':
      case 'nc':
      case 'ncat':
      case 'iwr':
      case 'irm':
        return { kind: 'network', from };
      case 'base64':
      case 'xxd':
      case 'openssl':
      case 'gunzip':
      case 'zcat':
      case 'gzip':
      case 'bzip2':
      case 'xz':
      case 'rev':
      case 'tr':
        if (stdin.kind === 'network') return stdin;
        if (name === 'base64' && !vals.some((v) => v === '-d' || v === '--decode' || v === '-D')) return { kind: 'unknown', from };
        // Decoding a text the command itself states: the result is known (`echo … | base64 -d | sh`).
        if (stdin.kind === 'text') {
          const decoded =
            name === 'base64' || (name === 'openssl' && vals.includes('base64') && vals.includes('-d'))
              ? decodeBase64(stdin.text)
              : name === 'xxd' && vals.some((v) => v === '-r') && vals.some((v) => v === '-p' || v === '-ps' || v === '-r')
                ? decodeHex(stdin.text)
                : name === 'rev'
                  ? stdin.text
                      .split('\n')
                      .map((l) => [...l].reverse().join(''))
                      .join('\n')
                  : undefined;
          if (decoded !== undefined) return { kind: 'text', text: decoded, from: `${from} (decoded)` };
        }
        return { kind: 'decoded', from };
      default:
        if (stdin.kind === 'network' || stdin.kind === 'decoded') return stdin;
        return { kind: 'unknown', from };
    }
  }
}

/** A word as the shell would read it back: quoted when it needs to be. */
function quoteArg(v: string): string {
  return /^[\w@%+=:,./~-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
