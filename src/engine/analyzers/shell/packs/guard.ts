// The guard itself: commands that remove, replace, switch off or speak for Blast Radius. An agent
// runs as the user, so `blast-radius uninstall`, `npm uninstall -g blast-radius`,
// `code --uninstall-extension blast-radius.blast-radius` or signing a review approval are all within
// its reach; each is critical (a second person must agree), whatever route runs it.
// Reading the guard (`doctor`, `assess`, `audit show|verify`, `review show`, `rules`) is low.
// Does not catch: the same effects reached by writing the guard's files (the effects judge does).
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, argText } from '../types';
import { type Handler, type Pack, f, flagsOf } from './kit';

const OURS = /^(?:blast-radius(?:@[^\s]*)?|@blast-radius\/[a-z-]+)$/i;
const EXTENSION = /^blast-radius\.blast-radius(?:@.*)?$/i;

/** `blast-radius <sub> …` (also `npx blast-radius`, `node …/dist/cli.js`). */
const blastRadius: Handler = (inv, s, rest) => {
  const words = rest.map((a) => (a.value ?? '').toLowerCase());
  const sub = words.find((w) => w && !w.startsWith('-')) ?? '';
  const next = words[words.indexOf(sub) + 1] ?? '';
  const critical = (id: string, what: string): void =>
    s.add(
      inv,
      f(id, 'critical', `${what} (guard tampering: only a person may do this)`, 'broad-change', 'unknown', [
        { kind: 'other', name: 'blast-radius', op: 'modify' },
      ]),
    );
  switch (sub) {
    case 'uninstall':
      critical('guard.uninstall', `Removes the Blast Radius hook from ${words.filter((w) => w && !w.startsWith('-') && w !== sub).join(', ') || 'an agent'}`);
      return;
    case 'install':
      // Installing changes where and how the hook runs (a --project install can shadow the user's).
      if (words.includes('--dry-run')) return;
      critical('guard.install', 'Changes where the Blast Radius hook is installed');
      return;
    case 'review':
      if (next === 'approve' || next === 'accept')
        critical('guard.review', `Signs or accepts a peer-review approval (review ${next}): the second person must be a person, not the agent`);
      else if (next === 'request') s.mutates();
      return;
    case 'audit':
      if (next === 'anchor') critical('guard.audit', 'Changes the audit log’s anchor');
      return;
    default:
      // assess, doctor, hook, rules, --help, --version: reads.
      return;
  }
};

/** npm / pnpm / yarn / bun: removing or replacing the installed guard. */
export function packageManagerTouchesGuard(args: Arg[]): 'remove' | 'replace' | undefined {
  const o = parseOpts(args, ['--prefix', '-C', '--dir', '--filter', '--registry']);
  const verb = (o.pos[0]?.value ?? '').toLowerCase();
  const names = o.pos.slice(1).map(argText);
  const fl = flagsOf(args);
  const global = fl.has('-g') || fl.has('--global') || o.pos[0]?.value === 'global';
  const pkgs = o.pos[0]?.value === 'global' ? o.pos.slice(2).map(argText) : names;
  if (!pkgs.some((n) => OURS.test(n))) return undefined;
  if (
    ['uninstall', 'remove', 'rm', 'un', 'r', 'unlink'].includes(verb) ||
    (o.pos[0]?.value === 'global' && ['remove', 'rm'].includes((o.pos[1]?.value ?? '').toLowerCase()))
  )
    return 'remove';
  if (
    (global && ['install', 'i', 'add', 'update', 'up', 'upgrade', 'link'].includes(verb)) ||
    (o.pos[0]?.value === 'global' && (o.pos[1]?.value ?? '') === 'add')
  )
    return 'replace';
  return undefined;
}

/** code / cursor / windsurf / kiro / code-server: removing or disabling the editor extension. */
const editorCli: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value ?? '');
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    const arg = v.includes('=') ? v.slice(v.indexOf('=') + 1) : (vals[i + 1] ?? '');
    const flag = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
    if ((flag === '--uninstall-extension' || flag === '--disable-extension') && EXTENSION.test(arg)) {
      s.add(
        inv,
        f(
          'guard.extension',
          'critical',
          `${name} ${flag} ${arg}: removes the editor side of the guard (guard tampering: only a person may do this)`,
          'broad-change',
          'unknown',
          [{ kind: 'other', name: arg, op: 'delete' }],
        ),
      );
      return;
    }
    if (flag === '--disable-extensions') {
      s.add(
        inv,
        f(
          'guard.extension',
          'critical',
          `${name} --disable-extensions starts the editor with every extension off, the guard's included`,
          'broad-change',
          'unknown',
        ),
      );
      return;
    }
    if (flag === '--install-extension' && /blast-radius/i.test(arg)) {
      s.add(
        inv,
        f('guard.extension', 'critical', `${name} --install-extension ${arg}: replaces the editor side of the guard`, 'broad-change', 'unknown', [
          { kind: 'other', name: arg, op: 'modify' },
        ]),
      );
      return;
    }
  }
  s.mutates();
};

/** `ssh-keygen -Y sign -n blast-radius`: signing a review approval by hand. */
const sshKeygen: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, ['-Y', '-n', '-f', '-I', '-s', '-O', '-t', '-b', '-C', '-N', '-P', '-E', '-r', '-m', '-a', '-Z', '-w', '-V', '-z']);
  if (o.get('-Y') === 'sign' && /blast-radius/i.test(o.get('-n') ?? '')) {
    s.add(
      inv,
      f(
        'guard.review',
        'critical',
        'Signs a Blast Radius review approval with ssh-keygen: the second person must be a person, not the agent',
        'broad-change',
        'unknown',
      ),
    );
    return;
  }
  if (o.get('-Y') === 'verify' || o.get('-Y') === 'check-novalidate' || o.has('-l', '-L', '-y', '-F', '-B')) return;
  s.mutates();
};

const EDITORS = ['code', 'code-insiders', 'codium', 'cursor', 'windsurf', 'kiro', 'code-server'];

export const GUARD: Pack = {
  family: 'guard',
  covers:
    'blast-radius uninstall/install/review approve|accept/audit anchor, npm/pnpm/yarn/bun removing or replacing blast-radius globally, editors removing or disabling the extension, ssh-keygen signing a review approval.',
  commands: {
    'blast-radius': blastRadius,
    ...Object.fromEntries(EDITORS.map((n) => [n, editorCli])),
    'ssh-keygen': sshKeygen,
  },
  rules: [
    rule(
      'guard.uninstall',
      'critical',
      'broad-change',
      'Removes the Blast Radius hook from an agent: the agent would switch off its own guard',
      'Ask the person to run it themselves',
      ['blast-radius uninstall claude'],
      ['blast-radius doctor'],
    ),
    rule(
      'guard.install',
      'critical',
      'broad-change',
      'Changes where and how the Blast Radius hook is installed, or the installed hook and extension files themselves',
      'Ask the person to run it; `blast-radius install … --dry-run` shows the change',
      ['blast-radius install claude --project', 'rm -rf node_modules/blast-radius'],
      ['blast-radius install claude --dry-run', 'ls node_modules/blast-radius'],
    ),
    rule(
      'guard.review',
      'critical',
      'broad-change',
      'Signs or accepts a peer-review approval: the two-person rule needs a second person, not the agent',
      'Send the review link to a reviewer; ask the person to accept the token',
      ['blast-radius review approve br1.x --key ~/.ssh/id_ed25519', 'ssh-keygen -Y sign -n blast-radius -f k approval.json'],
      ['blast-radius review show br1.x', 'ssh-keygen -Y verify -n blast-radius -f allowed -I a@b -s sig < msg'],
    ),
    rule(
      'guard.audit',
      'critical',
      'broad-change',
      'Changes the audit log, its anchor or the decisions waiting to be written to it',
      'Ask the person; `blast-radius audit verify` and `audit show` only read it',
      ['blast-radius audit anchor --system', 'rm -rf ~/.local/state/blast-radius'],
      ['blast-radius audit verify', 'ls ~/.local/state/blast-radius'],
    ),
    rule(
      'guard.extension',
      'critical',
      'broad-change',
      'Removes, disables or replaces the Blast Radius editor extension',
      'Ask the person to manage extensions themselves',
      ['code --uninstall-extension blast-radius.blast-radius'],
      ['code --list-extensions'],
    ),
  ],
};
