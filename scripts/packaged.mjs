// `node scripts/packaged.mjs <command…>`: runs a command that needs the packaged extension (the
// end-to-end suite, the demo). It builds what that needs first — the compiled tests and scripts
// (out/, from scratch) and the production bundles with blast-radius.vsix (`npm run package`) — then
// runs the command and, however it ends (failure, Ctrl-C), rebuilds the development dist/, so a
// later unit run never meets a minified production bundle. Exits with the command's status.
import { spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (!command.length) {
  process.stderr.write('usage: node scripts/packaged.mjs <command…>\n');
  process.exit(2);
}

/** Runs one step with the terminal attached; returns its exit status (1 when it could not start or was killed). */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) process.stderr.write(`packaged: ${cmd}: ${r.error.message}\n`);
  return r.status ?? 1;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let status = run(npm, ['run', '--silent', 'compile-tests']);
if (status === 0) status = run(npm, ['run', '--silent', 'package']);
if (status === 0) {
  // Ctrl-C reaches the command (same process group); this process stays to restore dist/.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  status = run(command[0], command.slice(1));
  process.off('SIGINT', ignore);
  process.off('SIGTERM', ignore);
}
const restored = run(process.execPath, ['esbuild.config.mjs']);
if (restored !== 0) process.stderr.write('packaged: could not rebuild the development dist/ (npm run build)\n');
process.exit(status || restored);
