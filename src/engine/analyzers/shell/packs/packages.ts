// Package managers and registries: unpublishing a package is irreversible for everyone who
// depends on it. They also run other tools: `npm exec` / `npx`, `pnpm exec` / `pnpm dlx` / `pnpm
// <bin>`, `yarn <bin>` / `yarn dlx` / `yarn workspace <ws> <bin>`: the tool they run is dispatched
// and judged by its own pack (`pnpm prisma migrate reset` is a Prisma reset).
// Does not catch: what `npm run <script>` runs (the scripts in package.json are followed elsewhere).
import { parseOpts } from '../opts';
import type { Arg } from '../types';
import { rule } from '../../../rules/types';
import { type Handler, type Pack, again, f } from './kit';

/** pnpm's and yarn's own commands; any other first word runs a package binary or a script. */
const PNPM_OWN = new Set(['add', 'install', 'i', 'update', 'up', 'upgrade', 'remove', 'rm', 'uninstall', 'un', 'link', 'ln', 'unlink', 'import', 'rebuild', 'rb', 'prune', 'fetch', 'patch', 'patch-commit', 'patch-remove', 'audit', 'list', 'ls', 'll', 'la', 'outdated', 'why', 'licenses', 'run', 'run-script', 'test', 't', 'tst', 'start', 'publish', 'pack', 'init', 'store', 'root', 'bin', 'setup', 'env', 'server', 'config', 'c', 'get', 'set', 'deploy', 'doctor', 'cat-file', 'cat-index', 'find-hash', 'self-update', 'approve-builds', 'ignored-builds', 'help', 'create', 'recursive', 'multi', 'm', 'install-test', 'it', 'dedupe', 'docs', 'home', 'repo', 'view', 'info', 'show', 'whoami', 'login', 'logout', 'adduser', 'owner', 'dist-tag', 'deprecate', 'unpublish', 'version', 'search', 'cache', 'ci', 'clean-install', 'exec', 'dlx', 'x']);
const YARN_OWN = new Set(['add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'constraints', 'create', 'dedupe', 'dlx', 'exec', 'explain', 'generate-lock-entry', 'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'npm', 'outdated', 'owner', 'pack', 'patch', 'patch-commit', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'run', 'search', 'set', 'stage', 'tag', 'team', 'test', 'unlink', 'unplug', 'up', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces', 'start']);
const VALUE_OPTS = ['--filter', '-F', '-C', '--dir', '--cwd', '-w', '--workspace', '--prefix', '--registry', '--loglevel', '--reporter', '-c', '--call', '-p', '--package', '--shell-mode', '--otp', '--tag', '--access'];

function unpublish(rest: Arg[]): string {
  return rest.map((a) => a.value).filter((v) => v && !v.startsWith('-')).join(' ') || 'the package';
}

const npm: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, VALUE_OPTS, true);
  const sub = o.pos[0]?.value ?? '';
  if (sub === 'unpublish') {
    s.add(inv, f('shell.npm-unpublish', 'high', `Unpublishes ${unpublish(o.pos.slice(1))} from the registry`, 'destructive', 'irreversible'));
    return;
  }
  s.mutates();
  if (sub === 'exec' || sub === 'x' || (name !== 'npm' && sub === 'dlx')) {
    const inner = parseOpts(o.pos.slice(1), VALUE_OPTS, true);
    const call = inner.get('-c', '--call');
    if (call !== undefined) {
      s.nestedShell(call, inv, `${name} ${sub} -c`);
      return;
    }
    again(inv, s, inner.pos, `${name} ${sub}`);
    return;
  }
  if (name === 'yarn' && sub === 'workspace' && o.pos.length > 2) {
    again(inv, s, [{ value: 'yarn', shape: 'yarn', glob: false }, ...o.pos.slice(2)], `yarn workspace ${o.pos[1]!.value ?? ''}`);
    return;
  }
  // `pnpm prisma migrate reset`, `yarn knex migrate:rollback --all`: a package binary (or a script of
  // the same name). npm itself runs only its own commands.
  const own = name === 'yarn' ? YARN_OWN : PNPM_OWN;
  if (name !== 'npm' && sub && !own.has(sub) && !sub.startsWith('-') && o.pos[0]!.value !== undefined) again(inv, s, o.pos, name);
};

export const PACKAGES: Pack = {
  family: 'packages',
  covers: 'npm / pnpm / yarn: unpublishing from the registry; the tools they run (npm exec, pnpm exec/dlx/<bin>, yarn <bin>/dlx/workspace).',
  commands: { npm, pnpm: npm, yarn: npm },
  rules: [
    rule('shell.npm-unpublish', 'high', 'destructive', 'Unpublishes a package from the registry: everyone who depends on it breaks', 'Deprecate it instead: `npm deprecate PKG@VERSION "reason"`', ['npm unpublish my-lib@1.0.0'], ['npm view my-lib', 'npm deprecate my-lib@1.0.0 "use 2.x"']),
  ],
};
