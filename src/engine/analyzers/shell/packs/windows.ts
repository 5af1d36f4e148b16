// Windows shells: `powershell -Command …`, `-EncodedCommand` (decoded), `cmd /c …`. The text they
// run is analysed in its own dialect by pwsh.ts.
// Does not catch: scripts given as files (-File), aliases defined in a profile.
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';
import { analyzePwshOrCmd } from '../pwsh';

const powershell: Handler = (inv, s, args) => {
  for (let i = 0; i < args.length; i++) {
    const v = (args[i]!.value ?? '').toLowerCase();
    if (/^[-/](c|command)$/.test(v)) {
      const rest = args.slice(i + 1);
      if (rest.some((a) => a.value === undefined)) {
        s.add(inv, f('shell.unanalysable', 'medium', 'powershell -Command with a command built at run time', 'broad-change', 'unknown'));
        return;
      }
      s.nestedShell(rest.map((a) => a.value!).join(' '), inv, 'powershell -Command', 'pwsh');
      return;
    }
    if (/^[-/](e|ec|enc|encodedcommand|en|enco|encod|encode|encoded)$/.test(v)) {
      const b64 = args[i + 1]?.value;
      const text = b64 ? decodeUtf16Base64(b64) : undefined;
      if (text === undefined) s.add(inv, f('shell.unanalysable', 'high', 'powershell -EncodedCommand hides the command it runs', 'broad-change', 'unknown'));
      else {
        s.add(inv, f('shell.encoded-command', 'medium', 'powershell -EncodedCommand hides the command it runs (decoded and analysed)', 'broad-change', 'unknown'));
        s.nestedShell(text, inv, 'powershell -EncodedCommand', 'pwsh');
      }
      return;
    }
    if (/^[-/](f|file)$/.test(v)) {
      s.mutates();
      return;
    }
    if (/^[-/](executionpolicy|ep|ex|workingdirectory|wd|configurationname|outputformat|inputformat|windowstyle|w|version|v)$/.test(v)) i++;
  }
  s.mutates();
};

/** Base64 of UTF-16LE text, as `powershell -EncodedCommand` takes it. Pure, no Buffer. */
export function decodeUtf16Base64(b64: string): string | undefined {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = b64.replace(/[\s=]/g, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length < 4 || clean.length > 200_000) return undefined;
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    buf = (buf << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

const cmd: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  const i = vals.findIndex((v) => /^\/[ck]$/i.test(v ?? ''));
  if (i >= 0) {
    const text = rest.slice(i + 1).map(argText).join(' ').replace(/^"(.*)"$/, '$1');
    s.nestedShell(text, inv, 'cmd /c', 'cmd');
  }
  return;
};

export const WINDOWS: Pack = {
  family: 'windows',
  covers: 'powershell / pwsh -Command and -EncodedCommand, cmd /c; PowerShell cmdlets and cmd built-ins sent as a bash command are judged in their own dialect.',
  commands: { pwsh: powershell, powershell, cmd },
  rules: [],
};

/**
 * A PowerShell cmdlet sent as a bash command (agents on Windows do): judged as pwsh. Returns
 * whether the command was taken.
 */
export function windowsDialect(inv: Invocation, s: Sink, name: string, rest: Arg[]): boolean {
  if (/^(remove|clear|format|stop|restart|invoke)-[a-z]+$/.test(name) && inv.dialect !== 'pwsh') {
    analyzePwshOrCmd((inv.stdin.kind !== 'none' ? 'Write-Output stdin | ' : '') + inv.args.map((a) => (a.value !== undefined && /[\s;|&]/.test(a.value) ? `'${a.value.replace(/'/g, "''")}'` : argText(a))).join(' '), 'pwsh', s);
    return true;
  }
  void rest;
  return false;
}

/** cmd.exe built-ins that bash does not have (or has under another meaning). */
const CMD_BUILTINS = new Set(['rd', 'rmdir', 'del', 'erase', 'copy', 'xcopy', 'robocopy', 'move', 'ren', 'rename', 'format', 'attrib', 'takeown', 'icacls', 'cipher', 'mklink']);

/**
 * A cmd.exe command sent as a bash command (agents on Windows do): `rd /s /q C:\`,
 * `del /f /s /q C:\Users\…`. Switches like `/s` and drive paths say it is cmd. Returns whether
 * it was taken.
 */
export function cmdBuiltin(inv: Invocation, s: Sink, name: string, rest: Arg[]): boolean {
  if (!CMD_BUILTINS.has(name) || inv.dialect === 'cmd' || inv.dialect === 'pwsh') return false;
  const vals = rest.map((a) => a.value ?? a.shape);
  const windowsy = vals.some((v) => /^\/[a-z?]{1,4}(?::\S*)?$/i.test(v) && !/^\/(?:tmp|usr|etc|var|home|opt|bin|dev)\b/.test(v)) || vals.some((v) => /^[a-z]:(?:[\\/]|$)/i.test(v) || /\\/.test(v));
  if (!windowsy) return false;
  const text = [inv.args[0]!.value ?? name, ...rest.map((a) => (a.value !== undefined && /\s/.test(a.value) ? `"${a.value}"` : (a.value ?? a.shape)))].join(' ');
  analyzePwshOrCmd(text, 'cmd', s);
  return true;
}
