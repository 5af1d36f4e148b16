// Windows shells: `powershell -Command …`, `-EncodedCommand` (decoded), `cmd /c …`. The text they
// run is analysed in its own dialect by pwsh.ts.
// Does not catch: scripts given as files (-File), aliases defined in a profile.

import { type Arg, type Invocation, type Sink, argText } from '../types';
import { type Handler, type Pack, f } from './kit';
import { type CommandTable, tableHandler } from './table';
import { rule } from '../../../rules/types';
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
        s.add(
          inv,
          f('shell.encoded-command', 'medium', 'powershell -EncodedCommand hides the command it runs (decoded and analysed)', 'broad-change', 'unknown'),
        );
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

const cmd: Handler = (inv, s, rest, _name) => {
  const vals = rest.map((a) => a.value);
  const i = vals.findIndex((v) => /^\/[ck]$/i.test(v ?? ''));
  if (i >= 0) {
    const text = rest
      .slice(i + 1)
      .map(argText)
      .join(' ')
      .replace(/^"(.*)"$/, '$1');
    s.nestedShell(text, inv, 'cmd /c', 'cmd');
  }
  return;
};

// Windows' own administration tools, data first: what ransomware and careless scripts use to
// remove the ways back (shadow copies, backups, recovery), the registry, services, accounts and
// the antivirus.
const VSSADMIN: CommandTable = {
  entries: [
    {
      sub: ['delete', 'shadows'],
      rule: 'windows.recovery-delete',
      level: 'critical',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'vssadmin delete shadows removes the volume shadow copies: every restore point of the machine',
    },
    {
      sub: ['resize', 'shadowstorage'],
      rule: 'windows.recovery-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'vssadmin resize shadowstorage can shrink the shadow storage until the restore points are gone',
    },
    { sub: ['list'], read: true },
  ],
  otherwise: 'read',
};
const WMIC: CommandTable = {
  entries: [
    {
      sub: ['shadowcopy', 'delete'],
      rule: 'windows.recovery-delete',
      level: 'critical',
      cls: 'environment-teardown',
      rev: 'irreversible',
      message: 'wmic shadowcopy delete removes the volume shadow copies: every restore point of the machine',
    },
    {
      sub: ['call', /^(?:delete|terminate|uninstall)$/i],
      anywhere: true,
      rule: 'windows.admin-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'wmic {sub}',
    },
  ],
  otherwise: 'vocabulary',
};
const WBADMIN: CommandTable = {
  entries: [
    {
      sub: ['delete', /^(?:catalog|backup|systemstatebackup)$/i],
      rule: 'windows.recovery-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'wbadmin {sub} removes Windows backups or their catalog',
    },
    { sub: [/^(?:get|enable)$/i], read: true },
  ],
  otherwise: 'vocabulary',
};
const BCDEDIT: CommandTable = {
  entries: [
    {
      sub: ['/set', '*', /^(?:recoveryenabled|bootstatuspolicy)$/i],
      rule: 'windows.recovery-off',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'bcdedit switches the Windows recovery environment off',
    },
    { sub: ['/delete'], rule: 'windows.admin-delete', level: 'high', cls: 'destructive', rev: 'irreversible', message: 'bcdedit /delete removes a boot entry' },
    { sub: [/^\/(?:enum|v)$/i], read: true },
  ],
  otherwise: 'mutates',
};
const REG: CommandTable = {
  entries: [
    {
      sub: ['delete', /^(?:HKLM|HKEY_LOCAL_MACHINE)/i],
      rule: 'windows.registry-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'reg delete removes machine-wide registry keys ({target})',
      target: { kind: 'other', from: 'next' },
    },
    {
      sub: ['delete'],
      rule: 'windows.registry-delete',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'reg delete removes registry keys ({target})',
      target: { kind: 'other', from: 'next' },
    },
    { sub: [/^(?:query|export|compare)$/i], read: true },
  ],
  otherwise: 'mutates',
};
const NET: CommandTable = {
  entries: [
    {
      sub: ['user', '*'],
      ifFlag: ['/delete', '/del'],
      rule: 'windows.account-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'net user … /delete removes a user account',
    },
    { sub: ['stop'], rule: 'windows.service-stop', level: 'medium', cls: 'broad-change', rev: 'recoverable', message: 'net stop stops a Windows service' },
    { sub: [/^(?:view|statistics|config)$/i], read: true },
  ],
  otherwise: 'mutates',
};
const SC: CommandTable = {
  entries: [
    {
      sub: ['delete'],
      rule: 'windows.service-delete',
      level: 'high',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'sc delete removes a Windows service ({target})',
      target: { kind: 'other', from: 'next' },
    },
    { sub: ['stop'], rule: 'windows.service-stop', level: 'medium', cls: 'broad-change', rev: 'recoverable', message: 'sc stop stops a Windows service' },
    {
      sub: ['config', '*', 'start=', 'disabled'],
      rule: 'windows.service-stop',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'sc config disables a Windows service',
    },
    { sub: [/^(?:query|queryex|qc|getdisplayname)$/i], read: true },
  ],
  otherwise: 'mutates',
};
const CIPHER: CommandTable = {
  entries: [
    {
      sub: [/^\/w:/i],
      rule: 'windows.wipe-free-space',
      level: 'medium',
      cls: 'destructive',
      rev: 'irreversible',
      message: 'cipher /w overwrites the free space: deleted files can no longer be recovered',
    },
  ],
  otherwise: 'mutates',
};

/** Set-MpPreference -Disable…  $true: Microsoft Defender switched off. */
const mpPreference: Handler = (inv, s, rest) => {
  s.mutates();
  const vals = rest.map((a) => (a.value ?? a.shape).toLowerCase());
  const i = vals.findIndex((v) =>
    /^-disable(?:realtimemonitoring|behaviormonitoring|ioavprotection|scriptscanning|intrusionpreventionsystem|blockatfirstseen)/.test(v),
  );
  if (i >= 0 && !/^\$?false$|^0$/.test(vals[i + 1] ?? '$true')) {
    s.add(inv, f('windows.defender-off', 'high', 'Switches part of Microsoft Defender off', 'broad-change', 'recoverable'));
  }
};

export const WINDOWS: Pack = {
  family: 'windows',
  covers:
    'powershell / pwsh -Command and -EncodedCommand, cmd /c; PowerShell cmdlets and cmd built-ins sent as a bash command are judged in their own dialect; vssadmin, wmic, wbadmin, bcdedit, reg, net, sc, cipher, Set-MpPreference.',
  commands: {
    pwsh: powershell,
    powershell,
    cmd,
    vssadmin: tableHandler(VSSADMIN),
    wmic: tableHandler(WMIC),
    wbadmin: tableHandler(WBADMIN),
    bcdedit: tableHandler(BCDEDIT),
    reg: tableHandler(REG),
    net: tableHandler(NET),
    sc: tableHandler(SC),
    cipher: tableHandler(CIPHER),
    'set-mppreference': mpPreference,
  },
  rules: [
    rule(
      'shell.encoded-command',
      'medium',
      'broad-change',
      'powershell -EncodedCommand hides the command it runs (it is decoded and judged as well)',
      'Send the PowerShell command as plain text so a person can read it',
      ['powershell -EncodedCommand UgBlAG0AbwB2AGUALQBJAHQAZQBtACAALQBSAGUAYwB1AHIAcwBlACAALQBGAG8AcgBjAGUAIABDADoAXAA='],
      ['powershell -Command Get-ChildItem'],
    ),
    rule(
      'windows.recovery-delete',
      'critical',
      'environment-teardown',
      'Removes shadow copies, backups or their catalog: the ways back from a bad change',
      'List them first (`vssadmin list shadows`, `wbadmin get versions`) and leave them',
      ['vssadmin delete shadows /all /quiet'],
      ['vssadmin list shadows'],
    ),
    rule(
      'windows.recovery-off',
      'high',
      'broad-change',
      'Switches the Windows recovery environment off',
      'Leave recovery on; `bcdedit /enum` shows the settings',
      ['bcdedit /set {default} recoveryenabled No'],
      ['bcdedit /enum'],
    ),
    rule(
      'windows.registry-delete',
      'high',
      'destructive',
      'Deletes registry keys (machine-wide under HKLM)',
      'Export the key first (`reg export …`) and delete the narrowest value',
      ['reg delete HKLM\\SOFTWARE\\Acme /f'],
      ['reg query HKLM\\SOFTWARE\\Acme'],
    ),
    rule(
      'windows.account-delete',
      'high',
      'destructive',
      'Deletes a Windows user account',
      'Disable the account instead (`net user name /active:no`)',
      ['net user builduser /delete'],
      ['net user builduser'],
    ),
    rule(
      'windows.service-delete',
      'high',
      'destructive',
      'Deletes a Windows service',
      'Stop or disable it instead',
      ['sc delete AcmeAgent'],
      ['sc query AcmeAgent'],
    ),
    rule(
      'windows.service-stop',
      'medium',
      'broad-change',
      'Stops or disables a Windows service',
      'Check what depends on it first (`sc enumdepend`)',
      ['net stop MSSQLSERVER'],
      ['net start'],
    ),
    rule(
      'windows.admin-delete',
      'high',
      'destructive',
      'Deletes through wmic or bcdedit (processes, services, accounts, boot entries)',
      'Use the narrowest command, and list first',
      ['wmic product where name="Acme" call uninstall'],
      ['wmic product get name'],
    ),
    rule(
      'windows.wipe-free-space',
      'medium',
      'destructive',
      'Overwrites free space: deleted files can no longer be recovered',
      'Not needed unless a secret must be unrecoverable',
      ['cipher /w:C:\\'],
      ['cipher /?'],
    ),
    rule(
      'windows.defender-off',
      'high',
      'broad-change',
      'Switches part of Microsoft Defender off',
      'Add a narrow exclusion instead (`Add-MpPreference -ExclusionPath …`)',
      [{ command: 'Set-MpPreference -DisableRealtimeMonitoring $true', kind: 'shell' }],
      ['Get-MpPreference'],
    ),
  ],
};

/**
 * A PowerShell cmdlet sent as a bash command (agents on Windows do): judged as pwsh. Returns
 * whether the command was taken.
 */
export function windowsDialect(inv: Invocation, s: Sink, name: string, rest: Arg[]): boolean {
  if (/^(remove|clear|format|stop|restart|invoke)-[a-z]+$/.test(name) && inv.dialect !== 'pwsh') {
    analyzePwshOrCmd(
      (inv.stdin.kind !== 'none' ? 'Write-Output stdin | ' : '') +
        inv.args.map((a) => (a.value !== undefined && /[\s;|&]/.test(a.value) ? `'${a.value.replace(/'/g, "''")}'` : argText(a))).join(' '),
      'pwsh',
      s,
    );
    return true;
  }
  void rest;
  return false;
}

/** cmd.exe built-ins that bash does not have (or has under another meaning). */
const CMD_BUILTINS = new Set([
  'rd',
  'rmdir',
  'del',
  'erase',
  'copy',
  'xcopy',
  'robocopy',
  'move',
  'ren',
  'rename',
  'format',
  'attrib',
  'takeown',
  'icacls',
  'cipher',
  'mklink',
]);

/**
 * A cmd.exe command sent as a bash command (agents on Windows do): `rd /s /q C:\`,
 * `del /f /s /q C:\Users\…`. Switches like `/s` and drive paths say it is cmd. Returns whether
 * it was taken.
 */
export function cmdBuiltin(inv: Invocation, s: Sink, name: string, rest: Arg[]): boolean {
  if (!CMD_BUILTINS.has(name) || inv.dialect === 'cmd' || inv.dialect === 'pwsh') return false;
  const vals = rest.map((a) => a.value ?? a.shape);
  const windowsy =
    vals.some((v) => /^\/[a-z?]{1,4}(?::\S*)?$/i.test(v) && !/^\/(?:tmp|usr|etc|var|home|opt|bin|dev)\b/.test(v)) ||
    vals.some((v) => /^[a-z]:(?:[\\/]|$)/i.test(v) || /\\/.test(v));
  if (!windowsy) return false;
  // bash has already eaten the backslashes of `C:\Users\…`: the words as written are in the evidence.
  const asWritten = inv.evidence.replace(
    /^\S*?(?=\b(?:rd|rmdir|del|erase|copy|xcopy|robocopy|move|ren|rename|format|attrib|takeown|icacls|cipher|mklink)\b)/i,
    '',
  );
  const text =
    !asWritten.endsWith('…') && asWritten.toLowerCase().startsWith(name)
      ? asWritten
      : [inv.args[0]!.value ?? name, ...rest.map((a) => (a.value !== undefined && /\s/.test(a.value) ? `"${a.value}"` : (a.value ?? a.shape)))].join(' ');
  analyzePwshOrCmd(text, 'cmd', s);
  return true;
}
