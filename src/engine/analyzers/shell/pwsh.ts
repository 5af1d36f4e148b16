// PowerShell and cmd.exe: a tokenizer that knows their quoting (pwsh: '…' with '' and "…" with
// backtick escapes, $(…) and {…} blocks; cmd: "…" and ^ escapes) and splits statements on `;`,
// newlines, `|`, `&&`, `||` (and `&` in cmd). Remove-Item and its aliases, rd/del, Format-Volume,
// Stop-Computer, Invoke-Expression, Clear-Content are judged here; anything else (git, kubectl,
// terraform…) goes through the same verb rules as bash.
// Does not catch: pipelines that compute paths (`Get-ChildItem | Remove-Item` is judged with an
// unknown target), variables, script blocks' own logic beyond the commands written in them.
import type { ShellDialect } from '../../schema';
import { type Arg, type Invocation, type Sink, ev, staticArg } from './types';
import { removePaths } from './packs/files';
import type { Effect } from '../../effects/types';

interface Tok {
  text: string;
  /** The token had quotes or an expansion. */
  quoted: boolean;
  dynamic: boolean;
  block?: string;
}
interface Stmt {
  toks: Tok[];
  /** Piped from the previous statement. */
  piped: boolean;
  pipedFrom?: Tok[];
}

const MAX_STMTS = 2000;

/** The statements read, and whether reading stopped at MAX_STMTS with text left over. */
export function tokenize(text: string, dialect: 'pwsh' | 'cmd'): { stmts: Stmt[]; truncated: boolean } {
  const stmts: Stmt[] = [];
  let toks: Tok[] = [];
  let piped = false;
  let prev: Tok[] | undefined;
  let i = 0;
  const end = (pipe: boolean): void => {
    if (toks.length) {
      const s: Stmt = { toks, piped };
      if (piped && prev) s.pipedFrom = prev;
      stmts.push(s);
      prev = toks;
    }
    toks = [];
    piped = pipe;
  };
  const esc = dialect === 'pwsh' ? '`' : '^';
  while (i < text.length && stmts.length < MAX_STMTS) {
    const c = text.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n' || (c === ';' && dialect === 'pwsh')) {
      end(false);
      i++;
      continue;
    }
    if (c === '#' && dialect === 'pwsh') {
      while (i < text.length && text.charAt(i) !== '\n') i++;
      continue;
    }
    if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      end(false);
      i += 2;
      continue;
    }
    if (c === '|') {
      end(true);
      i++;
      continue;
    }
    if (c === '&' && dialect === 'cmd') {
      end(false);
      i++;
      continue;
    }
    if (dialect === 'pwsh' && c === '&' && toks.length === 0) {
      // The call operator: `& cmd args`.
      i++;
      continue;
    }
    // A word.
    let word = '';
    let quoted = false;
    let dynamic = false;
    let block: string | undefined;
    while (i < text.length) {
      const d = text.charAt(i);
      if (d === ' ' || d === '\t' || d === '\n' || d === '\r' || d === '|' || (d === ';' && dialect === 'pwsh') || (d === '&' && dialect === 'cmd')) break;
      if (d === esc && i + 1 < text.length) {
        word += text.charAt(i + 1);
        i += 2;
        continue;
      }
      if (d === "'" && dialect === 'pwsh') {
        quoted = true;
        i++;
        while (i < text.length) {
          if (text.charAt(i) === "'" && text.charAt(i + 1) === "'") {
            word += "'";
            i += 2;
          } else if (text.charAt(i) === "'") {
            i++;
            break;
          } else word += text.charAt(i++);
        }
        continue;
      }
      if (d === '"') {
        quoted = true;
        i++;
        while (i < text.length && text.charAt(i) !== '"') {
          if (text.charAt(i) === esc && dialect === 'pwsh' && i + 1 < text.length) {
            word += text.charAt(i + 1);
            i += 2;
            continue;
          }
          if (dialect === 'pwsh' && text.charAt(i) === '$' && /[({A-Za-z_]/.test(text.charAt(i + 1))) dynamic = true;
          if (dialect === 'cmd' && text.charAt(i) === '%' && /[A-Za-z_]/.test(text.charAt(i + 1))) dynamic = true;
          word += text.charAt(i++);
        }
        i++;
        continue;
      }
      if (dialect === 'pwsh' && (d === '{' || (d === '$' && text.charAt(i + 1) === '(') || d === '(' || (d === '@' && text.charAt(i + 1) === '('))) {
        // A balanced block: script block, subexpression or grouping.
        const open = d === '{' ? '{' : '(';
        const close = open === '{' ? '}' : ')';
        let depth = 0;
        const start = i;
        if (d === '$' || d === '@') i++;
        for (; i < text.length; i++) {
          const e = text.charAt(i);
          if (e === open) depth++;
          else if (e === close) {
            depth--;
            if (depth === 0) {
              i++;
              break;
            }
          }
        }
        const inner = text.slice(start, i);
        word += inner;
        block = inner.replace(/^[$@]?[({]/, '').replace(/[)}]$/, '');
        if (d !== '{') dynamic = true;
        continue;
      }
      if (dialect === 'pwsh' && d === '$' && /[A-Za-z_{:]/.test(text.charAt(i + 1))) dynamic = true;
      if (dialect === 'cmd' && d === '%' && /[A-Za-z_~]/.test(text.charAt(i + 1))) dynamic = true;
      word += d;
      i++;
    }
    const tok: Tok = { text: word, quoted, dynamic };
    if (block !== undefined) tok.block = block;
    toks.push(tok);
  }
  const truncated = stmts.length >= MAX_STMTS && text.slice(i).trim() !== '';
  end(false);
  return { stmts, truncated };
}

const REMOVE = new Set(['remove-item', 'rm', 'del', 'erase', 'rd', 'rmdir', 'ri']);

function toArg(t: Tok): Arg {
  if (t.dynamic) {
    const shape = t.text
      .replace(/^\$env:(USERPROFILE|HOME)/i, '${HOME}')
      .replace(/^\$HOME\b/i, '${HOME}')
      .replace(/^%USERPROFILE%/i, '${HOME}');
    return { shape: shape.startsWith('${HOME}') ? shape : `$(${t.text})`, glob: false };
  }
  return { value: t.text, shape: t.text, glob: !t.quoted && /[*?]/.test(t.text) };
}

export function analyzePwshOrCmd(text: string, dialect: ShellDialect, s: Sink): void {
  const d = dialect === 'cmd' ? 'cmd' : 'pwsh';
  const { stmts, truncated } = tokenize(text, d);
  // What was not read is not harmless: a destructive statement could follow the first 2,000.
  if (truncated)
    s.add(baseInv(text, d), {
      rule: 'shell.unanalysable',
      level: 'high',
      message: `More than ${MAX_STMTS} statements; the rest were not analysed`,
      cls: 'broad-change',
      rev: 'unknown',
    });
  for (const st of stmts) {
    for (const t of st.toks) if (t.block && d === 'pwsh' && /[A-Za-z]/.test(t.block)) s.nestedShell(t.block, baseInv(t.block, d), 'script block', 'pwsh');
    statement(st, d, s);
  }
}

function baseInv(evidence: string, dialect: ShellDialect): Invocation {
  return { args: [], evidence: ev(evidence), sudo: false, stdin: { kind: 'none' }, env: new Map(), via: [], dialect };
}

function statement(st: Stmt, d: 'pwsh' | 'cmd', s: Sink): void {
  const toks = st.toks;
  if (!toks.length) return;
  const inv = baseInv(toks.map((t) => (t.quoted ? JSON.stringify(t.text) : t.text)).join(' '), d);
  if (st.piped && st.pipedFrom) {
    const from = (st.pipedFrom[0]?.text ?? '').toLowerCase();
    inv.stdin =
      /^(iwr|irm|invoke-webrequest|invoke-restmethod|curl|wget|new-object)$/.test(from) || st.pipedFrom.some((t) => /downloadstring|http/i.test(t.text))
        ? { kind: 'network', from }
        : { kind: 'unknown', from };
  }
  const name = toks[0]!.text
    .toLowerCase()
    .replace(/\.exe$/, '')
    .replace(/^.*[\\/]/, '');
  const rest = toks.slice(1);
  // -WhatIf (not -WhatIf:$false): a cmdlet that supports it only says what it would do.
  if (d === 'pwsh' && (name.includes('-') || REMOVE.has(name)) && rest.some((t) => !t.quoted && /^-whatif(:\$true)?$/i.test(t.text))) return;
  if (REMOVE.has(name)) {
    removeItem(inv, s, rest, d, st.piped);
    return;
  }
  switch (name) {
    case 'format':
      if (d === 'cmd' && rest.some((t) => /^[a-z]:$/i.test(t.text))) {
        s.add(inv, {
          rule: 'shell.disk-format',
          level: 'critical',
          message: `Formats the drive ${rest.find((t) => /^[a-z]:$/i.test(t.text))!.text}, destroying its data`,
          cls: 'environment-teardown',
          rev: 'irreversible',
        });
        return;
      }
      break;
    case 'format-volume':
    case 'clear-disk':
    case 'initialize-disk':
    case 'remove-partition':
      s.add(inv, {
        rule: 'shell.disk-format',
        level: 'critical',
        message: `${toks[0]!.text} destroys the data on a disk or volume`,
        cls: 'environment-teardown',
        rev: 'irreversible',
      });
      return;
    case 'stop-computer':
    case 'restart-computer':
      s.add(inv, {
        rule: 'shell.shutdown',
        level: 'high',
        message: `${toks[0]!.text} stops or restarts the machine`,
        cls: 'environment-teardown',
        rev: 'recoverable',
      });
      return;
    case 'clear-content':
    case 'clc':
    case 'set-content':
    case 'sc':
    case 'add-content':
    case 'ac':
    case 'out-file':
    case 'new-item':
    case 'ni':
    case 'copy-item':
    case 'copy':
    case 'cpi':
    case 'cp':
    case 'xcopy':
    case 'move-item':
    case 'move':
    case 'mi':
    case 'mv':
    case 'rename-item':
    case 'ren':
    case 'rni':
    case 'robocopy':
      if (writeCmdlet(inv, s, name, rest, d)) return;
      break;
    case 'invoke-expression':
    case 'iex': {
      const arg = rest.find((t) => !/^-command$/i.test(t.text));
      if (!arg) {
        const net = inv.stdin.kind === 'network';
        s.add(inv, {
          rule: 'shell.unanalysable',
          level: net ? 'high' : 'medium',
          message: net
            ? 'Runs code downloaded from the network with Invoke-Expression'
            : 'Invoke-Expression runs code from the pipeline, which cannot be analysed',
          cls: 'broad-change',
          rev: 'unknown',
        });
        return;
      }
      if (arg.dynamic) {
        s.add(inv, {
          rule: 'shell.unanalysable',
          level: /downloadstring|http/i.test(arg.text) ? 'high' : 'medium',
          message: 'Invoke-Expression runs a command built at run time',
          cls: 'broad-change',
          rev: 'unknown',
        });
        return;
      }
      s.nestedShell(arg.text, inv, 'Invoke-Expression', 'pwsh');
      return;
    }
    case 'remove-azresourcegroup':
    case 'remove-azurermresourcegroup':
      s.add(inv, {
        rule: 'shell.az-delete',
        level: 'high',
        message: 'Deletes an Azure resource group and everything in it',
        cls: 'environment-teardown',
        rev: 'irreversible',
      });
      return;
    case 'start-process':
    case 'saps':
    case 'start': {
      // Start-Process cmd -ArgumentList '/c …'
      break;
    }
    case 'get-childitem':
    case 'gci':
    case 'ls':
    case 'dir':
    case 'get-content':
    case 'gc':
    case 'type':
    case 'cat':
    case 'select-string':
    case 'sls':
    case 'write-host':
    case 'write-output':
    case 'echo':
    case 'get-process':
    case 'get-service':
    case 'get-item':
    case 'get-location':
    case 'pwd':
    case 'test-path':
    case 'where-object':
    case 'select-object':
    case 'sort-object':
    case 'format-table':
    case 'format-list':
    case 'measure-object':
    case 'foreach-object':
    case 'out-host':
    case 'cd':
    case 'set-location':
    case 'findstr':
    case 'where':
    case 'ver':
    case 'whoami':
    case 'hostname':
    case 'set':
    case 'rem':
    case 'clear-host':
    case 'cls':
      return;
    default:
      break;
  }
  if ((name.startsWith('remove-') || name.startsWith('clear-')) && !/^clear-(?:host|history|variable|recyclebin-preview)$/.test(name)) {
    s.add(inv, {
      rule: 'shell.pwsh-remove',
      level: 'medium',
      message: `${toks[0]!.text} removes ${
        rest
          .filter((t) => !t.text.startsWith('-'))
          .map((t) => t.text)
          .join(', ') || 'objects'
      }`,
      cls: 'destructive',
      rev: 'unknown',
    });
    return;
  }
  // Everything else: the bash verb rules (git, kubectl, terraform, powershell -enc, cmd /c…).
  s.dispatch({ ...inv, args: toks.map(toArg), dialect: d });
}

/** Named parameters (`-Path x`, `-Value:y`) and positional words of a cmdlet. */
function cmdletArgs(rest: Tok[], d: 'pwsh' | 'cmd'): { named: Map<string, Tok>; switches: Set<string>; pos: Tok[] } {
  const named = new Map<string, Tok>();
  const switches = new Set<string>();
  const pos: Tok[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    const v = t.text.toLowerCase();
    if (!t.quoted && d === 'cmd' && v.startsWith('/')) {
      switches.add(v);
      continue;
    }
    if (!t.quoted && /^-[a-z]/.test(v)) {
      const [k, inline] = v.split(':', 2) as [string, string | undefined];
      if (inline !== undefined) named.set(k, { ...t, text: t.text.slice(t.text.indexOf(':') + 1) });
      else if (/^-(path|literalpath|lp|pspath|filepath|destination|dest|value|name|newname|itemtype|type|encoding)$/.test(k) && rest[i + 1])
        named.set(k, rest[++i]!);
      else switches.add(k);
      continue;
    }
    pos.push(t);
  }
  return { named, switches, pos };
}

/**
 * PowerShell's and cmd's file writes as effects (Set-Content, Add-Content, Out-File, New-Item,
 * Copy-Item, Move-Item, Rename-Item, Clear-Content, copy, move, robocopy): the same judgement as
 * bash's redirects, cp and mv. Returns false when the words say nothing to judge.
 */
function writeCmdlet(inv: Invocation, s: Sink, name: string, rest: Tok[], d: 'pwsh' | 'cmd'): boolean {
  const { named, switches, pos } = cmdletArgs(rest, d);
  const path = named.get('-path') ?? named.get('-literalpath') ?? named.get('-lp') ?? named.get('-filepath') ?? named.get('-pspath') ?? pos[0];
  const p = path ? (toArg(path).value ?? toArg(path).shape) : undefined;
  const value = named.get('-value') ?? (['set-content', 'sc', 'add-content', 'ac'].includes(name) ? pos[1] : undefined);
  const content = value && !value.dynamic ? value.text : undefined;
  const how = name;
  const fromWin = (x: string): string => x.replace(/\\/g, '/');
  switch (name) {
    case 'clear-content':
    case 'clc':
      if (!p) return false;
      s.effects(inv, [{ op: 'truncate', path: p, how }]);
      return true;
    case 'set-content':
    case 'sc':
    case 'out-file':
      if (!p) return false;
      s.effects(inv, [{ op: switches.has('-append') ? 'append' : 'overwrite', path: p, how, ...(content !== undefined ? { content } : {}) }]);
      return true;
    case 'add-content':
    case 'ac':
      if (!p) return false;
      s.effects(inv, [{ op: 'append', path: p, how }]);
      return true;
    case 'new-item':
    case 'ni': {
      if (!p) return false;
      const n = named.get('-name');
      const full = n ? `${p.replace(/[\\/]+$/, '')}/${n.text}` : p;
      s.effects(inv, [{ op: switches.has('-force') ? 'overwrite' : 'create', path: full, how, ...(content !== undefined ? { content } : { content: '' }) }]);
      return true;
    }
    case 'copy-item':
    case 'copy':
    case 'cpi':
    case 'cp':
    case 'xcopy':
    case 'robocopy': {
      // robocopy /L lists what it would copy and delete; nothing changes.
      if (switches.has('/l')) return true;
      const src = p;
      const destTok = named.get('-destination') ?? named.get('-dest') ?? pos[1];
      if (!src || !destTok) return false;
      const dest = toArg(destTok).value ?? toArg(destTok).shape;
      const recursive = switches.has('-recurse') || switches.has('/s') || switches.has('/e') || switches.has('/mir');
      const effects: Effect[] = [{ op: 'move-over', path: fromWin(dest), how, recursive }];
      // robocopy /MIR and /PURGE delete what the source lacks, like rsync --delete.
      if (switches.has('/mir') || switches.has('/purge'))
        effects.push({ op: 'delete', path: fromWin(dest), how: `${name} /mir (files not in the source)`, recursive: true, filtered: true });
      s.effects(inv, effects);
      return true;
    }
    case 'move-item':
    case 'move':
    case 'mi':
    case 'mv': {
      const destTok = named.get('-destination') ?? named.get('-dest') ?? pos[1];
      if (!p || !destTok) return false;
      const dest = toArg(destTok).value ?? toArg(destTok).shape;
      s.effects(inv, [
        { op: 'move-away', path: p, how, other: dest, recursive: true },
        { op: 'move-over', path: fromWin(dest), how, other: p },
      ]);
      return true;
    }
    default: {
      // rename-item / ren / rni PATH NEWNAME
      const nn = named.get('-newname') ?? pos[1];
      if (!p || !nn) return false;
      const dir = fromWin(p).replace(/[^/]*$/, '');
      s.effects(inv, [
        { op: 'move-away', path: p, how, other: `${dir}${nn.text}`, recursive: true },
        { op: 'move-over', path: `${dir}${nn.text}`, how, other: p },
      ]);
      return true;
    }
  }
}

function removeItem(inv: Invocation, s: Sink, rest: Tok[], d: 'pwsh' | 'cmd', piped: boolean): void {
  let recursive = false;
  let force = false;
  const paths: Arg[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    const v = t.text.toLowerCase();
    if (!t.quoted && d === 'cmd' && v.startsWith('/')) {
      if (v === '/s') recursive = true;
      if (v === '/q' || v === '/f') force = true;
      continue;
    }
    if (!t.quoted && v.startsWith('-') && v.length > 1) {
      if (/^-r(e(c(u(r(s(e)?)?)?)?)?)?$/.test(v) || v === '-rf' || v === '-fr') recursive = true;
      if (/^-fo(r(c(e)?)?)?$/.test(v) || v === '-f' || v === '-rf' || v === '-fr') force = true;
      if (/^-(path|literalpath|lp|pspath)$/.test(v) && rest[i + 1]) {
        paths.push(toArg(rest[++i]!));
      } else if (/^-(include|exclude|filter|stream)$/.test(v)) i++;
      continue;
    }
    for (const part of t.quoted ? [t.text] : t.text.split(',').filter(Boolean)) paths.push(toArg({ ...t, text: part }));
  }
  if (!paths.length) {
    if (piped) paths.push({ shape: '$(pipeline)', glob: false });
    else return;
  }
  removePaths(inv, s, paths, { recursive, force, verb: 'Remove-Item' });
  void staticArg;
}
