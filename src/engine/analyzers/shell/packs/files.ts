// Coreutils and file tools: every command that deletes, writes, moves, links or changes the mode
// of a path reports effects (effects/types.ts), and the one effects judge decides — so `rm`,
// `find -delete`, `cp`, `mv`, `tee`, `sed -i`, `dd of=`, `truncate`, `ln -sf`, `chmod`, `tar -x`
// and a redirect reach the same level for the same path. Disk tools (mkfs, wipefs, fdisk…) are
// judged here directly: they act on devices, not paths.
// Does not catch: which files an archive holds, what a `find` filter spares, paths built at run
// time (judged as unknown), files reached through a symlink created outside this command.
import type { Level } from '../../../schema';
import type { Effect } from '../../../effects/types';
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, staticArg } from '../types';
import { type Handler, type Pack, f, worstClass } from './kit';

const FIND_VALUE_OPTS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-regex',
  '-iregex',
  '-type',
  '-xtype',
  '-size',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-cmin',
  '-newer',
  '-anewer',
  '-cnewer',
  '-user',
  '-group',
  '-perm',
  '-maxdepth',
  '-mindepth',
  '-printf',
  '-fprintf',
  '-fprint',
  '-fprint0',
  '-fls',
  '-wholename',
  '-iwholename',
  '-lname',
  '-ilname',
  '-samefile',
  '-inum',
  '-links',
  '-uid',
  '-gid',
  '-fstype',
  '-context',
  '-used',
  '-regextype',
  '-files0-from',
  '-newermt',
  '-newerct',
  '-newerat',
]);

export interface RemoveOptions {
  recursive: boolean;
  force?: boolean;
  noPreserve?: boolean;
  /** The route, for messages: `rm -rf`, `find -delete`, `shutil.rmtree`, `Remove-Item`. */
  verb: string;
  /** Deletion by pattern under the given roots (find -delete). */
  find?: boolean;
  /** find with a filter (-name, -type…): only matching files go, not the whole tree. */
  filtered?: boolean;
}

/** Deleting `paths` (rm, rimraf, find -delete, interpreters' rmtree, Remove-Item): one effect each. */
export function removePaths(inv: Invocation, s: Sink, paths: Arg[], opt: RemoveOptions): void {
  s.effects(
    inv,
    paths.map((p) => ({
      op: 'delete',
      path: p.value ?? p.shape,
      how: opt.verb,
      recursive: opt.recursive,
      ...(p.glob ? { glob: true } : {}),
      ...(opt.force ? { force: true } : {}),
      ...(opt.noPreserve ? { noPreserve: true } : {}),
      ...(opt.find ? { find: true } : {}),
      ...(opt.filtered ? { filtered: true } : {}),
    })),
  );
}

const rm: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, []);
  if (o.has('--help', '--version')) return;
  const recursive =
    (o.has('-r', '-R', '--recursive', '-d', '--dir') && !(o.has('-d', '--dir') && !o.has('-r', '-R', '--recursive'))) ||
    name === 'rimraf' ||
    name === 'del-cli';
  const force = o.has('-f', '--force');
  if (o.pos.length === 0) return;
  const verb = name === 'rm' || name === 'unlink' || name === 'del' ? `rm${recursive ? ` -r${force ? 'f' : ''}` : force ? ' -f' : ''}` : name;
  removePaths(inv, s, o.pos, { recursive, force, noPreserve: o.has('--no-preserve-root'), verb });
};

const rimraf: Handler = (inv, s, rest, name) => {
  if (name === 'trash' || name === 'trash-put' || (name === 'gio' && rest[0]?.value === 'trash')) {
    s.mutates();
    return;
  }
  if (name === 'gio') return;
  rm(inv, s, [staticArg('-rf'), ...rest.filter((a) => !(a.value ?? '').startsWith('-'))], name);
};

const rmdir: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, []);
  // rmdir removes only empty folders: nothing is lost, but a guard folder still counts.
  s.effects(
    inv,
    o.pos.map((p) => ({ op: 'delete', path: argText(p), how: 'rmdir', recursive: false })),
    { guardOnly: true },
  );
};

const find: Handler = (inv, s, args) => {
  let i = 0;
  while (i < args.length && /^-(H|L|P|O\d*)$/.test(args[i]!.value ?? '')) i++;
  if (args[i]?.value === '-D') i += 2;
  const roots: Arg[] = [];
  while (i < args.length) {
    const v = args[i]!.value;
    if (v !== undefined && (v.startsWith('-') || v === '(' || v === '!' || v === ')')) break;
    roots.push(args[i]!);
    i++;
  }
  if (!roots.length) roots.push(staticArg('.'));
  let deletes = false;
  let filtered = false;
  // Filters decide what `{}` stands for: `-name node_modules` makes it a node_modules folder.
  let leaf: string | undefined;
  for (let j = i; j < args.length; j++) {
    const v = args[j]!.value ?? '';
    if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') break;
    if ((v === '-name' || v === '-iname') && args[j + 1]?.value && !/[*?[]/.test(args[j + 1]!.value!)) leaf = args[j + 1]!.value;
    if (FIND_VALUE_OPTS.has(v) && v !== '-maxdepth' && v !== '-mindepth' && v !== '-regextype') filtered = true;
  }
  for (; i < args.length; i++) {
    const v = args[i]!.value ?? '';
    if (FIND_VALUE_OPTS.has(v) || v.startsWith('-newer')) {
      if (v !== '-maxdepth' && v !== '-mindepth' && v !== '-regextype') filtered = true;
      i++;
      continue;
    }
    if (v === '-delete') deletes = true;
    else if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
      let j = i + 1;
      while (j < args.length && args[j]!.value !== ';' && args[j]!.value !== '+') j++;
      const cmd = args.slice(i + 1, j);
      i = j;
      if (!cmd.length) continue;
      // `{}` stands for each file found under the roots.
      const tail = leaf ?? (filtered ? '(matches)' : '*');
      const each = roots.map((r) => ({
        shape: `${r.shape.replace(/\/$/, '')}/${tail}`,
        glob: tail === '*',
        value: `${argText(r).replace(/\/$/, '')}/${tail}`,
      }));
      const sub = cmd.flatMap((a) =>
        a.value === '{}'
          ? each
          : [a.value?.includes('{}') ? { ...a, value: a.value.split('{}').join(argText(roots[0])), shape: a.shape.split('{}').join(argText(roots[0])) } : a],
      );
      s.dispatch({ ...inv, args: sub, via: [...inv.via, `find ${v}`] });
    }
  }
  if (deletes) removePaths(inv, s, roots, { recursive: true, force: true, verb: 'find -delete', find: true, filtered });
};

const shred: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-n', '-s', '--iterations', '--size', '--random-source']);
  s.mutates();
  if (!o.pos.length) return;
  // Overwritten so it can never be recovered: a delete, and worse than one (no undelete, no trash).
  const remove = name !== 'shred' || o.has('-u', '--remove', '-z');
  s.effects(
    inv,
    o.pos.map((a) => ({ op: remove ? 'delete' : 'truncate', path: argText(a), how: `${name} (unrecoverable)`, recursive: o.has('-r', '-R', '--recursive') })),
  );
  const worst = worstClass(s, o.pos);
  const wide = worst === 'root' || worst === 'system' || worst === 'home';
  s.add(
    inv,
    f(
      'path.shred',
      wide ? 'critical' : 'medium',
      `${name} overwrites ${o.pos.map(argText).join(', ')} so it can never be recovered`,
      wide ? 'environment-teardown' : 'destructive',
      'irreversible',
      o.pos.map((a) => ({ kind: 'path', name: argText(a), op: 'delete' })),
    ),
  );
};

const truncate: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, ['-s', '--size', '-r', '--reference', '-o']);
  const size = o.get('-s', '--size') ?? '';
  if (!o.pos.length) return;
  const shrink = /^(0|-|<|\/|%)/.test(size) || size === '';
  s.effects(
    inv,
    o.pos.map((a) => ({ op: shrink ? 'truncate' : 'modify', path: argText(a), how: `truncate${size ? ` -s ${size}` : ''}` })),
  );
};

const dd: Handler = (inv, s, rest) => {
  const of = rest
    .map((a) => a.value)
    .find((v) => v?.startsWith('of='))
    ?.slice(3);
  s.mutates();
  if (!of) return;
  s.effects(inv, [{ op: 'overwrite', path: of, how: 'dd of=' }]);
};

const DISK_TOOLS = ['mkswap', 'wipefs', 'fdisk', 'sfdisk', 'gdisk', 'sgdisk', 'parted', 'blkdiscard', 'cryptsetup', 'diskutil', 'format', 'mkfs'];
const disk: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (name === 'format' && inv.dialect !== 'cmd' && inv.dialect !== 'pwsh') {
    s.mutates();
    return;
  }
  if (vals.some((v) => v === '--help' || v === '-h' || v === '-l' || v === '--list' || v === 'list' || v === 'info' || v === '-V')) return;
  if (name === 'diskutil' && !vals.some((v) => /^(erase|partition|zero|secureErase|reformat|apfs)/i.test(v ?? ''))) return;
  // wipefs without -a / -o only lists the signatures it would erase; fdisk -l lists.
  if (name === 'wipefs' && !vals.some((v) => /^-[a-zA-Z]*[ao]|^--(?:all|offset)/.test(v ?? ''))) return;
  if (name === 'wipefs' && vals.some((v) => v === '-n' || v === '--no-act')) return;
  s.add(
    inv,
    f(
      'shell.disk-format',
      'critical',
      `${name} rewrites a disk, partition table or file system, destroying its data`,
      'environment-teardown',
      'irreversible',
      rest.filter((a) => /^\/dev\/|^[A-Za-z]:$/.test(argText(a))).map((a) => ({ kind: 'path', name: argText(a), op: 'overwrite' })),
    ),
  );
};

const chmod: Handler = (inv, s, rest, name) => {
  s.mutates();
  // `chmod -x f`, `chmod -w f`: a symbolic mode that starts with a dash is the mode, not a flag.
  if (name === 'chmod') {
    const at = rest.findIndex((a) => /^[-+=][rwxXstugo]+$/.test(a.value ?? '') && !/^-[R]$/.test(a.value ?? ''));
    if (at >= 0) rest = [...rest.slice(0, at), { value: `a${rest[at]!.value!}`, shape: `a${rest[at]!.value!}`, glob: false }, ...rest.slice(at + 1)];
  }
  const o = parseOpts(rest, ['--reference', '--from']);
  const recursive = o.has('-R', '--recursive');
  const targets = o.pos.slice(name === 'chattr' || name === 'setfacl' || o.has('--reference') ? 0 : 1);
  const op = name === 'chmod' || name === 'setfacl' || name === 'chattr' ? 'chmod' : 'chown';
  s.effects(
    inv,
    targets.map((a) => ({ op, path: argText(a), how: name, recursive })),
  );
};

const mv: Handler = (inv, s, rest) => {
  s.mutates();
  const o = parseOpts(rest, ['-t', '--target-directory', '-S', '--suffix']);
  const tdir = o.get('-t', '--target-directory');
  if (o.pos.length < (tdir ? 1 : 2)) return;
  const dest = tdir ?? argText(o.pos[o.pos.length - 1]);
  const srcs = tdir ? o.pos : o.pos.slice(0, -1);
  if (dest === '/dev/null') {
    // The source is gone; as root, /dev/null itself is replaced by it.
    s.effects(inv, [
      ...srcs.map((a): Effect => ({ op: 'delete', path: argText(a), how: 'mv to /dev/null' })),
      { op: 'move-over', path: '/dev/null', how: 'mv' },
    ]);
    return;
  }
  s.effects(inv, moveEffects(srcs.map(argText), dest, 'mv', Boolean(tdir) || srcs.length > 1 || dest.endsWith('/')));
};

/** A move: the source leaves (move-away), the destination is replaced (move-over), in `dest/` too. */
export function moveEffects(srcs: string[], dest: string, how: string, destIsDir: boolean): Effect[] {
  const out: Effect[] = [];
  for (const src of srcs) {
    const base = src.replace(/\/+$/, '').split('/').pop() ?? src;
    out.push({ op: 'move-away', path: src, how, other: dest, recursive: true });
    if (destIsDir) out.push({ op: 'move-over', path: `${dest.replace(/\/+$/, '')}/${base}`, how, other: src });
    else
      out.push(
        { op: 'move-over', path: dest, how, other: src },
        { op: 'move-over', path: `${dest.replace(/\/+$/, '')}/${base}`, how, other: src, recursive: false },
      );
  }
  // A destination that is an existing folder holds the moved file under its own name; without
  // facts we judge both readings and keep the worst (the judge dedupes by path).
  return dedupe(out);
}

function dedupe(list: Effect[]): Effect[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.op}|${e.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** cp, install, ln, tee: what each writes. */
const copy: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '--backup']);
  if (name === 'tee') {
    const content = inv.stdin.kind === 'text' ? inv.stdin.text : undefined;
    s.effects(
      inv,
      o.pos.map((d) => ({
        op: o.has('-a', '--append') ? 'append' : 'overwrite',
        path: argText(d),
        how: o.has('-a', '--append') ? 'tee -a' : 'tee',
        ...(content !== undefined ? { content } : {}),
      })),
    );
    return;
  }
  if (name === 'install' && o.has('-d', '--directory')) {
    s.effects(
      inv,
      o.pos.map((d) => ({ op: 'create', path: argText(d), how: 'install -d' })),
    );
    return;
  }
  const tdir = o.get('-t', '--target-directory');
  if (!tdir && o.pos.length < (name === 'ln' ? 1 : 2)) return;
  const dest = tdir ?? (name === 'ln' && o.pos.length === 1 ? '.' : argText(o.pos[o.pos.length - 1]));
  const srcs = (tdir ? o.pos : o.pos.slice(0, -1)).map(argText);
  if (name === 'ln' && o.pos.length === 1) srcs.push(argText(o.pos[0]));
  const op = name === 'ln' ? 'link' : 'move-over';
  const recursive = o.has('-r', '-R', '--recursive', '-a', '--archive');
  const how = name === 'ln' ? `ln${o.has('-s', '--symbolic') ? ' -s' : ''}${o.has('-f', '--force') ? 'f' : ''}` : name;
  const destIsDir = Boolean(tdir) || srcs.length > 1 || dest.endsWith('/') || dest === '.';
  const effects: Effect[] = [];
  for (const src of srcs) {
    const base = src.replace(/\/+$/, '').split('/').pop() ?? src;
    if (!destIsDir) effects.push({ op, path: dest, how, other: src, recursive });
    effects.push({ op, path: `${dest.replace(/\/+$/, '')}/${base}`, how, other: src, recursive });
  }
  s.effects(inv, dedupe(effects));
};

const rsync: Handler = (inv, s, rest) => {
  s.mutates();
  const o = parseOpts(rest, [
    '-e',
    '--rsh',
    '--exclude',
    '--include',
    '--filter',
    '-f',
    '--rsync-path',
    '--backup-dir',
    '--suffix',
    '--log-file',
    '--password-file',
    '--port',
    '-T',
    '--temp-dir',
    '--partial-dir',
    '--files-from',
    '--exclude-from',
    '--include-from',
    '--chmod',
    '--chown',
    '--max-size',
    '--min-size',
    '--timeout',
    '--bwlimit',
    '--compare-dest',
    '--copy-dest',
    '--link-dest',
  ]);
  if (o.pos.length < 2) return;
  if (o.has('-n', '--dry-run', '--list-only')) return;
  const dest = o.pos[o.pos.length - 1]!;
  const destText = argText(dest);
  const remote = /^[^/]*:/.test(dest.value ?? '') && !(dest.value ?? '').startsWith('/');
  const deleting = [...o.flags].some((x) => /^--(delete|del|remove-source-files)/.test(x));
  if (remote) {
    if (deleting)
      s.add(
        inv,
        f('path.sync-delete', 'medium', `rsync --delete removes files on ${destText} that are not in the source`, 'destructive', 'irreversible', [
          { kind: 'path', name: destText, op: 'overwrite' },
        ]),
      );
    return;
  }
  const effects: Effect[] = [{ op: 'move-over', path: destText, how: 'rsync', recursive: true }];
  // --delete removes what the source lacks: for the destination, a recursive delete bounded by the source.
  if (deleting) effects.push({ op: 'delete', path: destText, how: 'rsync --delete (files not in the source)', recursive: true, filtered: true });
  s.effects(inv, effects);
};

/** `cmd | sponge FILE`: soaks up its input, then writes it over FILE (`-a` appends). */
const sponge: Handler = (inv, s, rest) => {
  s.mutates();
  const o = parseOpts(rest, []);
  const content = inv.stdin.kind === 'text' ? inv.stdin.text : undefined;
  s.effects(
    inv,
    o.pos.map((d) => ({
      op: o.has('-a') ? 'append' : 'overwrite',
      path: argText(d),
      how: o.has('-a') ? 'sponge -a' : 'sponge',
      ...(content !== undefined ? { content } : {}),
    })),
  );
};

const touch: Handler = (inv, s, rest, name) => {
  s.mutates();
  const o = parseOpts(rest, name === 'touch' ? ['-d', '--date', '-r', '--reference', '-t'] : ['-m', '--mode', '--context']);
  s.effects(
    inv,
    o.pos.map((a) => ({ op: 'create', path: argText(a), how: name, content: '', isNew: true })),
  );
};

/** sed -i / sed --in-place: each file is changed in place, content unknown. */
const sed: Handler = (inv, s, rest) => {
  const vals = rest.map((a) => a.value);
  if (!vals.some((v) => /^-[a-zA-Z]*i|^--in-place/.test(v ?? ''))) return;
  const o = parseOpts(rest, ['-e', '--expression', '-f', '--file', '-l', '--line-length']);
  const files = o.has('-e', '--expression', '-f', '--file') ? o.pos : o.pos.slice(1);
  s.effects(
    inv,
    files.map((a) => ({ op: 'modify', path: argText(a), how: 'sed -i' })),
  );
};

/** tar -x / unzip: files land under the destination folder (what the archive holds is unknown). */
const extract: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value ?? '');
  if (name === 'tar') {
    const extracting = vals.some((v) => (/^-?[a-zA-Z]*x/.test(v) && !v.startsWith('--')) || v === '--extract' || v === '--get');
    if (!extracting) return;
    const o = parseOpts(rest, ['-C', '--directory', '-f', '--file', '-T', '--files-from', '-X', '--exclude-from']);
    s.effects(inv, [{ op: 'overwrite', path: o.get('-C', '--directory') ?? '.', how: 'tar -x', recursive: true }]);
    return;
  }
  if (vals.some((v) => v === '-l' || v === '-t' || (v === '-v' && vals.length === 1))) return;
  const o = parseOpts(rest, ['-d', '-x', '-P']);
  s.effects(inv, [{ op: 'overwrite', path: o.get('-d') ?? '.', how: 'unzip', recursive: true }]);
};

const mkdir: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, ['-m', '--mode', '--context']);
  // Creating a folder loses nothing; only the guard's own places matter.
  s.effects(
    inv,
    o.pos.map((a) => ({ op: 'create', path: argText(a), how: 'mkdir', isNew: true, content: '' })),
    { guardOnly: true },
  );
};

export const FILES: Pack = {
  family: 'files',
  covers:
    'rm, rmdir, find -delete/-exec, shred, truncate, dd, disk tools, chmod/chown, mv, cp, install, ln, tee, rsync, touch, mkdir, sed -i, tar -x, unzip, rimraf, trash',
  commands: {
    rm,
    unlink: rm,
    del: rm,
    rimraf,
    'del-cli': rimraf,
    trash: rimraf,
    'trash-put': rimraf,
    gio: rimraf,
    rmdir,
    find,
    shred,
    wipe: shred,
    srm: shred,
    truncate,
    dd,
    ...Object.fromEntries(DISK_TOOLS.map((n) => [n, disk])),
    chmod,
    chown: chmod,
    chgrp: chmod,
    setfacl: chmod,
    chattr: chmod,
    mv,
    cp: copy,
    install: copy,
    ln: copy,
    tee: copy,
    rsync,
    touch,
    sponge,
    mkdir,
    sed,
    tar: extract,
    unzip: extract,
  },
  rules: [
    rule(
      'path.delete',
      'low',
      'targeted-patch',
      'Deletes a file (judged by where it lands and, with facts, whether git can bring it back)',
      'Move it aside first (`mv f f.bak`) or check `git status` so it can be restored',
      ['rm notes.txt'],
      ['cat notes.txt'],
    ),
    rule(
      'path.delete-recursive',
      'critical',
      'environment-teardown',
      'Deletes a folder and everything under it',
      'Delete the narrowest folder you need, list it first (`ls -R dir | head`), or use `git clean -n` to preview',
      ['rm -rf ~'],
      ['rm -rf node_modules', 'ls -R ~'],
    ),
    rule(
      'path.delete-regenerable',
      'low',
      'targeted-patch',
      'Deletes build output or package folders that tools regenerate',
      'None needed: the build or package manager recreates it',
      ['rm -rf node_modules'],
      ['rm -rf src'],
    ),
    rule('path.delete-temp', 'low', 'targeted-patch', 'Deletes inside a temporary folder', 'None needed', ['rm -rf /tmp/build-123'], ['rm -rf ~/tmp-notes']),
    rule(
      'path.find-delete',
      'high',
      'destructive',
      'find deletes every match under a folder',
      'Run the same find with -print first and check the list',
      ['find ~/projects -name "*.log" -delete'],
      ['find . -name "*.log" -print'],
    ),
    rule(
      'path.shred',
      'medium',
      'destructive',
      'Overwrites a file so that it can never be recovered',
      'Delete it normally (recoverable from backups) unless it holds a secret that must go',
      ['shred -u secrets.txt'],
      ['sha256sum secrets.txt'],
    ),
    rule(
      'path.sync-delete',
      'medium',
      'destructive',
      'rsync --delete removes files at the destination that the source lacks',
      'Run it with --dry-run first and read the deletions',
      ['rsync -a --delete dist/ deploy@web:/srv/www/'],
      ['rsync -a --delete -n dist/ deploy@web:/srv/www/'],
    ),
    rule(
      'shell.disk-format',
      'critical',
      'environment-teardown',
      'Formats a disk, partition table or file system',
      'List devices first (`lsblk`) and let a person run it',
      ['mkfs.ext4 /dev/sdb1'],
      ['lsblk', 'mkfs.ext4 --help'],
    ),
  ],
};

export type { Level };
