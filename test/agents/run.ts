// `npm run test:agents`: installs the pinned agent CLIs into .cache/agents (git-ignored; skipped
// when the pinned version is already there and answers --version), then runs the real-agent suite
// inside a loopback-only network namespace with its own mount namespace (root: `unshare -n -m`,
// `ip link set lo up`), so no agent can reach anything but the mock model on 127.0.0.1 and the
// --system checks can bind a throwaway /etc. Not root, or no unshare: the suite is skipped, and
// this says why (it does not pretend to pass).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binOf, installDir, PINNED, type PinnedAgent } from './versions';

function installed(a: PinnedAgent): boolean {
  const marker = join(installDir(a), '.installed');
  if (!existsSync(marker) || readFileSync(marker, 'utf8').trim() !== `${a.pkg}@${a.version}`) return false;
  const r = spawnSync(binOf(a), ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HOME: installDir(a) } });
  return r.status === 0 && r.stdout.includes(a.version);
}

function install(a: PinnedAgent): Promise<void> {
  const dir = installDir(a);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-save', `${a.pkg}@${a.version}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`npm install ${a.pkg}@${a.version} failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
      if (!existsSync(binOf(a))) return reject(new Error(`${a.pkg}@${a.version} installed no ${a.bin}`));
      writeFileSync(join(dir, '.installed'), `${a.pkg}@${a.version}\n`);
      resolve();
    });
  });
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const missing = PINNED.filter((a) => !installed(a));
  for (const a of PINNED) if (!missing.includes(a)) process.stdout.write(`agents: ${a.pkg}@${a.version} cached in ${installDir(a)}\n`);
  if (missing.length) {
    process.stdout.write(
      `agents: installing ${missing.map((a) => `${a.pkg}@${a.version}`).join(', ')} into ${installDir(missing[0]!).replace(/[^/]*$/, '')}\n`,
    );
    await Promise.all(missing.map(install));
    for (const a of missing) if (!installed(a)) throw new Error(`${a.pkg}@${a.version}: installed, but \`${a.bin} --version\` does not answer ${a.version}`);
  }
  process.stdout.write(`agents: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const unshare = spawnSync('sh', ['-c', 'command -v unshare && command -v ip'], { encoding: 'utf8' });
  if (!isRoot || unshare.status !== 0) {
    const why = !isRoot ? 'not root: a loopback-only network namespace (unshare -n) needs root' : 'unshare or ip (iproute2) is missing';
    process.stdout.write(`agents: SKIPPED the real-agent suite: ${why}. Without it an agent could reach the network; run as root (CI does).\n`);
    return 0;
  }
  const mocha = join(process.cwd(), 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [
    '-n',
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    'ip link set lo up && exec "$0" "$@"',
    process.execPath,
    mocha,
    '--config',
    'test/agents/.mocharc.json',
    ...process.argv.slice(2),
  ];
  return new Promise((resolve) => {
    const child = spawn('unshare', args, { stdio: 'inherit', env: { ...process.env, BR_IN_NETNS: '1' } });
    child.on('close', (code) => {
      process.stdout.write(`agents: suite finished in ${((Date.now() - t0) / 1000).toFixed(1)} s (exit ${code})\n`);
      resolve(code ?? 1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`agents: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
