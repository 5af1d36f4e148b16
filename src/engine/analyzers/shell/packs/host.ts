// Host administration: shutdown and reboot, init 0/6, kill -1, crontab -r.
// Does not catch: services and firewalls (see the issue list in the README).
import { parseOpts } from '../opts';
import { type Arg, type Invocation, type Sink, argText, ev, staticArg } from '../types';
import { type Handler, type Pack, again, f, names, runJoined } from './kit';

const shutdown: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (vals.some((v) => v === '--help' || v === '-c')) return;
  s.add(inv, f('shell.shutdown', 'high', `${name} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
  return;
};

const init: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (vals[0] === '0' || vals[0] === '6') s.add(inv, f('shell.shutdown', 'high', `init ${vals[0]} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
  return;
};

const kill: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  s.mutates();
  if (vals.includes('-1') && name === 'kill') s.add(inv, f('shell.kill-all', 'high', 'Kills every process the user can signal', 'broad-change', 'recoverable'));
  return;
};

const crontab: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  s.mutates();
  if (vals.some((v) => /^-[a-z]*r/.test(v ?? ''))) s.add(inv, f('shell.crontab-remove', 'high', 'Removes the whole crontab', 'destructive', 'irreversible'));
  return;
};

export const HOST: Pack = {
  family: 'host',
  covers: 'Stopping or restarting the machine, killing every process, removing the crontab.',
  commands: {
    shutdown,
    reboot: shutdown,
    halt: shutdown,
    poweroff: shutdown,
    'stop-computer': shutdown,
    'restart-computer': shutdown,
    init,
    telinit: init,
    kill,
    pkill: kill,
    killall: kill,
    crontab,
  },
  rules: [],
};
