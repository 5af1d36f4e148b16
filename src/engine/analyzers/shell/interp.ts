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
import type { Effect } from '../../effects/types';
import { decodeBase64 } from './decode';

export type CodeArg = { kind: 'code'; code: Arg } | { kind: 'script'; script?: Arg; rest?: Arg[] } | { kind: 'stdin' } | { kind: 'read-only' };

/** Where the code is: `-c CODE`, `-e CODE`, a script file, or standard input. */
export function interpreterCodeArg(lang: string, name: string, args: Arg[]): CodeArg {
  const v = args.map((a) => a.value ?? '');
  if (v.some((x) => x === '--version' || x === '-V' || x === '--help' || x === '-h' || x === '-v') && v.length <= 1) return { kind: 'read-only' };
  if (name === 'deno' || name === 'bun') {
    if (v[0] === 'eval' || v[0] === '-e') return args[1] ? { kind: 'code', code: args[1] } : { kind: 'script' };
    // deno run [flags] file / bun [run] file
    let i = v[0] === 'run' ? 1 : 0;
    while (i < v.length && v[i]!.startsWith('-')) i++;
    return args[i] ? { kind: 'script', script: args[i]!, rest: args.slice(i + 1) } : { kind: 'script' };
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
    // `python3 -` and `node -`: the program is read from standard input.
    if (x === '-') return { kind: 'stdin' };
    if (x === '--') break;
    if (re.test(x)) return args[i + 1] ? { kind: 'code', code: args[i + 1]! } : { kind: 'script' };
    if (lang === 'python' && (x === '-m' || x === '-W' || x === '-X')) {
      if (x === '-m') return { kind: 'script' };
      i++;
      continue;
    }
    if (lang === 'node' && (x === '-r' || x === '--require' || x === '--import' || x === '--loader')) {
      i++;
      continue;
    }
    if (!x.startsWith('-')) return { kind: 'script', script: args[i]!, rest: args.slice(i + 1) };
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

let deletesTable: Record<string, DeleteCall[]> | undefined;
const DELETES = (): Record<string, DeleteCall[]> =>
  (deletesTable ??= {
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
      {
        re: new RegExp(String.raw`\b(?:FileUtils\.(?:rm|rm_f|remove)|File\.(?:delete|unlink)|Dir\.(?:delete|rmdir|unlink))\s*\(?\s*(?:${STR})?`, 'g'),
        recursive: false,
      },
    ],
    perl: [
      { re: new RegExp(String.raw`\b(?:rmtree|remove_tree)\s*\(?\s*(?:${STR})?`, 'g'), recursive: true },
      { re: new RegExp(String.raw`\b(?:unlink|rmdir)\s*\(?\s*(?:glob\s*\(?\s*)?(?:${STR})?`, 'g'), recursive: false },
    ],
    php: [
      { re: new RegExp(String.raw`\barray_map\s*\(\s*['"](?:unlink|rmdir)['"]\s*,\s*glob\s*\(\s*(?:${STR})?`, 'g'), recursive: false },
      { re: new RegExp(String.raw`\b(?:unlink|rmdir)\s*\(\s*(?:${STR})?`, 'g'), recursive: false },
    ],
  });

let execsTable: Record<string, RegExp[]> | undefined;
const EXECS = (): Record<string, RegExp[]> =>
  (execsTable ??= {
    python: [
      new RegExp(String.raw`\bos\.(?:system|popen|exec[lv]p?e?)\s*\(\s*(?:${STR})?`, 'g'),
      new RegExp(String.raw`\bsubprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(\s*(?:${STR}|(\[[^\]]*\]))?`, 'g'),
      new RegExp(String.raw`\bpty\.spawn\s*\(\s*(?:${STR})?`, 'g'),
    ],
    node: [
      new RegExp(String.raw`\b(?:child_process\.|cp\.)?(?:execSync|exec|execFileSync|execFile|spawnSync|spawn)\s*\(\s*(?:${STR}|(\[[^\]]*\]))?`, 'g'),
      new RegExp(String.raw`\bDeno\.(?:run|Command)\s*\(\s*(?:${STR})?`, 'g'),
      new RegExp(String.raw`\$\x60([^\x60]*)\x60`, 'g'),
    ],
    ruby: [
      new RegExp(String.raw`\b(?:system|exec|spawn|IO\.popen|Open3\.\w+)\s*\(?\s*(?:${STR})?`, 'g'),
      new RegExp(String.raw`%x[({\[]([^)}\]]*)[)}\]]`, 'g'),
      /`([^`]*)`/g,
    ],
    perl: [new RegExp(String.raw`\b(?:system|exec)\s*\(?\s*(?:${STR})?`, 'g'), /\bqx[({[/]([^)}\]/]*)[)}\]/]/g, /`([^`]*)`/g],
    php: [new RegExp(String.raw`\b(?:exec|shell_exec|system|passthru|popen|proc_open)\s*\(\s*(?:${STR})?`, 'g'), /`([^`]*)`/g],
  });

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

/** Calls that write, move, link or chmod a path: the op, and which captured literal is which. */
interface WriteCall {
  re: RegExp;
  op: Effect['op'];
  /** For two-path calls (rename, copy): the first literal is the source. */
  twoPaths?: boolean;
}

const S = STR;
let writesTable: Record<string, WriteCall[]> | undefined;
const WRITES = (): Record<string, WriteCall[]> =>
  (writesTable ??= {
    python: [
      { re: new RegExp(String.raw`\bopen\s*\(\s*${S}\s*,\s*(?:mode\s*=\s*)?['"][wx]`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bopen\s*\(\s*${S}\s*,\s*(?:mode\s*=\s*)?['"]a`, 'g'), op: 'append' },
      { re: new RegExp(String.raw`\bPath\s*\(\s*${S}\s*\)\s*\.\s*(?:write_text|write_bytes|touch)\s*\(`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\b(?:shutil\.)?(?:copy|copy2|copyfile|copytree)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-over', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:shutil\.move|os\.rename|os\.replace|os\.renames)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-away', twoPaths: true },
      { re: new RegExp(String.raw`\bos\.(?:symlink|link)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'link', twoPaths: true },
      { re: new RegExp(String.raw`\bos\.(?:chmod|lchmod)\s*\(\s*${S}`, 'g'), op: 'chmod' },
      { re: new RegExp(String.raw`\b(?:os|shutil)\.(?:chown|lchown)\s*\(\s*${S}`, 'g'), op: 'chown' },
      { re: new RegExp(String.raw`\bos\.truncate\s*\(\s*${S}`, 'g'), op: 'truncate' },
    ],
    node: [
      {
        re: new RegExp(String.raw`\b(?:writeFileSync|writeFile|outputFileSync|outputFile|writeJsonSync|writeJson|createWriteStream)\s*\(\s*${S}`, 'g'),
        op: 'overwrite',
      },
      { re: new RegExp(String.raw`\b(?:appendFileSync|appendFile)\s*\(\s*${S}`, 'g'), op: 'append' },
      { re: new RegExp(String.raw`\b(?:truncateSync|truncate)\s*\(\s*${S}`, 'g'), op: 'truncate' },
      { re: new RegExp(String.raw`\b(?:copyFileSync|copyFile|cpSync|copySync|copy)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-over', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:renameSync|rename|moveSync|move)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-away', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:symlinkSync|symlink|linkSync|link)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'link', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:chmodSync|chmod|lchmodSync)\s*\(\s*${S}`, 'g'), op: 'chmod' },
      { re: new RegExp(String.raw`\b(?:chownSync|chown|lchownSync)\s*\(\s*${S}`, 'g'), op: 'chown' },
      { re: new RegExp(String.raw`\bDeno\.(?:writeTextFile|writeFile)(?:Sync)?\s*\(\s*${S}`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bBun\.write\s*\(\s*${S}`, 'g'), op: 'overwrite' },
    ],
    ruby: [
      { re: new RegExp(String.raw`\b(?:File|IO)\.(?:write|binwrite)\s*\(?\s*${S}`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bFile\.open\s*\(?\s*${S}\s*,\s*['"][wx]`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bFile\.open\s*\(?\s*${S}\s*,\s*['"]a`, 'g'), op: 'append' },
      { re: new RegExp(String.raw`\bFileUtils\.(?:cp|cp_r|copy|install)\s*\(?\s*${S}\s*,\s*${S}`, 'g'), op: 'move-over', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:FileUtils\.(?:mv|move)|File\.rename)\s*\(?\s*${S}\s*,\s*${S}`, 'g'), op: 'move-away', twoPaths: true },
      { re: new RegExp(String.raw`\b(?:FileUtils\.(?:ln_s|ln_sf|ln)|File\.symlink)\s*\(?\s*${S}\s*,\s*${S}`, 'g'), op: 'link', twoPaths: true },
      { re: new RegExp(String.raw`\bFileUtils\.touch\s*\(?\s*${S}`, 'g'), op: 'create' },
    ],
    perl: [
      { re: new RegExp(String.raw`\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*['"]\+?>\s*['"]\s*,\s*${S}`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*['"]>>['"]\s*,\s*${S}`, 'g'), op: 'append' },
      { re: /\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*"\s*>\s*([^">]+)"/g, op: 'overwrite' },
      { re: new RegExp(String.raw`\brename\s*\(?\s*${S}\s*,\s*${S}`, 'g'), op: 'move-away', twoPaths: true },
      { re: new RegExp(String.raw`\bsymlink\s*\(?\s*${S}\s*,\s*${S}`, 'g'), op: 'link', twoPaths: true },
    ],
    php: [
      { re: new RegExp(String.raw`\bfile_put_contents\s*\(\s*${S}`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bfopen\s*\(\s*${S}\s*,\s*['"][wxc]`, 'g'), op: 'overwrite' },
      { re: new RegExp(String.raw`\bfopen\s*\(\s*${S}\s*,\s*['"]a`, 'g'), op: 'append' },
      { re: new RegExp(String.raw`\b(?:copy)\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-over', twoPaths: true },
      { re: new RegExp(String.raw`\brename\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'move-away', twoPaths: true },
      { re: new RegExp(String.raw`\bsymlink\s*\(\s*${S}\s*,\s*${S}`, 'g'), op: 'link', twoPaths: true },
      { re: new RegExp(String.raw`\bchmod\s*\(\s*${S}`, 'g'), op: 'chmod' },
      { re: new RegExp(String.raw`\btouch\s*\(\s*${S}`, 'g'), op: 'create' },
    ],
  });
/** Calls that run code given as a string literal, in the same language. */
let evalsTable: Record<string, RegExp> | undefined;
const EVALS = (): Record<string, RegExp> =>
  (evalsTable ??= {
    python: new RegExp(String.raw`\b(?:exec|eval)\s*\(\s*${STR}`, 'g'),
    node: new RegExp(String.raw`\b(?:eval|Function|runInThisContext|runInNewContext)\s*\(\s*${STR}`, 'g'),
    ruby: new RegExp(String.raw`\b(?:eval|instance_eval)\s*\(?\s*${STR}`, 'g'),
    perl: new RegExp(String.raw`\beval\s*\(?\s*${STR}`, 'g'),
    php: new RegExp(String.raw`\beval\s*\(\s*${STR}`, 'g'),
  });

/** Calls that write something whose path is not a literal (`open(p, 'w')`, `writeFileSync(p, …)`). */
let anyWriteTable: Record<string, RegExp> | undefined;
const ANY_WRITE = (): Record<string, RegExp> =>
  (anyWriteTable ??= {
    python:
      /\bopen\s*\([^)]*['"][wax]|\.(?:write_text|write_bytes)\s*\(|\b(?:shutil\.(?:copy\w*|move|rmtree)|os\.(?:rename|replace|remove|unlink|chmod|symlink))\s*\(/,
    node: /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|copyFileSync|renameSync|rename|rmSync|rm|unlinkSync|chmodSync|symlinkSync|createWriteStream|cpSync|truncateSync)\s*\(/,
    ruby: /\b(?:File\.(?:write|open|delete|rename|symlink)|FileUtils\.\w+|IO\.write)\b/,
    perl: /\b(?:open|unlink|rename|rmtree|symlink)\b/,
    php: /\b(?:file_put_contents|fopen|unlink|rename|copy|symlink|rmdir)\s*\(/,
  });

/** Each quoted string of a matched call, in order, unescaped. */
function literalsOf(m: RegExpExecArray): string[] {
  const out: string[] = [];
  for (let i = 1; i < m.length; i++) if (m[i] !== undefined) out.push(m[i]!.replace(/\\(["'\\`])/g, '$1'));
  return out;
}

const HOME_EXPR: RegExp[] = [
  /\bos\.path\.expanduser\(\s*(['"])~\1\s*\)/g,
  /\bPath\.home\(\)/g,
  /\b(?:require\(\s*['"](?:node:)?os['"]\s*\)|os)\.homedir\(\)/g,
  /\bprocess\.env\.HOME\b/g,
  /\bprocess\.env\[\s*['"]HOME['"]\s*\]/g,
  /\bos\.environ\[\s*['"]HOME['"]\s*\]/g,
  /\bos\.(?:getenv|environ\.get)\(\s*['"]HOME['"]\s*\)/g,
  /\bENV\[\s*['"]HOME['"]\s*\]/g,
  /\bDir\.home\b/g,
  /\$ENV\{\s*HOME\s*\}/g,
  /\bgetenv\(\s*['"]HOME['"]\s*\)/g,
];

/** A quoted literal, single or double: its text is group 1 or group 2. */
const LIT = String.raw`(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")`;

/** The folding patterns, compiled once, on first use (their sources are built from constants). */
let folds: Record<'expand' | 'pathResolve' | 'join' | 'pathDiv' | 'concat' | 'listJoin' | 'strJoin' | 'base64' | 'binds' | 'lit', RegExp> | undefined;
function foldPatterns(): NonNullable<typeof folds> {
  const lit = LIT;
  const g = (source: string): RegExp => new RegExp(source, 'g');
  return (folds ??= {
    expand: g(String.raw`\b(?:os\.path\.(?:expanduser|expandvars|abspath|normpath)|File\.expand_path|realpath)\(\s*${lit}\s*\)`),
    pathResolve: g(String.raw`\bPath\(\s*${lit}\s*\)\.(?:expanduser|resolve|absolute)\(\)`),
    join: g(String.raw`\b(?:os\.path\.join|path\.join|path\.resolve|posixpath\.join|File\.join|join_paths)\(\s*${lit}((?:\s*,\s*${lit})+)\s*\)`),
    pathDiv: g(String.raw`Path\(\s*${lit}\s*\)\s*\/\s*${lit}`),
    concat: g(String.raw`${lit}\s*[+.]\s*${lit}`),
    listJoin: g(String.raw`\[\s*(${lit}(?:\s*,\s*${lit})*)\s*\]\s*\.join\(\s*${lit}?\s*\)`),
    strJoin: g(String.raw`${lit}\.join\(\s*\[\s*(${lit}(?:\s*,\s*${lit})*)\s*\]\s*\)`),
    base64: g(
      String.raw`(?:\b(?:base64\.)?b64decode|\batob|\bbase64_decode|\bBase64\.decode64|\bdecode_base64)\(\s*b?${lit}\s*\)(?:\.decode\([^)]*\))?|\bBuffer\.from\(\s*${lit}\s*,\s*['"]base64['"]\s*\)(?:\.toString\([^)]*\))?`,
    ),
    binds: g(String.raw`(?:^|[;\n{(]|\b(?:const|let|var|my|local)\s)\s*(\$?[A-Za-z_]\w*)\s*=\s*${lit}\s*(?=[;\n)}]|$)`),
    lit: g(lit),
  });
}

/**
 * Folds what code builds from literals back into literals, so the calls below see the path or
 * command it will use: the home folder, `expanduser`, joins, concatenations, template strings,
 * and names assigned a literal once (`p = '~/.x'; open(p, 'w')`). Not an interpreter: anything
 * it cannot fold stays as it was and is judged as built at run time.
 */
export function foldLiterals(code: string): string {
  let t = code.length > 200_000 ? code.slice(0, 200_000) : code;
  for (const re of HOME_EXPR) t = t.replace(re, "'~'");
  // Every fold below starts from a quoted literal or a template string: code without a quote
  // (most one-liners after the home folder is folded) has nothing to fold.
  if (!t.includes("'") && !t.includes('"') && !t.includes('`')) return t;
  const f = foldPatterns();
  const v = (m: string[], i: number): string => m[i] ?? m[i + 1] ?? '';
  for (let round = 0; round < 6; round++) {
    const before = t;
    t = t.replace(f.expand, (_all, a: string, b: string) => `'${a ?? b}'`);
    t = t.replace(f.pathResolve, (_all, a: string, b: string) => `Path('${a ?? b}')`);
    t = t.replace(f.join, (all: string) => {
      const parts = [...all.matchAll(f.lit)].map((x) => x[1] ?? x[2] ?? '');
      return `'${parts.map((x, i) => (i ? x.replace(/^\/+/, '') : x.replace(/\/+$/, ''))).join('/')}'`;
    });
    // Path('a') / 'b' (pathlib), 'a' + 'b', "a" . "b" (php/perl)
    t = t.replace(f.pathDiv, (...m: string[]) => `Path('${v(m, 1).replace(/\/+$/, '')}/${v(m, 3).replace(/^\/+/, '')}')`);
    t = t.replace(f.concat, (...m: string[]) => `'${v(m, 1)}${v(m, 3)}'`);
    // ['r', 'm'].join('') and ''.join(['r', 'm'])
    t = t.replace(f.listJoin, (all: string) => {
      const items = [...all.slice(0, all.lastIndexOf('.join')).matchAll(f.lit)].map((x) => x[1] ?? x[2] ?? '');
      const sepM = /\.join\(\s*(?:'([^']*)'|"([^"]*)")?\s*\)$/.exec(all);
      return `'${items.join(sepM?.[1] ?? sepM?.[2] ?? ',')}'`;
    });
    t = t.replace(f.strJoin, (all: string) => {
      const items = [...all.matchAll(f.lit)].map((x) => x[1] ?? x[2] ?? '');
      return `'${items.slice(1).join(items[0] ?? '')}'`;
    });
    // Base64 decoded from a literal: b64decode('…'), atob('…'), Buffer.from('…', 'base64'), base64_decode('…').
    t = t.replace(f.base64, (all: string, a?: string, b?: string, c?: string, d?: string) => {
      const decoded = decodeBase64(a ?? b ?? c ?? d ?? '');
      return decoded === undefined ? all : `'${decoded.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    });
    // Template strings and f-strings whose holes are literals: `${'~'}/x`, f"{'~'}/x".
    t = t.replace(/`((?:[^`\\$]|\\.|\$\{\s*'[^']*'\s*\})*)`/g, (_all, body: string) => `'${body.replace(/\$\{\s*'([^']*)'\s*\}/g, '$1')}'`);
    t = t.replace(/\bf(['"])((?:(?!\1)[^\\{]|\{\s*'[^']*'\s*\})*)\1/g, (_all, _q: string, body: string) => `'${body.replace(/\{\s*'([^']*)'\s*\}/g, '$1')}'`);
    // A name bound once to a literal stands for it afterwards.
    const binds = new Map<string, string>();
    for (const m of t.matchAll(f.binds)) {
      const name = m[1]!;
      if (binds.has(name)) binds.set(name, '\u0000');
      else binds.set(name, m[2] ?? m[3] ?? '');
    }
    for (const [name, value] of binds) {
      if (value === '\u0000' || /^(?:if|for|while|self|this)$/.test(name)) continue;
      const esc = name.replace(/\$/g, '\\$');
      t = t.replace(new RegExp(String.raw`(?<=[(,+.\s\[/]|^)${esc}(?![\w=]|\s*=[^=])`, 'g'), `'${value.replace(/'/g, "\\'")}'`);
    }
    if (t === before) break;
  }
  return t;
}

/** Paths a piece of code names as literals (to judge writes whose path argument is computed). */
function pathLiterals(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/'((?:~|\.{1,2}|\/)[^'\n]{1,300})'|"((?:~|\.{1,2}|\/)[^"\n]{1,300})"/g)) out.add((m[1] ?? m[2])!);
  return [...out].slice(0, 50);
}

export function analyzeInterpreterCode(inv: Invocation, s: Sink, lang: string, name: string, code: string): void {
  s.mutates();
  const text = foldLiterals(code);
  const via = `${name} code`;
  const sub: Invocation = { ...inv, via: [...inv.via, via], stdin: { kind: 'none' } };
  let found = false;
  for (const d of DELETES()[lang] ?? []) {
    d.re.lastIndex = 0;
    for (let m = d.re.exec(text); m; m = d.re.exec(text)) {
      if (m[0].length === 0) {
        d.re.lastIndex++;
        continue;
      }
      found = true;
      const path = literalOf(m);
      const tail = text.slice(m.index, m.index + 200);
      const recursive =
        d.recursive === 'option'
          ? /recursive\s*:\s*true|\brmtree|\bremove\b/.test(tail) || (/\brm(Sync)?\s*\(/.test(m[0]) && /recursive/.test(tail))
          : d.recursive;
      const arg: Arg = path !== undefined ? { value: path, shape: path, glob: /[*?]/.test(path) && /glob/.test(m[0]) } : { shape: '$(code)', glob: false };
      removePaths(sub, s, [arg], { recursive, force: true, verb: name });
    }
  }
  for (const w of WRITES()[lang] ?? []) {
    w.re.lastIndex = 0;
    for (let m = w.re.exec(text); m; m = w.re.exec(text)) {
      if (m[0].length === 0) {
        w.re.lastIndex++;
        continue;
      }
      found = true;
      const lits = literalsOf(m);
      const effects: Effect[] = [];
      if (w.twoPaths && lits.length >= 2) {
        const [from, to] = [lits[0]!, lits[1]!];
        if (w.op === 'move-away')
          effects.push({ op: 'move-away', path: from, how: name, other: to, recursive: true }, { op: 'move-over', path: to, how: name, other: from });
        else if (w.op === 'link') effects.push({ op: 'link', path: to, how: name, other: from });
        else effects.push({ op: 'move-over', path: to, how: name, other: from });
      } else if (lits[0] !== undefined) effects.push({ op: w.op, path: lits[0], how: name });
      if (effects.length) s.effects(sub, effects);
    }
  }
  // A write whose path is computed: the literal paths the code names may be where it lands; only
  // the guard's own files are judged that way (a guess is not evidence of anything else).
  if (ANY_WRITE()[lang]?.test(text)) {
    const guessed = pathLiterals(text).map((p): Effect => ({ op: 'overwrite', path: p, how: `${name} (a path the code names)` }));
    if (guessed.length) s.effects(sub, guessed, { guardOnly: true });
  }
  // Code run from a literal (`exec('…')`, `eval("…")`, `new Function('…')`): analysed as this language.
  const evalRe = EVALS()[lang];
  if (evalRe && inv.via.filter((v) => v.endsWith(' eval')).length < 3) {
    evalRe.lastIndex = 0;
    for (let m = evalRe.exec(text); m; m = evalRe.exec(text)) {
      const lits = literalsOf(m);
      if (lits[0] !== undefined) {
        found = true;
        analyzeInterpreterCode({ ...sub, via: [...sub.via, `${name} eval`] }, s, lang, name, lits[0].replace(/\\n/g, '\n'));
      }
    }
  }
  for (const re of EXECS()[lang] ?? []) {
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
  if (
    /\b(b64decode|base64|atob|Buffer\.from\([^)]*base64|decode\(['"]base64|unpack\(['"]m)/.test(text) &&
    /\b(exec|eval|system|compile|Function)\s*\(/.test(text)
  ) {
    s.add(sub, { rule: 'shell.unanalysable', level: 'medium', message: `${name} decodes and runs hidden code`, cls: 'broad-change', rev: 'unknown' });
  } else if (!found && /\b(exec|eval)\s*\(\s*(?!['"])/.test(text) && lang === 'python') {
    s.add(sub, { rule: 'shell.unanalysable', level: 'medium', message: `${name} evaluates code built at run time`, cls: 'broad-change', rev: 'unknown' });
  }
  void staticArg;
}
