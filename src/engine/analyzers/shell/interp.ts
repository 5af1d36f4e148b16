// Interpreters' one-liners and stdin scripts (`python -c`, `node -e`, `perl -e`, `ruby -e`,
// `php -r`, `deno eval`, `python3 <<EOF`): finds delete calls with their path literal and calls
// that run a shell command string, which is analysed as shell.
// Sees: string literals given directly to the call (`shutil.rmtree('/x')`, `os.system("rm …")`,
// `subprocess.run(["rm", "-rf", "/"])`, `execSync('…')`, backticks in ruby/perl).
// Does not catch: paths or commands built from variables (reported as unknown targets when the
// call is a delete), aliases (`import shutil as s`), code fetched or decoded at run time beyond
// flagging base64 + exec as unanalysable.
import { parseOpts } from './opts';
import { type Arg, type Invocation, type Sink, staticArg } from './types';
import { removePaths } from './packs/files';

export type CodeArg = { kind: 'code'; code: Arg } | { kind: 'script' } | { kind: 'stdin' } | { kind: 'read-only' };

/** Where the code is: `-c CODE`, `-e CODE`, a script file, or standard input. */
export function interpreterCodeArg(lang: string, name: string, args: Arg[]): CodeArg {
  const v = args.map((a) => a.value ?? '');
  if (v.some((x) => x === '--version' || x === '-V' || x === '--help' || x === '-h' || x === '-v') && v.length <= 1) return { kind: 'read-only' };
  if (name === 'deno' || name === 'bun') {
    if (v[0] === 'eval' || v[0] === '-e') return args[1] ? { kind: 'code', code: args[1] } : { kind: 'script' };
    return { kind: 'script' };
  }
  const flag: Record<string, RegExp> = {
    python: /^-[a-zA-Z]*c$/,
    node: /^(-e|--eval|-p|--print|-pe)$/,
    perl: /^-[a-zA-Z]*[eE]$/,
    ruby: /^-[a-zA-Z]*e$/,
    php: /^-r$/,
    lua: /^-e$/,
    osascript: /^-e$/,
  };
  const re = flag[lang] ?? /^-e$/;
  for (let i = 0; i < args.length; i++) {
    const x = v[i]!;
    if (x === '--' || x === '-') break;
    if (re.test(x)) return args[i + 1] ? { kind: 'code', code: args[i + 1]! } : { kind: 'script' };
    if (lang === 'python' && (x === '-m' || x === '-W' || x === '-X')) {
      if (x === '-m') return { kind: 'script' };
      i++;
      continue;
    }
    if (!x.startsWith('-')) return { kind: 'script' };
  }
  // `python -- -c x` runs a script named -c.
  if (v.includes('--') && v.indexOf('--') < v.length - 1) return { kind: 'script' };
  const o = parseOpts(args, []);
  return o.pos.length ? { kind: 'script' } : { kind: 'stdin' };
}

const STR = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|\x60((?:[^\x60\\]|\\.)*)\x60)`;

interface DeleteCall {
  re: RegExp;
  recursive: boolean | 'option';
}

const DELETES: Record<string, DeleteCall[]> = {
  python: [
    { re: new RegExp(String.raw`\b(?:shutil\.)?rmtree\s*\(\s*(?:${STR})?`, 'g'), recursive: true },
    { re: new RegExp(String.raw`\bos\.(?:remove|unlink|rmdir|removedirs)\s*\(\s*(?:${STR})?`, 'g'), recursive: false },
    { re: new RegExp(String.raw`\bPath\s*\(\s*(?:${STR})?[^)]*\)\s*\.(?:unlink|rmdir)\s*\(`, 'g'), recursive: false },
    { re: new RegExp(String.raw`\bsend2trash\s*\(`, 'g'), recursive: false },
  ],
  node: [
    { re: new RegExp(String.raw`\b(?:fs(?:\.promises)?\.|fsp\.|Deno\.)?(?:rmSync|rm|remove|rmdirSync|rmdir)\s*\(\s*(?:${STR})?`, 'g'), recursive: 'option' },
    { re: new RegExp(String.raw`\b(?:fs\.)?(?:unlinkSync|unlink)\s*\(\s*(?:${STR})?`, 'g'), recursive: false },
    { re: new RegExp(String.raw`\brimraf(?:\.sync)?\s*\(\s*(?:${STR})?`, 'g'), recursive: true },
    { re: new RegExp(String.raw`\b(?:fse?|fs-extra)\.(?:removeSync|remove|emptyDirSync|emptyDir)\s*\(\s*(?:${STR})?`, 'g'), recursive: true },
  ],
  ruby: [
    { re: new RegExp(String.raw`\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry_secure|remove_entry|rmtree)\s*\(?\s*(?:${STR})?`, 'g'), recursive: true },
    { re: new RegExp(String.raw`\b(?:FileUtils\.(?:rm|rm_f|remove)|File\.(?:delete|unlink)|Dir\.(?:delete|rmdir|unlink))\s*\(?\s*(?:${STR})?`, 'g'), recursive: false },
  ],
  perl: [
    { re: new RegExp(String.raw`\b(?:rmtree|remove_tree)\s*\(?\s*(?:${STR})?`, 'g'), recursive: true },
    { re: new RegExp(String.raw`\b(?:unlink|rmdir)\s*\(?\s*(?:glob\s*\(?\s*)?(?:${STR})?`, 'g'), recursive: false },
  ],
  php: [
    { re: new RegExp(String.raw`\b(?:unlink|rmdir)\s*\(\s*(?:${STR})?`, 'g'), recursive: false },
  ],
};

const EXECS: Record<string, RegExp[]> = {
  python: [
    new RegExp(String.raw`\bos\.(?:system|popen|exec[lv]p?e?)\s*\(\s*(?:${STR})?`, 'g'),
    new RegExp(String.raw`\bsubprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(\s*(?:${STR}|(\[[^\]]*\]))?`, 'g'),
    new RegExp(String.raw`\bpty\.spawn\s*\(\s*(?:${STR})?`, 'g'),
  ],
  node: [new RegExp(String.raw`\b(?:child_process\.|cp\.)?(?:execSync|exec|execFileSync|execFile|spawnSync|spawn)\s*\(\s*(?:${STR}|(\[[^\]]*\]))?`, 'g'), new RegExp(String.raw`\bDeno\.(?:run|Command)\s*\(\s*(?:${STR})?`, 'g'), new RegExp(String.raw`\$\x60([^\x60]*)\x60`, 'g')],
  ruby: [new RegExp(String.raw`\b(?:system|exec|spawn|IO\.popen|Open3\.\w+)\s*\(?\s*(?:${STR})?`, 'g'), new RegExp(String.raw`%x[({\[]([^)}\]]*)[)}\]]`, 'g'), /`([^`]*)`/g],
  perl: [new RegExp(String.raw`\b(?:system|exec)\s*\(?\s*(?:${STR})?`, 'g'), /\bqx[({\[/]([^)}\]/]*)[)}\]/]/g, /`([^`]*)`/g],
  php: [new RegExp(String.raw`\b(?:exec|shell_exec|system|passthru|popen|proc_open)\s*\(\s*(?:${STR})?`, 'g'), /`([^`]*)`/g],
};

/** The first captured string literal of a match, unescaped; or a list literal joined. */
function literalOf(m: RegExpExecArray): string | undefined {
  for (let i = 1; i < m.length; i++) {
    const g = m[i];
    if (g === undefined) continue;
    if (g.startsWith('[')) {
      const items = [...g.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1] ?? x[2] ?? '');
      const rest = g.replace(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|[\s,[\]]/g, '');
      return rest ? undefined : items.map((x) => (/^[\w./=:@%+-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`)).join(' ');
    }
    return g.replace(/\\(["'\\`])/g, '$1').replace(/\\n/g, '\n');
  }
  return undefined;
}

export function analyzeInterpreterCode(inv: Invocation, s: Sink, lang: string, name: string, code: string): void {
  s.mutates();
  const text = code.length > 200_000 ? code.slice(0, 200_000) : code;
  const via = `${name} code`;
  const sub: Invocation = { ...inv, via: [...inv.via, via], stdin: { kind: 'none' } };
  let found = false;
  for (const d of DELETES[lang] ?? []) {
    d.re.lastIndex = 0;
    for (let m = d.re.exec(text); m; m = d.re.exec(text)) {
      if (m[0].length === 0) {
        d.re.lastIndex++;
        continue;
      }
      found = true;
      const path = literalOf(m);
      const tail = text.slice(m.index, m.index + 200);
      const recursive = d.recursive === 'option' ? /recursive\s*:\s*true|\brmtree|\bremove\b/.test(tail) || /\brm(Sync)?\s*\(/.test(m[0]) && /recursive/.test(tail) : d.recursive;
      const arg: Arg = path !== undefined ? { value: path, shape: path, glob: /[*?]/.test(path) && /glob/.test(m[0]) } : { shape: '$(code)', glob: false };
      removePaths(sub, s, [arg], { recursive, force: true, verb: name });
    }
  }
  for (const re of EXECS[lang] ?? []) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      found = true;
      const cmd = literalOf(m);
      if (cmd === undefined) {
        s.add(sub, { rule: 'shell.unanalysable', level: 'medium', message: `${name} runs a command built at run time`, cls: 'broad-change', rev: 'unknown' });
        continue;
      }
      s.nestedShell(cmd, sub, via);
    }
  }
  if (/\b(b64decode|base64|atob|Buffer\.from\([^)]*base64|decode\(['"]base64|unpack\(['"]m)/.test(text) && /\b(exec|eval|system|compile|Function)\s*\(/.test(text)) {
    s.add(sub, { rule: 'shell.unanalysable', level: 'medium', message: `${name} decodes and runs hidden code`, cls: 'broad-change', rev: 'unknown' });
  } else if (!found && /\b(exec|eval)\s*\(\s*(?!['"])/.test(text) && lang === 'python') {
    s.add(sub, { rule: 'shell.unanalysable', level: 'medium', message: `${name} evaluates code built at run time`, cls: 'broad-change', rev: 'unknown' });
  }
  void staticArg;
}
