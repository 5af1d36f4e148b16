// Which bridge servers the hook may ask. A discovery file is only a claim (the agent can write
// one, and run a socket that always says allow), so on Linux the hook checks, through /proc, that
// the socket it would talk to is held by a VS Code-family extension host running Blast Radius:
//   1. the socket is abstract (no file to rename or link) and exactly one listening socket is
//      bound to its name in /proc/net/unix: that is the socket a connection reaches;
//   2. the discovery file's pid holds that socket (its inode is among /proc/<pid>/fd) and runs as
//      this user;
//   3. that process is an extension host: VS Code sets VSCODE_ESM_ENTRYPOINT (VSCODE_AMD_ENTRYPOINT
//      before 1.94) to vs/workbench/api/node/extensionHostProcess in its environment, and its
//      command line says --type=extensionHost (node: code-server, VS Code Server, older desktop)
//      or --type=utility (Electron's utility process: desktop VS Code, Cursor, Windsurf, Kiro…);
//   4. it holds Blast Radius's package.json open (the bridge server keeps it open while listening).
// Cost: a read of /proc/net/unix and about ten small /proc reads, only for claims on the cwd.
//
// Does not catch: everything here is data the same user could also produce. A same-user agent
// that starts a genuine editor (code-server, `code --extensionDevelopmentPath=…`) with an
// extension of its own that opens a socket and our package.json passes these checks; it is then
// trusted only where no live editor already claims the folder (the hook asks the editor that has
// run longest, by kernel start time). macOS and Windows have no /proc and Node cannot read a
// socket's peer (SO_PEERCRED / LOCAL_PEERPID), so there a claim cannot be verified: it is used
// when it is the only one on the folder, and when two claim it the hook asks neither.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { Discovery } from './protocol';
import { isAbstractSocket, socketLabel } from './paths';

export type Trust =
  /** Verified on Linux: the process holding the socket; `startTicks` is its kernel start time. */
  | { trusted: true; verified: true; pid: number; startTicks: number; host: string }
  /** macOS, Windows: nothing to verify with; the claim is taken as it is, when it is alone. */
  | { trusted: true; verified: false; pid: number; why: string }
  | { trusted: false; why: string };

export interface TrustOptions {
  /**
   * Test builds only (src/cli/hook.ts): pids accepted as an editor without the extension-host
   * and package checks (1 and 2 still apply). Never set by the shipped hook.
   */
  standInPids?: readonly number[];
  /** For tests of the Linux checks elsewhere; default: this process's platform. */
  platform?: NodeJS.Platform;
}

const ENTRYPOINT = 'vs/workbench/api/node/extensionHostProcess';
/** How /proc/net/unix writes the start of every Blast Radius socket name (paths.ts socketPathFor). */
const OURS = '@blast-radius-';
/** Size of sun_path on Linux. */
const SUN_PATH = 108;
/** /proc/net/unix's flags bit for a listening socket (__SO_ACCEPTCON). */
const ACCEPTCON = 0x10000;

/** One read of /proc/net/unix per hook call, however many claims are checked. */
export class UnixSockets {
  private table: Map<string, number[]> | undefined;
  private error: string | undefined;

  /** `text`: the table's contents, for tests; by default /proc/net/unix is read on first use. */
  constructor(private readonly text?: string) {}

  /** Inodes of the listening sockets bound to `name` as /proc/net/unix writes it ("@…" for abstract ones). */
  listening(name: string): number[] | { error: string } {
    if (!this.table && !this.error) this.load();
    if (this.error) return { error: this.error };
    return this.table!.get(name) ?? [];
  }

  /**
   * Inodes of the listening sockets a connection to the abstract socket `socketPath` ("\0name")
   * may reach. Node (libuv) binds and connects with the whole 108-byte sun_path, NUL-padded,
   * which /proc/net/unix writes as "@name@@@…"; a binding of the bare name (another runtime's
   * exact length) is counted too, so that two sockets answering to one name are never told apart
   * by a guess.
   */
  abstract(socketPath: string): number[] | { error: string } {
    const name = socketPath.slice(1);
    const padded = this.listening(`@${name}${'@'.repeat(Math.max(0, SUN_PATH - 1 - name.length))}`);
    if ('error' in padded) return padded;
    return [...padded, ...(name.length + 1 < SUN_PATH ? (this.listening(`@${name}`) as number[]) : [])];
  }

  private load(): void {
    let text: string;
    try {
      text = this.text ?? readFileSync('/proc/net/unix', 'latin1');
    } catch (err) {
      this.error = `cannot read /proc/net/unix (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
      return;
    }
    const table = new Map<string, number[]>();
    // "Num RefCount Protocol Flags Type St Inode Path". A path may hold any byte, newlines too, so
    // a crafted name can add lines: added lines only ever make a name ambiguous (see check 1).
    // Only lines naming one of our sockets are parsed: a desktop has thousands of other sockets.
    for (let at = text.indexOf(OURS); at >= 0; at = text.indexOf(OURS, at + 1)) {
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end < 0 ? text.length : end);
      const m = /^[0-9a-f]+: [0-9a-f]+ [0-9a-f]+ ([0-9a-f]+) [0-9a-f]+ [0-9a-f]+ +(\d+) (.+)$/i.exec(line);
      if (end >= 0) at = end;
      if (!m || !(parseInt(m[1]!, 16) & ACCEPTCON)) continue;
      const list = table.get(m[3]!);
      if (list) list.push(Number(m[2]));
      else table.set(m[3]!, [Number(m[2])]);
    }
    this.table = table;
  }
}

/** Decides whether the server a discovery file describes may be asked. Never throws. */
export function checkServer(d: Discovery, sockets: UnixSockets = new UnixSockets(), opts: TrustOptions = {}): Trust {
  const platform = opts.platform ?? process.platform;
  if (platform !== 'linux') {
    const os = platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform;
    return { trusted: true, verified: false, pid: d.pid, why: `${os} cannot tell which process holds a socket` };
  }
  try {
    return checkOnLinux(d, sockets, opts);
  } catch (err) {
    return { trusted: false, why: `could not check it (${err instanceof Error ? err.message : String(err)})` };
  }
}

function checkOnLinux(d: Discovery, sockets: UnixSockets, opts: TrustOptions): Trust {
  const pid = d.pid;
  const label = socketLabel(d.socketPath);
  // 1. The one socket a connection to this name reaches.
  if (!isAbstractSocket(d.socketPath))
    return {
      trusted: false,
      why: `its socket ${label} is a file, which anyone who can write the folder can swap (Blast Radius editors on Linux listen on an abstract socket)`,
    };
  const inodes = sockets.abstract(d.socketPath);
  if ('error' in inodes) return { trusted: false, why: inodes.error };
  if (inodes.length === 0) return { trusted: false, why: `nothing listens on ${label}` };
  if (inodes.length > 1) return { trusted: false, why: `${inodes.length} listening sockets are named ${label}` };
  const inode = inodes[0]!;

  // 2. Held by the claimed process, which runs as this user.
  const proc = `/proc/${pid}`;
  let status: string;
  try {
    status = readFileSync(`${proc}/status`, 'latin1');
  } catch {
    return { trusted: false, why: `process ${pid} is gone` };
  }
  const uid = process.getuid?.();
  const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  if (uid !== undefined && (!uids || Number(uids[1]) !== uid || Number(uids[2]) !== uid))
    return { trusted: false, why: `process ${pid} does not run as this user` };
  let fds: string[];
  try {
    fds = readdirSync(`${proc}/fd`);
  } catch (err) {
    return { trusted: false, why: `cannot list the files of process ${pid} (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  const want = `socket:[${inode}]`;
  let holds = false;
  const packages: string[] = [];
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`${proc}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (target === want) holds = true;
    else if (target.endsWith('/package.json')) packages.push(fd);
  }
  const exe = readExe(pid);
  if (!holds) return { trusted: false, why: `process ${pid} (${exe}) does not hold ${label}` };
  const startTicks = startTicksOf(pid);
  if (opts.standInPids?.includes(pid)) return { trusted: true, verified: true, pid, startTicks, host: `test stand-in (${exe})` };

  // 3. A VS Code-family extension host.
  const environ = readFileSync(`${proc}/environ`, 'latin1').split('\0');
  const argv = readFileSync(`${proc}/cmdline`, 'latin1')
    .split('\0')
    .filter((a, i, all) => a || i < all.length - 1);
  const host = extensionHostKind(environ, argv);
  if ('not' in host) return { trusted: false, why: `process ${pid} (${exe}) is not a VS Code-family extension host: ${host.not}` };
  const kind = host.kind;

  // 4. Running Blast Radius: its package.json is open in that process.
  const ours = packages.some((fd) => {
    try {
      const pkg = JSON.parse(readFileSync(`${proc}/fd/${fd}`, 'utf8')) as { name?: unknown; publisher?: unknown };
      return pkg.name === 'blast-radius' && pkg.publisher === 'blast-radius';
    } catch {
      return false;
    }
  });
  if (!ours) return { trusted: false, why: `process ${pid} (${exe}, ${kind}) is not running the Blast Radius extension` };
  return { trusted: true, verified: true, pid, startTicks, host: `${basename(exe)} ${kind}` };
}

/** Options that make Node run code other than the script it was given. */
const INJECTS = /^(?:-e|--eval|-p|--print|-r|--require|--import|--loader|--experimental-loader|-i|--interactive)(?:=|$)/;

/**
 * What a genuine extension host looks like from outside. VS Code starts it in one of two ways:
 *  - node (code-server, VS Code Server, desktop before 1.82 with ELECTRON_RUN_AS_NODE) running
 *    `<root>/out/bootstrap-fork[.js] --type=extensionHost`: the first argument that is not an
 *    option is that script;
 *  - Electron's utility process (desktop VS Code and its forks): switches only, `--type=utility`,
 *    no script (Electron running as Node would need one).
 * Either way VS Code puts VSCODE_ESM_ENTRYPOINT (VSCODE_AMD_ENTRYPOINT before the ESM switch)
 * in its environment, and nothing preloads other code.
 */
export function extensionHostKind(environ: string[], argv: string[]): { kind: string } | { not: string } {
  if (!environ.includes(`VSCODE_ESM_ENTRYPOINT=${ENTRYPOINT}`) && !environ.includes(`VSCODE_AMD_ENTRYPOINT=${ENTRYPOINT}`))
    return { not: 'no extension host entry point in its environment' };
  const nodeOptions =
    environ
      .find((e) => e.startsWith('NODE_OPTIONS='))
      ?.slice(13)
      .split(/\s+/) ?? [];
  if (nodeOptions.some((o) => INJECTS.test(o))) return { not: 'NODE_OPTIONS preloads other code' };
  const args = argv.slice(1);
  const injected = args.find((a) => INJECTS.test(a));
  if (injected) return { not: `its command line runs other code (${injected})` };
  if (args.includes('--type=extensionHost')) {
    const script = args.find((a) => !a.startsWith('-'));
    if (!script || !/[\\/]out[\\/]bootstrap-fork(?:\.js)?$/.test(script))
      return { not: `--type=extensionHost, but the script it runs is ${script ?? 'none'}, not VS Code's out/bootstrap-fork` };
    return { kind: 'extension host' };
  }
  if (args.includes('--type=utility')) {
    if (environ.some((e) => e.startsWith('ELECTRON_RUN_AS_NODE='))) return { not: '--type=utility, but Electron runs as plain Node (ELECTRON_RUN_AS_NODE)' };
    const script = args.find((a) => a && !a.startsWith('-'));
    if (script) return { not: `--type=utility, but it runs a script (${script})` };
    return { kind: 'extension host (utility process)' };
  }
  return { not: 'neither --type=extensionHost nor --type=utility on its command line' };
}

function readExe(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return 'executable unknown';
  }
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTicksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]) || 0;
  } catch {
    return 0;
  }
}
