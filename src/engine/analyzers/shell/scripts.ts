// Following scripts: `bash ./fix.sh`, `source env.sh`, `./deploy.sh`, `node tools/cleanup.js`,
// `python x.py`, an npm / pnpm / yarn / bun script, a make target, a just recipe. The command
// names a file; facts read it (bounded, read-only) and its text is analysed like an inline
// script, so a script the agent wrote a moment ago is judged by what it holds. A script written
// earlier in the same command (`cat > x.sh <<EOF … EOF; bash x.sh`) is read from that command.
// Without facts (the engine alone) a script is only noted; with facts, one that cannot be read
// (missing, too large, binary) is never low.
// Does not catch: scripts that build their commands at run time, make's full variable and
// pattern-rule semantics (recipes are read literally), nested scripts beyond the facts' depth.
import { analyzeInterpreterCode } from './interp';
import { type Arg, type Invocation, type Sink, ev } from './types';
import { judgeUnknown } from './packs/unknown';

export type ScriptLang = 'shell' | 'node' | 'python' | 'ruby' | 'perl' | 'php' | 'lua';

const MAX_SCRIPT_CHARS = 256 * 1024;

const PROBLEM_WORDS: Record<string, string> = {
  missing: 'does not exist',
  unreadable: 'cannot be read',
  'too-large': 'is too large to read',
  'not-a-file': 'is not a file',
  binary: 'is a binary file',
  unknown: 'was not read',
};

/** The language a script's shebang (or its name) says. */
export function scriptLang(path: string, content: string | undefined, hinted?: ScriptLang): ScriptLang {
  if (hinted) return hinted;
  const shebang = content?.startsWith('#!') ? content.slice(0, content.indexOf('\n') >>> 0) : '';
  const by = shebang || path;
  if (/\b(node|nodejs|deno|bun|tsx|ts-node)\b|\.(?:c|m)?[jt]s$/.test(by)) return 'node';
  if (/\bpython\d?(?:\.\d+)?\b|\.py$/.test(by)) return 'python';
  if (/\bruby\b|\.rb$/.test(by)) return 'ruby';
  if (/\bperl\b|\.pl$/.test(by)) return 'perl';
  if (/\bphp\b|\.php$/.test(by)) return 'php';
  if (/\blua\b|\.lua$/.test(by)) return 'lua';
  return 'shell';
}

/** Names a file the command runs, by where it really is when that is known (after a `cd`), so facts read the right file. */
export function nameScript(s: Sink, path: string): void {
  const w = s.where(path);
  const known = /^\//.test(w.resolved) && !/^\/__(?:workspace|home)__(?:\/|$)/.test(w.resolved) && w.cls !== 'unknown';
  s.target({ kind: 'path', name: known ? w.resolved : path, op: 'execute' });
}

/**
 * Judges running the script at `path`: its text when known, a finding when it could not be read,
 * and nothing but "changes something" without facts.
 */
export function runScript(inv: Invocation, s: Sink, path: string, via: string, lang?: ScriptLang, args: Arg[] = []): void {
  s.mutates();
  nameScript(s, path);
  // Its arguments speak too (`./bin/ops purge-all --tenant=live`), whatever the script holds.
  if (args.length) judgeUnknown(inv, s, path.replace(/^.*\//, ''), args);
  const src = s.scriptSource(path);
  if (!src) return;
  if (src.content === undefined) {
    const why = PROBLEM_WORDS[src.problem ?? 'unknown'] ?? 'was not read';
    s.add(inv, {
      rule: 'shell.script-unread',
      level: 'medium',
      message: `${via} runs ${path}, which ${why}: what it does is unknown`,
      cls: 'broad-change',
      rev: 'unknown',
      targets: [{ kind: 'path', name: path, op: 'execute' }],
    });
    return;
  }
  analyseScriptText(inv, s, src.content, scriptLang(path, src.content, lang), `${via} ${path}`);
}

/** Analyses a script's text in its language, as if it were given inline. */
export function analyseScriptText(inv: Invocation, s: Sink, content: string, lang: ScriptLang, via: string): void {
  const text = content.length > MAX_SCRIPT_CHARS ? content.slice(0, MAX_SCRIPT_CHARS) : content;
  if (content.length > MAX_SCRIPT_CHARS) {
    s.add(inv, {
      rule: 'shell.script-unread',
      level: 'medium',
      message: `${via}: the script is longer than ${MAX_SCRIPT_CHARS / 1024} KB; only its start was analysed`,
      cls: 'broad-change',
      rev: 'unknown',
    });
  }
  if (lang === 'shell') {
    s.nestedShell(text, inv, via);
    return;
  }
  analyzeInterpreterCode({ ...inv, evidence: ev(via) }, s, lang, via, text);
}
