// Containers: docker, podman, nerdctl, docker compose. Volumes hold data; images and stopped
// containers come back.
// Does not catch: what a container does once it runs (`docker run` is judged by its mounts in the
// host pack).
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';

const docker: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, ['-H', '--host', '--context', '-c', '--config', '--file', '--project-name', '--filter', '--format', '--tag', '--env-file', '--profile']);
  const w = o.pos.map((p) => p.value ?? '');
  const ctx = o.get('--context', '-c');
  if (ctx) s.hint('docker context', ctx);
  const sub = w[0] ?? '';
  const rest = w.slice(1);
  const has = (...f: string[]): boolean => o.has(...f) || rest.some((x) => f.includes(x));
  const obj = w[1] ?? '';
  const containerish = (sub === 'system' || sub === 'container' || sub === 'image' || sub === 'volume' || sub === 'network' || sub === 'builder' || sub === 'buildx') ? obj : '';
  if ((sub === 'system' && obj === 'prune') || (sub === 'container' && obj === 'prune')) {
    const volumes = has('--volumes');
    s.add(inv, f('shell.docker-prune', volumes ? 'high' : 'medium', `${name} ${sub} prune deletes stopped containers${has('-a', '--all') ? ', all unused images' : ''}${volumes ? ' and volumes with their data' : ''}`, volumes ? 'destructive' : 'broad-change', volumes ? 'irreversible' : 'recoverable'));
    return;
  }
  if ((sub === 'volume' && (obj === 'rm' || obj === 'prune' || obj === 'remove')) || (sub === 'compose' && w.includes('down') && (o.has('-v', '--volumes')))) {
    s.add(inv, f('shell.docker-volume-rm', 'high', `Deletes ${name} volumes${sub === 'volume' && obj !== 'prune' ? ` ${w.slice(2).join(', ')}` : ''} and the data in them`, 'destructive', 'irreversible', w.slice(2).map((v) => ({ kind: 'resource', name: v, op: 'delete' }))));
    return;
  }
  if ((sub === 'rm' || (sub === 'container' && (obj === 'rm' || obj === 'remove'))) && has('-f', '--force')) {
    s.add(inv, f('shell.docker-rm', 'medium', `Force-removes containers ${w.slice(sub === 'rm' ? 1 : 2).join(', ')}, running ones included, with their writable layers`, 'destructive', 'irreversible', w.slice(sub === 'rm' ? 1 : 2).map((v) => ({ kind: 'resource', name: v, op: 'delete' }))));
    return;
  }
  if (sub === 'rmi' || (sub === 'image' && (obj === 'rm' || obj === 'prune' || obj === 'remove'))) {
    s.add(inv, f('shell.docker-rmi', 'low', `Removes ${name} images (they can be pulled or built again)`, 'targeted-patch', 'recoverable'));
    return;
  }
  if (['ps', 'images', 'logs', 'inspect', 'version', 'info', 'stats', 'top', 'diff', 'history', 'search', 'events', 'port', 'help'].includes(sub) || (containerish && ['ls', 'list', 'inspect', 'df'].includes(obj))) return;
  if (sub === 'exec') {
    // docker exec [opts] CONTAINER CMD…: the command runs inside the container.
    const e = parseOpts(args.slice(args.findIndex((a) => a.value === 'exec') + 1), ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'], true);
    if (e.pos.length > 1) again(inv, s, e.pos.slice(1), `${name} exec ${argText(e.pos[0])}`);
    else s.mutates();
    return;
  }
  s.mutates();
};

const dockerCompose: Handler = (inv, s, rest, name) => {
  docker(inv, s, [staticArg('compose'), ...rest], 'docker');
  return;
};

export const CONTAINERS: Pack = {
  family: 'containers',
  covers: 'docker / podman / nerdctl and compose: prunes, volume deletes, forced container removal, exec into containers.',
  commands: { docker, podman: docker, nerdctl: docker, 'docker-compose': dockerCompose },
  rules: [],
};
