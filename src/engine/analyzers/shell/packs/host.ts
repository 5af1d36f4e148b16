// Host administration: shutdown and reboot, init 0/6, kill -1; firewalls (iptables, nft, ufw,
// firewall-cmd); services (systemctl, service, rc-service: stopping a database, ssh, docker or the
// network); storage (LVM removes, zfs/zpool destroy, btrfs subvolume delete, swapoff); schedules
// (crontab replaced or removed, and the jobs written into it; `at`/`batch` jobs, analysed as
// shell); accounts (userdel -r, passwd -d); mounts of system folders; kernel parameters and modules;
// network interfaces taken down; security modules switched off. Paths (`: > ~/.ssh/authorized_keys`,
// `truncate -s 0` on database files) are the effects judge's, not this pack's.
// Does not catch: what a unit's own stop does, rules loaded from a file (`iptables-restore <
// rules`), jobs scheduled by other means (systemd timers written as files).
import type { Level } from '../../../schema';
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Invocation, type Sink, argText } from '../types';
import { type Handler, type Pack, f, stdinCode } from './kit';
import { type CommandTable, tableHandler } from './table';

const shutdown: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  if (vals.some((v) => v === '--help' || v === '-c')) return;
  s.add(inv, f('shell.shutdown', 'high', `${name} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
};

const init: Handler = (inv, s, rest) => {
  const vals = rest.map((a) => a.value);
  if (vals[0] === '0' || vals[0] === '6')
    s.add(inv, f('shell.shutdown', 'high', `init ${vals[0]} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
};

/** Processes whose loss takes a service, the remote session or the machine's data with it. */
const CRITICAL_PROCESS = /^(sshd|postgres|postmaster|mysqld|mariadbd|mongod|redis-server|dockerd|containerd|kubelet|etcd|init|systemd)$/;

const kill: Handler = (inv, s, rest, name) => {
  const vals = rest.map((a) => a.value);
  s.mutates();
  if (vals.includes('-1') && name === 'kill') {
    s.add(inv, f('shell.kill-all', 'high', 'Kills every process the user can signal', 'broad-change', 'recoverable'));
    return;
  }
  if (name === 'kill' && vals.filter((v) => v && !v.startsWith('-')).includes('1')) {
    s.add(inv, f('host.service-stop', 'high', 'kill 1 signals init (PID 1): the machine may halt', 'environment-teardown', 'recoverable'));
    return;
  }
  const targets = parseOpts(rest, ['-s', '--signal', '-u', '-U', '-g', '-G', '-P', '-t', '-n', '--older-than', '--younger-than']).pos.map((p) => p.value ?? '');
  const hit = targets.find((t) => CRITICAL_PROCESS.test(t));
  if (hit && name !== 'kill')
    s.add(
      inv,
      f('host.service-stop', 'medium', `${name} ${hit} kills a database, ssh, container or control-plane process`, 'broad-change', 'recoverable', [
        { kind: 'host', name: hit, op: 'modify' },
      ]),
    );
};

/** crontab -r removes everything; `crontab FILE` / `crontab -` replaces everything with what it reads. */
const crontab: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, ['-u']);
  if (o.has('-l', '-h', '--help', '-V', '-T')) return;
  s.mutates();
  if (o.has('-r') || rest.some((a) => /^-[a-z]*r/.test(a.value ?? ''))) {
    s.add(inv, f('shell.crontab-remove', 'high', `Removes the whole crontab${o.get('-u') ? ` of ${o.get('-u')}` : ''}`, 'destructive', 'irreversible'));
    return;
  }
  if (o.has('-e')) return;
  const src = o.pos[0];
  if (!src && inv.stdin.kind === 'none') return;
  const from =
    src && src.value !== '-' ? argText(src) : inv.stdin.kind === 'none' ? 'standard input' : inv.stdin.kind === 'text' ? 'the text given' : inv.stdin.from;
  s.add(
    inv,
    f(
      'host.crontab-replace',
      'medium',
      `Replaces the whole crontab${o.get('-u') ? ` of ${o.get('-u')}` : ''} with ${from}: every job not in it is gone`,
      'broad-change',
      'recoverable',
    ),
  );
  // The jobs written into it run later, unattended: each is analysed as a command.
  if ((!src || src.value === '-') && inv.stdin.kind === 'text') {
    for (const job of cronJobs(inv.stdin.text)) s.nestedShell(job, inv, 'crontab job');
  }
};

/** The command part of each crontab line (five time fields or an @keyword, then the command). */
export function cronJobs(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) continue;
    const m = /^(?:@\w+|(?:\S+\s+){4}\S+)\s+(.+)$/.exec(line);
    if (m && out.length < 50) out.push(m[1]!);
  }
  return out;
}

/** `at` / `batch`: the job is read from standard input (or -f FILE) and runs later, as shell. */
const at: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-q', '-f', '-t']);
  if (o.has('-l', '-c', '-V', '--help')) return;
  if (name === 'atq') return;
  if (name === 'atrm' || o.has('-r', '-d')) {
    s.mutates();
    return;
  }
  const file = o.get('-f');
  if (file) {
    s.mutates();
    return;
  }
  stdinCode(inv, s, name, (text) => s.nestedShell(text, inv, `${name} job`));
};

// ---------------------------------------------------------------------------------------------
// Firewalls

const iptables: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, [
    '-t',
    '--table',
    '-A',
    '--append',
    '-I',
    '--insert',
    '-D',
    '--delete',
    '-R',
    '--replace',
    '-N',
    '--new-chain',
    '-E',
    '--rename-chain',
    '-p',
    '--protocol',
    '-s',
    '--source',
    '-d',
    '--destination',
    '-j',
    '--jump',
    '-i',
    '--in-interface',
    '-o',
    '--out-interface',
    '-m',
    '--match',
    '--dport',
    '--sport',
    '-w',
    '--wait',
  ]);
  if (o.has('-L', '--list', '-S', '--list-rules', '-C', '--check', '-h', '--help', '-V', '--version')) return;
  s.mutates();
  const table = o.get('-t', '--table') ?? 'filter';
  const flush = rest.findIndex((a) => a.value === '-F' || a.value === '--flush');
  if (flush >= 0) {
    const chain = rest[flush + 1]?.value && !rest[flush + 1]!.value!.startsWith('-') ? rest[flush + 1]!.value : undefined;
    s.add(
      inv,
      f(
        'host.firewall-flush',
        table === 'filter' ? 'high' : 'medium',
        `${name} -F deletes every rule${chain ? ` of the ${chain} chain` : ''}${table !== 'filter' ? ` in the ${table} table` : ''}: the host's filtering is gone`,
        'broad-change',
        'irreversible',
        [{ kind: 'host', name: `${name} ${table}${chain ? ` ${chain}` : ''}`, op: 'delete' }],
      ),
    );
    return;
  }
  const pol = rest.findIndex((a) => a.value === '-P' || a.value === '--policy');
  if (pol >= 0) {
    const chain = rest[pol + 1]?.value ?? '';
    const target = (rest[pol + 2]?.value ?? '').toUpperCase();
    if (/^(DROP|REJECT)$/.test(target) && /^(INPUT|OUTPUT|FORWARD)$/i.test(chain)) {
      s.add(
        inv,
        f(
          'host.firewall-lockout',
          chain.toUpperCase() === 'FORWARD' ? 'medium' : 'high',
          `${name} -P ${chain} ${target} drops every ${chain.toUpperCase() === 'INPUT' ? 'incoming' : chain.toUpperCase() === 'OUTPUT' ? 'outgoing' : 'forwarded'} packet no rule accepts: an ssh session can be cut off`,
          'broad-change',
          'recoverable',
          [{ kind: 'host', name: `${name} ${chain}`, op: 'modify' }],
        ),
      );
    } else if (target === 'ACCEPT') {
      s.add(inv, f('host.firewall-flush', 'medium', `${name} -P ${chain} ACCEPT lets through every packet no rule drops`, 'broad-change', 'recoverable'));
    }
    return;
  }
  if (o.has('-X', '--delete-chain')) s.add(inv, f('host.firewall-flush', 'medium', `${name} -X deletes user-defined chains`, 'broad-change', 'irreversible'));
};

const iptablesRestore: Handler = (inv, s, rest, name) => {
  if (rest.some((a) => a.value === '-t' || a.value === '--test' || a.value === '-h' || a.value === '--help')) return;
  s.add(
    inv,
    f(
      'host.firewall-flush',
      'medium',
      `${name} replaces every firewall rule with the ones it reads${rest.some((a) => a.value === '-n' || a.value === '--noflush') ? ' (added to the current ones: --noflush)' : ''}`,
      'broad-change',
      'recoverable',
    ),
  );
};

const NFT: CommandTable = {
  valueFlags: ['-f', '--file', '-I', '--includepath'],
  dryRunFlags: ['-c', '--check'],
  entries: [
    {
      sub: ['flush', 'ruleset'],
      rule: 'host.firewall-flush',
      level: 'high',
      cls: 'broad-change',
      rev: 'irreversible',
      message: "nft flush ruleset deletes every table, chain and rule: the host's filtering is gone",
    },
    {
      sub: [/^(delete|destroy|flush)$/, /^(table|chain)$/],
      rule: 'host.firewall-flush',
      level: 'medium',
      cls: 'broad-change',
      rev: 'irreversible',
      message: 'nft {sub} {target}',
      target: { kind: 'host', from: 'next' },
    },
    { sub: [/^(list|monitor|describe|-v|--version|-h|--help)$/], read: true },
    { sub: [/^(add|insert|create|replace|delete|reset|rename|flush|destroy)$/], mutates: true },
  ],
};

const UFW: CommandTable = {
  entries: [
    {
      sub: ['disable'],
      rule: 'host.firewall-disable',
      level: 'high',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'ufw disable turns the firewall off: every port is reachable',
    },
    {
      sub: ['reset'],
      rule: 'host.firewall-flush',
      level: 'high',
      cls: 'broad-change',
      rev: 'irreversible',
      message: 'ufw reset deletes every rule and turns the firewall off',
    },
    {
      sub: ['default', /^(deny|reject)$/, /^(incoming|outgoing)$/],
      rule: 'host.firewall-lockout',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'ufw {sub}: every connection no rule allows is blocked (ssh too, unless allowed)',
    },
    {
      sub: ['default', 'allow', 'incoming'],
      rule: 'host.firewall-disable',
      level: 'medium',
      cls: 'broad-change',
      rev: 'recoverable',
      message: 'ufw default allow incoming: every port no rule blocks is reachable',
    },
    { sub: [/^(status|show|app|version|help|--version|--help)$/], read: true },
    { sub: [/^(enable|allow|deny|reject|limit|delete|insert|route|logging|reload|prepend|default)$/], mutates: true },
  ],
};

const firewallCmd: Handler = (inv, s, rest) => {
  const vals = rest.map((a) => a.value ?? '');
  const text = vals.join(' ');
  if (vals.every((v) => /^--(list|get|query|state|info|check|help|version)/.test(v) || /^--(zone|permanent)(=|$)/.test(v))) return;
  s.mutates();
  if (/--panic-on\b/.test(text))
    s.add(
      inv,
      f('host.firewall-lockout', 'high', 'firewall-cmd --panic-on drops every packet, in and out: every session is cut', 'broad-change', 'recoverable'),
    );
  else if (/--remove-(service|port)[= ](ssh|22\/tcp)\b/.test(text) || /--set-default-zone[= ](drop|block)\b/.test(text))
    s.add(
      inv,
      f(
        'host.firewall-lockout',
        'high',
        `firewall-cmd ${vals.find((v) => /--remove-|--set-default-zone/.test(v))}: ssh can be cut off`,
        'broad-change',
        'recoverable',
      ),
    );
};

// ---------------------------------------------------------------------------------------------
// Services

/** Units whose stop takes data, the remote session, containers or the network with it. */
const UNIT_KINDS: [RegExp, string][] = [
  [/^(sshd?|openssh-server|openssh|dropbear)$/, 'ssh: remote sessions are cut and no new one can start'],
  [
    /^(networking|network|networkmanager|systemd-networkd|systemd-resolved|wpa_supplicant|netplan.*|ifup@.*|dhcpcd|dhclient)$/,
    'the network: the machine becomes unreachable',
  ],
  [
    /^(docker|containerd|crio|cri-o|kubelet|k3s|k3s-agent|rke2-server|rke2-agent|podman|snap\.microk8s.*)$/,
    'containers: every container or pod on the host stops',
  ],
  [
    /^(postgresql.*|postgres.*|mysql.*|mysqld|mariadb.*|mongod|mongodb|redis.*|valkey.*|elasticsearch|opensearch|cassandra|scylla-server|etcd|kafka|zookeeper|rabbitmq-server|clickhouse-server|influxdb|neo4j|couchdb|memcached|minio|vault|consul)$/,
    'a database or data service: applications lose it',
  ],
];
const PROTECTION_UNITS =
  /^(firewalld|ufw|nftables|iptables|netfilter-persistent|auditd|apparmor|fail2ban|crowdsec|clamav-daemon|falco|osqueryd|wazuh-agent|unattended-upgrades)$/;
const WEB_UNITS = /^(nginx|apache2|httpd|caddy|haproxy|traefik|envoy|lighttpd|php.*-fpm|gunicorn|uwsgi|puma)$/;
const SYSTEMCTL_READ = new Set([
  'status',
  'show',
  'is-active',
  'is-enabled',
  'is-failed',
  'is-system-running',
  'list-units',
  'list-unit-files',
  'list-sockets',
  'list-timers',
  'list-jobs',
  'list-dependencies',
  'list-machines',
  'cat',
  'help',
  'get-default',
  'show-environment',
  'show-environment',
  'check',
]);

function unitName(u: string): string {
  return u.toLowerCase().replace(/\.(service|socket|target)$/, '');
}

function judgeUnits(inv: Invocation, s: Sink, verb: string, units: string[], say: (unit: string) => string, user: boolean): void {
  s.mutates();
  if (user) return;
  const stopping = /^(stop|disable|mask|kill|freeze)$/.test(verb);
  const restarting = /^(restart|reload|try-restart|reload-or-restart|condrestart|force-reload)$/.test(verb);
  if (!stopping && !restarting) return;
  for (const raw of units) {
    const u = unitName(raw);
    if (PROTECTION_UNITS.test(u) && stopping) {
      s.add(
        inv,
        f('host.firewall-disable', 'high', `${say(raw)} turns a protection off (firewall, audit log or intrusion prevention)`, 'broad-change', 'recoverable', [
          { kind: 'host', name: raw, op: 'modify' },
        ]),
      );
      continue;
    }
    const kind = UNIT_KINDS.find(([re]) => re.test(u));
    if (kind) {
      const level: Level = stopping ? 'high' : 'medium';
      s.add(
        inv,
        f('host.service-stop', level, `${say(raw)} ${stopping ? 'stops' : 'interrupts'} ${kind[1]}`, 'broad-change', 'recoverable', [
          { kind: 'host', name: raw, op: 'modify' },
        ]),
      );
    } else if (WEB_UNITS.test(u) && stopping) {
      s.add(
        inv,
        f('host.service-stop', 'medium', `${say(raw)} stops a web server: the sites it serves go down`, 'broad-change', 'recoverable', [
          { kind: 'host', name: raw, op: 'modify' },
        ]),
      );
    }
  }
}

const systemctl: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, [
    '-H',
    '--host',
    '-M',
    '--machine',
    '-t',
    '--type',
    '--state',
    '-p',
    '--property',
    '-n',
    '--lines',
    '-o',
    '--output',
    '-s',
    '--signal',
    '--kill-whom',
    '--root',
    '--job-mode',
  ]);
  const w = o.pos.map((p) => p.value ?? '');
  const verb = w[0] ?? '';
  const host = o.get('-H', '--host');
  if (host) s.hint('host', host);
  if (!verb || SYSTEMCTL_READ.has(verb) || o.has('--help', '--version')) return;
  if (/^(poweroff|reboot|halt|kexec|soft-reboot)$/.test(verb)) {
    s.add(inv, f('shell.shutdown', 'high', `systemctl ${verb} stops or restarts the machine`, 'environment-teardown', 'recoverable'));
    return;
  }
  if (verb === 'isolate' && /^(rescue|emergency|poweroff|halt|reboot)(\.target)?$/.test(w[1] ?? '')) {
    s.add(inv, f('shell.shutdown', 'high', `systemctl isolate ${w[1]} stops every service not in that target`, 'environment-teardown', 'recoverable'));
    return;
  }
  const stopNow = (verb === 'disable' || verb === 'mask') && o.has('--now') ? 'stop' : verb;
  judgeUnits(inv, s, stopNow, w.slice(1), (u) => `systemctl ${verb}${stopNow !== verb ? ' --now' : ''} ${u}`, o.has('--user'));
};

/** `service NAME stop`, `rc-service NAME stop`. */
const service: Handler = (inv, s, rest, name) => {
  const w = rest.map((a) => a.value ?? '');
  if (!w.length || w[0] === '--status-all' || w.includes('status') || w[0]!.startsWith('-')) return;
  judgeUnits(inv, s, w[1] ?? '', [w[0]!], (u) => `${name} ${u} ${w[1]}`, false);
};

// ---------------------------------------------------------------------------------------------
// Storage, accounts, mounts, kernel, network interfaces

const LVM_REMOVE: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['--select', '-S', '--config', '--reportformat']);
  if (o.has('-t', '--test', '--help', '-h')) return;
  const what = name === 'lvremove' ? 'logical volume' : name === 'vgremove' ? 'volume group' : 'physical volume label';
  const targets = o.pos.map(argText);
  s.add(
    inv,
    f(
      'host.volume-delete',
      'high',
      `${name} removes the ${what} ${targets.join(', ') || '(selected)'}: the data on it is gone`,
      'destructive',
      'irreversible',
      targets.map((t) => ({ kind: 'path', name: t, op: 'delete' })),
    ),
  );
};

const lvreduce: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-L', '--size', '-l', '--extents']);
  if (o.has('-t', '--test', '--help')) return;
  const size = o.get('-L', '--size', '-l', '--extents') ?? '';
  if (name === 'lvreduce' || size.startsWith('-'))
    s.add(
      inv,
      f(
        'host.volume-delete',
        'medium',
        `${name} shrinks ${o.pos.map(argText).join(', ')}: data past the new end is lost unless the file system was shrunk first`,
        'destructive',
        'irreversible',
      ),
    );
  else s.mutates();
};

const zfs: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-o', '-t', '-s', '-S', '-d']);
  const w = o.pos.map((p) => p.value ?? '');
  const sub = w[0] ?? '';
  if (/^(list|get|status|iostat|history|events|help|version|holds|diff|userspace|groupspace|projectspace|wait)$/.test(sub)) return;
  // -n: dry run (with -v it lists what would go).
  if (o.has('-n')) return;
  s.mutates();
  const target = w[1] ?? '';
  if (name === 'zpool') {
    if (sub === 'destroy')
      s.add(
        inv,
        f('host.volume-delete', 'high', `zpool destroy destroys the pool ${target} and every dataset in it`, 'environment-teardown', 'irreversible', [
          { kind: 'path', name: target, op: 'delete' },
        ]),
      );
    else if (sub === 'labelclear')
      s.add(
        inv,
        f('host.volume-delete', 'high', `zpool labelclear wipes the ZFS label of ${target}`, 'destructive', 'irreversible', [
          { kind: 'path', name: target, op: 'delete' },
        ]),
      );
    else if (/^(offline|detach|remove|split)$/.test(sub))
      s.add(inv, f('host.volume-delete', 'medium', `zpool ${sub} ${w.slice(1).join(' ')} reduces the pool's redundancy`, 'broad-change', 'recoverable'));
    return;
  }
  if (sub === 'destroy') {
    const snap = target.includes('@');
    const recursive = o.has('-r', '-R');
    const root = !target.includes('/') && !snap;
    s.add(
      inv,
      f(
        'host.volume-delete',
        snap && !recursive ? 'medium' : 'high',
        `zfs destroy ${recursive ? '-r ' : ''}destroys ${snap ? 'the snapshot' : root ? "the pool's root dataset" : 'the dataset'} ${target}${recursive ? ' and everything under it' : ''}`,
        root && recursive ? 'environment-teardown' : 'destructive',
        'irreversible',
        [{ kind: 'path', name: target, op: 'delete' }],
      ),
    );
  } else if (sub === 'rollback') {
    s.add(
      inv,
      f(
        'host.volume-delete',
        'high',
        `zfs rollback ${target} discards every change since that snapshot${o.has('-r', '-R') ? ' and destroys the later snapshots' : ''}`,
        'destructive',
        'irreversible',
        [{ kind: 'path', name: target, op: 'overwrite' }],
      ),
    );
  }
};

const btrfs: Handler = (inv, s, rest) => {
  const w = parseOpts(rest, ['-c', '--commit-after']).pos.map((p) => p.value ?? '');
  const group = w[0] ?? '';
  const op = w[1] ?? '';
  if (/^(sub|subv|subvol|subvolume)$/.test(group) && /^(del|delete)$/.test(op)) {
    s.add(
      inv,
      f(
        'host.volume-delete',
        'high',
        `btrfs subvolume delete deletes ${w.slice(2).join(', ')} with everything in it`,
        'destructive',
        'irreversible',
        w.slice(2).map((p) => ({ kind: 'path', name: p, op: 'delete' })),
      ),
    );
  } else if (/^(dev|device)$/.test(group) && /^(del|delete|remove)$/.test(op)) {
    s.add(
      inv,
      f(
        'host.volume-delete',
        'medium',
        `btrfs device ${op} moves data off ${w.slice(2).join(', ')} and removes it from the file system`,
        'broad-change',
        'recoverable',
      ),
    );
  } else if (group === 'check' && rest.some((a) => a.value === '--repair')) {
    s.add(inv, f('host.volume-delete', 'medium', 'btrfs check --repair rewrites file system metadata (it can make damage worse)', 'destructive', 'unknown'));
  } else if (!/^(list|show|usage|df|du|help|version|inspect-internal|property)$/.test(op) && !/^(--help|--version|help|version)$/.test(group)) s.mutates();
};

const userdel: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-R', '--root', '-P', '--prefix', '--conf', '-b', '--backup-to']);
  if (o.has('--help', '-h')) return;
  const user = argText(o.pos[0]);
  const home = o.has('-r', '--remove', '--remove-home', '--remove-all-files');
  s.add(
    inv,
    f(
      'host.user-delete',
      home ? 'high' : 'medium',
      `${name} deletes the account ${user}${home ? ' and its home folder' : ''}`,
      'destructive',
      home ? 'irreversible' : 'recoverable',
      user ? [{ kind: 'other', name: `user ${user}`, op: 'delete' }] : [],
    ),
  );
};

const passwd: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, ['-n', '-x', '-w', '-i', '-r', '--repository', '-R', '--root']);
  if (o.has('-S', '--status', '-h', '--help')) return;
  s.mutates();
  const user = argText(o.pos[0]) || 'the current user';
  if (o.has('-d', '--delete'))
    s.add(
      inv,
      f('host.protection-off', 'high', `passwd -d removes the password of ${user}: the account can log in without one`, 'broad-change', 'recoverable', [
        { kind: 'other', name: `user ${user}`, op: 'modify' },
      ]),
    );
  else if (o.has('-l', '--lock') && /^(root|the current user)$/.test(user))
    s.add(inv, f('host.protection-off', 'medium', `passwd -l locks ${user}: password logins stop`, 'broad-change', 'recoverable'));
};

const swapoff: Handler = (inv, s, rest) => {
  s.mutates();
  if (rest.some((a) => a.value === '-a' || a.value === '--all'))
    s.add(inv, f('host.swap-off', 'medium', 'swapoff -a turns every swap area off: under memory pressure processes are killed', 'broad-change', 'recoverable'));
};

const SYSTEM_MOUNT = /^\/(boot(\/efi)?|home|usr|var|etc|opt|srv|proc|sys|dev|run|var\/lib(\/[^/]+)?|nix)?\/?$/;

const mount: Handler = (inv, s, rest, name) => {
  const o = parseOpts(rest, ['-o', '--options', '-t', '--types', '-O', '--test-opts', '-L', '--label', '-U', '--uuid', '-N', '--namespace']);
  if (name === 'mount' && (!rest.length || o.has('-l', '--show-labels', '-h', '--help', '-V', '--version'))) return;
  if (o.has('--fake', '-f') && name === 'mount') return;
  s.mutates();
  const targets = o.pos.map(argText);
  if (name === 'umount') {
    const sys = o.has('-a', '--all') ? 'every mounted file system' : targets.filter((t) => SYSTEM_MOUNT.test(t)).join(', ');
    if (sys)
      s.add(
        inv,
        f(
          'host.unmount-system',
          'high',
          `umount ${sys}: what the system runs from goes away${o.has('-l', '--lazy') ? ' (lazily, as soon as it is free)' : ''}`,
          'broad-change',
          'recoverable',
          [{ kind: 'path', name: sys, op: 'modify' }],
        ),
      );
    return;
  }
  const opts = o.get('-o', '--options') ?? '';
  const mountpoint = targets[targets.length - 1] ?? '';
  if (/\bremount\b/.test(opts) && /\bro\b/.test(opts) && SYSTEM_MOUNT.test(mountpoint || '/')) {
    s.add(
      inv,
      f(
        'host.unmount-system',
        'high',
        `mount -o ${opts} ${mountpoint || '/'} makes a system file system read-only: services that write to it fail`,
        'broad-change',
        'recoverable',
      ),
    );
  } else if (targets.length >= 2 && SYSTEM_MOUNT.test(mountpoint) && mountpoint !== '/proc' && mountpoint !== '/sys') {
    s.add(
      inv,
      f(
        'host.unmount-system',
        'high',
        `${name} ${targets.join(' ')} mounts over ${mountpoint}: what is there is hidden and replaced`,
        'broad-change',
        'recoverable',
        [{ kind: 'path', name: mountpoint, op: 'overwrite' }],
      ),
    );
  }
};

const sysctl: Handler = (inv, s, rest) => {
  const writes = rest.filter((a) => /=/.test(a.value ?? '') && !(a.value ?? '').startsWith('-'));
  if (!writes.length && !rest.some((a) => a.value === '-w' || a.value === '--write')) {
    if (rest.some((a) => /^(-p|--load|--system)/.test(a.value ?? ''))) s.mutates();
    return;
  }
  s.add(
    inv,
    f(
      'host.kernel-param',
      'medium',
      `sysctl changes kernel parameters of the running system (${writes.map(argText).join(', ') || 'given'})`,
      'broad-change',
      'recoverable',
    ),
  );
};

const modprobe: Handler = (inv, s, rest, name) => {
  const remove = name === 'rmmod' || rest.some((a) => a.value === '-r' || a.value === '--remove');
  if (rest.some((a) => a.value === '-n' || a.value === '--dry-run' || a.value === '--help')) return;
  s.mutates();
  if (remove)
    s.add(
      inv,
      f(
        'host.kernel-module',
        'medium',
        `${name} unloads the kernel module ${rest
          .filter((a) => !(a.value ?? '').startsWith('-'))
          .map(argText)
          .join(', ')}: devices and file systems that use it stop`,
        'broad-change',
        'recoverable',
      ),
    );
};

/** `ip link set eth0 down`, `ip addr flush dev eth0`, `ifconfig eth0 down`, `ifdown`, `nmcli … down`. */
const ipCmd: Handler = (inv, s, rest, name) => {
  const w = rest.map((a) => a.value ?? '');
  const text = w.join(' ');
  // A wireless interface is a laptop's: taking it down cannot cut a server's session.
  const wireless = w.some((x) => /^(wl[a-z0-9]*|wifi\d*|wlan\d*)$/.test(x)) && !w.some((x) => /^(eth|en|em|bond|br|ens|enp|eno)\w*$/.test(x));
  const down = (what: string): void => {
    if (wireless) s.mutates();
    else
      s.add(
        inv,
        f(
          'host.network-down',
          name === 'nmcli' ? 'medium' : 'high',
          `${name} ${what}: the machine can drop off the network (and the session with it)`,
          'broad-change',
          'recoverable',
        ),
      );
  };
  if (name === 'ip') {
    if (/\blink\s+(set|s)\s+\S+.*\bdown\b/.test(text)) down(`takes ${w[w.indexOf('set') + 1] ?? w[2] ?? 'an interface'} down`);
    else if (/\b(addr|address|a|route|r)\s+flush\b/.test(text)) down(`flushes ${/route|\br\b/.test(text) ? 'the routes' : 'the addresses'}`);
    else if (/\b(add|del|delete|change|replace|set|flush|append)\b/.test(text)) s.mutates();
    return;
  }
  if (name === 'ifconfig') {
    if (/\bdown\b/.test(text)) down(`takes ${w[0]} down`);
    else if (w.length > 1) s.mutates();
    return;
  }
  if (name === 'ifdown') {
    down(`takes ${w.filter((x) => !x.startsWith('-')).join(', ') || 'the interfaces'} down`);
    return;
  }
  if (name === 'nmcli') {
    if (/\b(networking|n)\s+off\b/.test(text) || /\b(radio)\s+\S+\s+off\b/.test(text)) down('turns networking off');
    else if (/\b(con|connection|c|dev|device|d)\s+(down|delete|disconnect)\b/.test(text)) down(`${w.slice(0, 3).join(' ')}`);
    else if (!/\b(show|status|list|monitor|general)\b/.test(text) || /\bmodify\b/.test(text)) s.mutates();
  }
};

/** SELinux, AppArmor and the audit subsystem switched off. */
const securityOff: Handler = (inv, s, rest, name) => {
  const w = rest.map((a) => a.value ?? '');
  if (name === 'setenforce' && /^(0|permissive)$/i.test(w[0] ?? ''))
    s.add(
      inv,
      f('host.protection-off', 'medium', 'setenforce 0 puts SELinux in permissive mode: its policy stops being enforced', 'broad-change', 'recoverable'),
    );
  else if (name === 'aa-teardown' || name === 'aa-disable' || name === 'aa-complain')
    s.add(
      inv,
      f(
        'host.protection-off',
        'medium',
        `${name} ${w.join(' ')}: AppArmor stops confining ${name === 'aa-teardown' ? 'every profile' : 'the profile'}`,
        'broad-change',
        'recoverable',
      ),
    );
  else if (name === 'auditctl' && ((/^-e$/.test(w[0] ?? '') && w[1] === '0') || w.includes('-D')))
    s.add(inv, f('host.protection-off', 'medium', `auditctl ${w.join(' ')}: the audit log stops recording`, 'broad-change', 'recoverable'));
  else if (!w.some((x) => /^(-l|-s|--help|-v)$/.test(x))) s.mutates();
};

export const HOST: Pack = {
  family: 'host',
  covers:
    'Shutdown and reboot, kill -1 and critical processes; firewalls (iptables, nft, ufw, firewall-cmd); services (systemctl, service, rc-service); LVM, zfs/zpool, btrfs, swapoff; crontab replaced or removed (and its jobs analysed), at/batch jobs; userdel -r, passwd -d; system mounts; sysctl -w, modprobe -r; interfaces taken down; SELinux/AppArmor/audit switched off.',
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
    at,
    batch: at,
    atrm: at,
    atq: at,
    iptables,
    ip6tables: iptables,
    'iptables-legacy': iptables,
    'iptables-nft': iptables,
    'ip6tables-legacy': iptables,
    'ip6tables-nft': iptables,
    'iptables-restore': iptablesRestore,
    'ip6tables-restore': iptablesRestore,
    nft: tableHandler(NFT),
    ufw: tableHandler(UFW),
    'firewall-cmd': firewallCmd,
    systemctl,
    service,
    'rc-service': service,
    lvremove: LVM_REMOVE,
    vgremove: LVM_REMOVE,
    pvremove: LVM_REMOVE,
    lvreduce,
    lvresize: lvreduce,
    zfs,
    zpool: zfs,
    btrfs,
    userdel,
    deluser: userdel,
    passwd,
    swapoff,
    mount,
    umount: mount,
    sysctl,
    modprobe,
    rmmod: modprobe,
    ip: ipCmd,
    ifconfig: ipCmd,
    ifdown: ipCmd,
    nmcli: ipCmd,
    setenforce: securityOff,
    'aa-teardown': securityOff,
    'aa-disable': securityOff,
    'aa-complain': securityOff,
    auditctl: securityOff,
  },
  rules: [
    rule(
      'shell.shutdown',
      'high',
      'environment-teardown',
      'Stops or restarts the machine',
      'Let a person do it, or schedule it (`shutdown -r +10` can be cancelled with `shutdown -c`)',
      ['sudo reboot', 'systemctl poweroff'],
      ['shutdown -c', 'systemctl status'],
    ),
    rule(
      'shell.kill-all',
      'high',
      'broad-change',
      'Kills every process the user can signal',
      'Kill the process by its id (`pgrep -a NAME`, then `kill PID`)',
      ['kill -9 -1'],
      ['kill -0 1234'],
    ),
    rule(
      'shell.crontab-remove',
      'high',
      'destructive',
      'Removes the whole crontab',
      'Save it first (`crontab -l > crontab.bak`) and edit it with `crontab -e`',
      ['crontab -r'],
      ['crontab -l'],
    ),
    rule(
      'host.crontab-replace',
      'medium',
      'broad-change',
      'Replaces the whole crontab with what it reads (its jobs are analysed as commands)',
      'Save the current one first (`crontab -l > crontab.bak`) and append to it: `(crontab -l; echo "…") | crontab -`',
      ['echo "0 3 * * * /usr/local/bin/backup" | crontab -'],
      ['crontab -l'],
    ),
    rule(
      'host.firewall-flush',
      'high',
      'broad-change',
      'Deletes firewall rules (every rule, a chain or a table)',
      'Save them first (`iptables-save > rules.bak`, `nft list ruleset > rules.nft`) and delete one rule at a time',
      ['iptables -F', 'nft flush ruleset', 'ufw reset'],
      ['iptables -L -n', 'nft list ruleset', 'iptables-save'],
    ),
    rule(
      'host.firewall-lockout',
      'high',
      'broad-change',
      'Drops every packet no rule accepts: a remote session can be cut off',
      'Allow ssh first (`iptables -A INPUT -p tcp --dport 22 -j ACCEPT`) and keep a console open',
      ['iptables -P INPUT DROP', 'firewall-cmd --panic-on'],
      ['iptables -S', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT'],
    ),
    rule(
      'host.firewall-disable',
      'high',
      'broad-change',
      'Turns the firewall (or another protection service) off',
      'Open the one port you need (`ufw allow 8080/tcp`) instead',
      ['ufw disable', 'systemctl stop firewalld'],
      ['ufw status', 'systemctl status firewalld'],
    ),
    rule(
      'host.service-stop',
      'high',
      'broad-change',
      'Stops (or interrupts) a database, ssh, container runtime, the network or a web server',
      'Check what depends on it (`systemctl list-dependencies --reverse UNIT`) and prefer `reload`',
      ['systemctl stop postgresql', 'sudo systemctl disable --now ssh', 'service mysql stop'],
      ['systemctl status postgresql', 'systemctl is-active ssh', 'systemctl restart nginx'],
    ),
    rule(
      'host.volume-delete',
      'high',
      'destructive',
      'Removes a logical volume, volume group, ZFS dataset or pool, or a btrfs subvolume with its data',
      'List first (`lvs`, `zfs list -t all`, `btrfs subvolume list /`), snapshot, and use the dry run (`lvremove -t`, `zfs destroy -nv`)',
      ['lvremove -f vg0/data', 'zfs destroy -r tank/home', 'zpool destroy tank', 'btrfs subvolume delete /mnt/@home'],
      ['lvs', 'zfs destroy -nv -r tank/home', 'zfs list'],
    ),
    rule(
      'host.user-delete',
      'high',
      'destructive',
      'Deletes a user account (with -r, its home folder too)',
      'Lock it instead (`usermod -L USER`) and archive the home folder first',
      ['userdel -r alice'],
      ['id alice'],
    ),
    rule(
      'host.protection-off',
      'high',
      'broad-change',
      'Removes a password or turns SELinux, AppArmor or auditing off',
      'Change the one policy you need instead of turning the protection off',
      ['passwd -d root', 'setenforce 0'],
      ['passwd -S root', 'getenforce'],
    ),
    rule('host.swap-off', 'medium', 'broad-change', 'Turns every swap area off', 'Check free memory first (`free -h`)', ['swapoff -a'], ['swapon --show']),
    rule(
      'host.unmount-system',
      'high',
      'broad-change',
      'Unmounts, remounts read-only or mounts over a system folder',
      'Use a mount point of its own (`/mnt/x`)',
      ['umount -l /var', 'mount -o remount,ro /'],
      ['umount /mnt/usb', 'findmnt /var'],
    ),
    rule(
      'host.kernel-param',
      'medium',
      'broad-change',
      'Changes kernel parameters of the running system',
      'Read the current value first (`sysctl KEY`) and write it to a file under /etc/sysctl.d for review',
      ['sysctl -w net.ipv4.ip_forward=1'],
      ['sysctl net.ipv4.ip_forward'],
    ),
    rule(
      'host.kernel-module',
      'medium',
      'broad-change',
      'Unloads a kernel module',
      'Check who uses it first (`lsmod | grep NAME`)',
      ['modprobe -r nvme'],
      ['modinfo nvme'],
    ),
    rule(
      'host.network-down',
      'high',
      'broad-change',
      'Takes a network interface down or flushes addresses or routes',
      'Keep a console open, or schedule the revert (`sleep 60; ip link set eth0 up`)',
      ['ip link set eth0 down', 'ifdown eth0'],
      ['ip addr show', 'ip route'],
    ),
  ],
};
