// Containers: docker, podman, nerdctl, docker compose. Volumes hold data; images and stopped
// containers come back. A container run with host folders mounted (`docker run -v /:/host alpine
// rm -rf /host/etc`) does to the host what its command does under the mount: the command is
// analysed with the container paths mapped back to the host ones (paths outside every mount are the
// container's own and harmless to the host). `exec` into a container or a compose service runs
// the command as written.
// Does not catch: what an image's own entrypoint does, named volumes' contents, --privileged
// escapes beyond the mounts.
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, argText, staticArg } from '../types';
import { type Handler, type Pack, again, f, isDryRun } from './kit';

const RUN_VALUES = [
  '-a',
  '--attach',
  '--add-host',
  '--annotation',
  '--blkio-weight',
  '--cap-add',
  '--cap-drop',
  '--cgroup-parent',
  '--cgroupns',
  '--cidfile',
  '--cpu-period',
  '--cpu-quota',
  '--cpu-rt-period',
  '--cpu-rt-runtime',
  '-c',
  '--cpu-shares',
  '--cpus',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--device',
  '--device-cgroup-rule',
  '--device-read-bps',
  '--device-read-iops',
  '--device-write-bps',
  '--device-write-iops',
  '--dns',
  '--dns-option',
  '--dns-search',
  '--domainname',
  '-e',
  '--env',
  '--entrypoint',
  '--env-file',
  '--expose',
  '--gpus',
  '--group-add',
  '--health-cmd',
  '--health-interval',
  '--health-retries',
  '--health-start-period',
  '--health-timeout',
  '-h',
  '--hostname',
  '--ip',
  '--ip6',
  '--ipc',
  '--isolation',
  '--kernel-memory',
  '-l',
  '--label',
  '--label-file',
  '--link',
  '--link-local-ip',
  '--log-driver',
  '--log-opt',
  '--mac-address',
  '-m',
  '--memory',
  '--memory-reservation',
  '--memory-swap',
  '--memory-swappiness',
  '--mount',
  '--name',
  '--network',
  '--net',
  '--network-alias',
  '--oom-score-adj',
  '--pid',
  '--pids-limit',
  '--platform',
  '-p',
  '--publish',
  '--pull',
  '--restart',
  '--runtime',
  '--security-opt',
  '--shm-size',
  '--stop-signal',
  '--stop-timeout',
  '--storage-opt',
  '--sysctl',
  '--tmpfs',
  '--ulimit',
  '-u',
  '--user',
  '--userns',
  '--uts',
  '-v',
  '--volume',
  '--volume-driver',
  '--volumes-from',
  '-w',
  '--workdir',
  '--detach-keys',
  '--arch',
  '--os',
  '--pod',
  '--systemd',
  '--secret',
];

/** Where the container's own paths stand in for the host: nothing the host cares about. */
const CONTAINER_FS = '/tmp/.container-fs';

interface Mount {
  host: string;
  container: string;
}

function bindMounts(volumes: string[], mounts: string[]): Mount[] {
  const out: Mount[] = [];
  for (const v of volumes) {
    // HOST:CONTAINER[:opts]; a named volume has no slash in its first part.
    const m = /^((?:[A-Za-z]:)?[^:]+):(\/[^:]*)(?::[a-zA-Z,]+)?$/.exec(v);
    if (m && /^[/~.$`]/.test(m[1]!)) out.push({ host: hostSource(m[1]!), container: m[2]!.replace(/\/+$/, '') || '/' });
  }
  for (const spec of mounts) {
    const kv = new Map(spec.split(',').map((p) => [p.split('=')[0]!.toLowerCase(), p.slice(p.indexOf('=') + 1)] as const));
    const src = kv.get('source') ?? kv.get('src');
    const dst = kv.get('target') ?? kv.get('destination') ?? kv.get('dst');
    if ((kv.get('type') ?? 'volume') === 'bind' && src && dst) out.push({ host: hostSource(src), container: dst.replace(/\/+$/, '') || '/' });
  }
  return out.filter((m) => m.container !== '/');
}

/**
 * A path as the container sees it → the host path under a mount, or the container's own (under
 * `root` once the command chroots into a mounted host root).
 */
function toHost(path: string, mounts: Mount[], root = CONTAINER_FS): string {
  for (const m of [...mounts].sort((a, b) => b.container.length - a.container.length)) {
    if (path === m.container) return m.host;
    if (path.startsWith(`${m.container}/`)) return `${m.host.replace(/\/+$/, '')}${path.slice(m.container.length)}`;
  }
  return root === '/' ? path : `${root.replace(/\/+$/, '')}${path}`;
}

/** Every absolute path (and `~`) in a command text, mapped to the host. */
function mapText(text: string, mounts: Mount[], root = CONTAINER_FS): string {
  return text
    .replace(/(^|[\s'"=:;(|&])(\/[^\s'";|&)]*)/g, (_m, pre: string, p: string) => `${pre}${toHost(p, mounts, root)}`)
    .replace(/(^|[\s'"=;(|&])~(?=\/|[\s'";|&)]|$)/g, `$1${root === '/' ? '~' : `${root}/root`}`);
}

/** `$PWD:/app`, `$(pwd):/app`, `.:/app`: the current folder, as a relative path the analysis resolves. */
function hostSource(src: string): string {
  const m = /^(?:\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`|\.)(\/.*)?$/.exec(src);
  return m ? `.${m[1] ?? ''}` : src;
}

const quote = (v: string): string => (/^[\w./=:@%+,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** `docker run` / `create`: with host folders mounted, the command runs against them. */
function containerRun(inv: Parameters<Handler>[0], s: Parameters<Handler>[1], args: Arg[], name: string): void {
  s.mutates();
  const o = parseOpts(args, RUN_VALUES, true);
  const mounts = bindMounts(o.all('-v', '--volume'), o.all('--mount'));
  const entry = o.get('--entrypoint');
  const cmd = [...(entry ? [entry] : []), ...o.pos.slice(1).map((a) => a.value ?? a.shape)];
  if (!mounts.length || !cmd.length) return;
  if (o.pos.slice(1).some((a) => a.value === undefined)) return;
  const wd = o.get('-w', '--workdir');
  let cwd = wd ? toHost(wd, mounts) : CONTAINER_FS;
  let root = CONTAINER_FS;
  let words = cmd;
  // `chroot /host …` into a mounted host root: from there on, paths are the host's.
  if (words[0] === 'chroot' && words[1] && toHost(words[1], mounts) !== `${CONTAINER_FS}${words[1]}`) {
    root = toHost(words[1], mounts);
    cwd = root;
    words = words.slice(2);
  }
  if (!words.length) return;
  const text = `cd ${quote(cwd)} && ${words.map((c) => mapText(quote(c), mounts, root)).join(' ')}`;
  const desc = mounts.map((m) => `${m.host}:${m.container}`).join(', ');
  s.nestedShell(text, inv, `${name} run -v ${desc}`);
}

const docker: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, [
    '-H',
    '--host',
    '--context',
    '-c',
    '--config',
    '--file',
    '--project-name',
    '--filter',
    '--format',
    '--tag',
    '--env-file',
    '--profile',
    '--project-directory',
    '--log-level',
  ]);
  const w = o.pos.map((p) => p.value ?? '');
  const ctx = o.get('--context', '-c');
  if (ctx) s.hint('docker context', ctx);
  const host = o.get('-H', '--host') ?? inv.env.get('DOCKER_HOST') ?? undefined;
  if (host) s.hint('docker host', host);
  const sub = w[0] ?? '';
  // `docker compose --dry-run`, `--help`: nothing changes (docker refuses flags it does not know).
  if (isDryRun(args)) return;
  const top = parseOpts(args, ['-H', '--host', '--context', '-c', '--config', '--log-level', '-l'], true);
  const after = top.pos.slice(1);
  if (sub === 'run' || sub === 'create' || (sub === 'container' && (w[1] === 'run' || w[1] === 'create'))) {
    containerRun(inv, s, sub === 'container' ? after.slice(1) : after, name);
    return;
  }
  if (sub === 'compose' && (w.includes('exec') || w.includes('run'))) {
    // docker compose [opts] exec|run [opts] SERVICE CMD…: the command runs in the service's container.
    const c = parseOpts(
      after,
      ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel'],
      true,
    );
    const verb = c.pos[0]?.value;
    if (verb === 'exec' || verb === 'run') {
      const e = parseOpts(
        c.pos.slice(1),
        [
          '-e',
          '--env',
          '-u',
          '--user',
          '-w',
          '--workdir',
          '--index',
          '--entrypoint',
          '--name',
          '-v',
          '--volume',
          '-p',
          '--publish',
          '-l',
          '--label',
          '--env-from-file',
          '--pull',
          '--cap-add',
          '--cap-drop',
        ],
        true,
      );
      if (e.pos.length > 1) again(inv, s, e.pos.slice(1), `${name} compose ${verb} ${argText(e.pos[0])}`);
      else s.mutates();
      return;
    }
  }
  const rest = w.slice(1);
  const has = (...f: string[]): boolean => o.has(...f) || rest.some((x) => f.includes(x));
  const obj = w[1] ?? '';
  const containerish =
    sub === 'system' || sub === 'container' || sub === 'image' || sub === 'volume' || sub === 'network' || sub === 'builder' || sub === 'buildx' ? obj : '';
  if ((sub === 'system' && obj === 'prune') || (sub === 'container' && obj === 'prune')) {
    const volumes = has('--volumes');
    s.add(
      inv,
      f(
        'shell.docker-prune',
        volumes ? 'high' : 'medium',
        `${name} ${sub} prune deletes stopped containers${has('-a', '--all') ? ', all unused images' : ''}${volumes ? ' and volumes with their data' : ''}`,
        volumes ? 'destructive' : 'broad-change',
        volumes ? 'irreversible' : 'recoverable',
      ),
    );
    return;
  }
  if ((sub === 'volume' && (obj === 'rm' || obj === 'prune' || obj === 'remove')) || (sub === 'compose' && w.includes('down') && o.has('-v', '--volumes'))) {
    s.add(
      inv,
      f(
        'shell.docker-volume-rm',
        'high',
        `Deletes ${name} volumes${sub === 'volume' && obj !== 'prune' ? ` ${w.slice(2).join(', ')}` : ''} and the data in them`,
        'destructive',
        'irreversible',
        w.slice(2).map((v) => ({ kind: 'resource', name: v, op: 'delete' })),
      ),
    );
    return;
  }
  if ((sub === 'rm' || (sub === 'container' && (obj === 'rm' || obj === 'remove'))) && has('-f', '--force')) {
    s.add(
      inv,
      f(
        'shell.docker-rm',
        'medium',
        `Force-removes containers ${w.slice(sub === 'rm' ? 1 : 2).join(', ')}, running ones included, with their writable layers`,
        'destructive',
        'irreversible',
        w.slice(sub === 'rm' ? 1 : 2).map((v) => ({ kind: 'resource', name: v, op: 'delete' })),
      ),
    );
    return;
  }
  if (sub === 'rmi' || (sub === 'image' && (obj === 'rm' || obj === 'prune' || obj === 'remove'))) {
    s.add(inv, f('shell.docker-rmi', 'low', `Removes ${name} images (they can be pulled or built again)`, 'targeted-patch', 'recoverable'));
    return;
  }
  if (
    ['ps', 'images', 'logs', 'inspect', 'version', 'info', 'stats', 'top', 'diff', 'history', 'search', 'events', 'port', 'help'].includes(sub) ||
    (containerish && ['ls', 'list', 'inspect', 'df'].includes(obj))
  )
    return;
  if (sub === 'exec') {
    // docker exec [opts] CONTAINER CMD…: the command runs inside the container.
    const e = parseOpts(
      args.slice(args.findIndex((a) => a.value === 'exec') + 1),
      ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'],
      true,
    );
    if (e.pos.length > 1) again(inv, s, e.pos.slice(1), `${name} exec ${argText(e.pos[0])}`);
    else s.mutates();
    return;
  }
  s.mutates();
};

const dockerCompose: Handler = (inv, s, rest, _name) => {
  docker(inv, s, [staticArg('compose'), ...rest], 'docker');
  return;
};

export const CONTAINERS: Pack = {
  family: 'containers',
  covers:
    'docker / podman / nerdctl and compose: prunes, volume deletes, forced container removal, exec into containers and compose services, containers run with host folders mounted (their command judged against the host paths).',
  commands: { docker, podman: docker, nerdctl: docker, 'docker-compose': dockerCompose },
  rules: [
    rule(
      'shell.docker-prune',
      'medium',
      'broad-change',
      'Deletes stopped containers, unused images (and with --volumes, volumes with their data)',
      'List first (`docker system df -v`) and prune narrowly (`docker container prune --filter until=24h`)',
      ['docker system prune -af', 'docker system prune -af --volumes'],
      ['docker system df'],
    ),
    rule(
      'shell.docker-volume-rm',
      'high',
      'destructive',
      'Deletes container volumes and the data in them',
      'Back the volume up first (`docker run --rm -v VOL:/v -v $PWD:/b alpine tar czf /b/vol.tgz /v`)',
      ['docker volume rm pgdata', 'docker compose down -v'],
      ['docker volume ls', 'docker compose down'],
    ),
    rule(
      'shell.docker-rm',
      'medium',
      'destructive',
      'Force-removes containers, running ones included',
      'Stop it first (`docker stop NAME`) and check it holds no data outside a volume',
      ['docker rm -f web'],
      ['docker ps -a'],
    ),
    rule(
      'shell.docker-rmi',
      'low',
      'targeted-patch',
      'Removes images (they can be pulled or built again)',
      'None needed',
      ['docker rmi app:old'],
      ['docker images'],
    ),
  ],
};
