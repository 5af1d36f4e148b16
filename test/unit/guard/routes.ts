// The routes an agent can take to change a file, one command (or file tool call) each: the table
// the guard-asset tests run every guard file through, and ordinary project files too.
import type { Action } from '../../../src/engine/schema';

export const HOME = '/home/dev';
export const CWD = '/home/dev/proj';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const dq = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export interface Route {
  id: string;
  action: (path: string) => Action;
}

/**
 * What the routes write where they say what: content that would loosen the guard in a keyed
 * settings file (an editor's auto-approve), so a route that carries its content is judged on it.
 */
export const PAYLOAD = '{"chat.tools.autoApprove": true}';

const sh = (id: string, cmd: (p: string) => string, shell?: 'pwsh'): Route => ({
  id,
  action: (p) => ({ kind: 'shell', command: cmd(p), cwd: CWD, ...(shell ? { shell } : {}) }),
});

/** Every way to create, change, move, link over, delete, chmod or chown a file. */
export const WRITE_ROUTES: Route[] = [
  sh('redirect >', (p) => `echo ${q(PAYLOAD)} > ${q(p)}`),
  sh('redirect >>', (p) => `echo ${q(PAYLOAD)} >> ${q(p)}`),
  sh('redirect >|', (p) => `printf '%s' ${q(PAYLOAD)} >| ${q(p)}`),
  sh('redirect &>', (p) => `true &> ${q(p)}`),
  sh('heredoc', (p) => `cat > ${q(p)} <<'EOF'\n${PAYLOAD}\nEOF`),
  sh('tee', (p) => `echo ${q(PAYLOAD)} | tee ${q(p)}`),
  sh('tee -a', (p) => `echo ${q(PAYLOAD)} | tee -a ${q(p)}`),
  sh('sed -i', (p) => `sed -i 's/a/b/' ${q(p)}`),
  sh('perl -pi', (p) => `perl -pi -e 's/a/b/' ${q(p)}`),
  sh('cp over', (p) => `cp /tmp/x ${q(p)}`),
  sh('mv over', (p) => `mv /tmp/x ${q(p)}`),
  sh('mv away', (p) => `mv ${q(p)} /tmp/x`),
  sh('install', (p) => `install -m 644 /tmp/x ${q(p)}`),
  sh('ln -sf', (p) => `ln -sf /dev/null ${q(p)}`),
  sh('rsync', (p) => `rsync -a /tmp/x ${q(p)}`),
  sh('dd of=', (p) => `dd if=/dev/zero of=${p} count=1`),
  sh('truncate', (p) => `truncate -s 0 ${q(p)}`),
  sh('chmod', (p) => `chmod 000 ${q(p)}`),
  sh('chown', (p) => `chown nobody ${q(p)}`),
  sh('touch', (p) => `touch ${q(p)}`),
  sh('rm', (p) => `rm -f ${q(p)}`),
  sh('jq then mv', (p) => `jq 'del(.hooks)' ${q(p)} > /tmp/t && mv /tmp/t ${q(p)}`),
  sh('python open w', (p) => `python3 -c "open('${dq(p)}','w').write('{}')"`),
  sh(
    'python computed path',
    (p) => `python3 -c "import os; f=os.path.join('${dq(p.replace(/\/[^/]*$/, ''))}', '${dq(p.replace(/^.*\//, ''))}'); open(f,'w').write('{}')"`,
  ),
  sh('node writeFileSync', (p) => `node -e "require('fs').writeFileSync('${dq(p)}', '{}')"`),
  sh('ruby File.write', (p) => `ruby -e "File.write('${dq(p)}', '{}')"`),
  sh('php file_put_contents', (p) => `php -r "file_put_contents('${dq(p)}', '{}');"`),
  sh('bash -c', (p) => `bash -c ${q(`echo x > ${q(p)}`)}`),
  sh('Set-Content', (p) => `Set-Content -Path '${p}' -Value '${PAYLOAD}'`, 'pwsh'),
  sh('Add-Content', (p) => `Add-Content '${p}' '${PAYLOAD}'`, 'pwsh'),
  sh('Out-File', (p) => `'x' | Out-File -FilePath '${p}'`, 'pwsh'),
  sh('Remove-Item', (p) => `Remove-Item -Force '${p}'`, 'pwsh'),
  sh('Move-Item', (p) => `Move-Item '${p}' /tmp/x`, 'pwsh'),
  sh('Copy-Item', (p) => `Copy-Item /tmp/x '${p}'`, 'pwsh'),
  { id: 'Write tool', action: (p) => ({ kind: 'fileWrite', path: p, content: `${PAYLOAD}\n` }) },
  { id: 'Edit tool', action: (p) => ({ kind: 'fileEdit', path: p, edits: [{ oldText: '{', newText: `{\n  "chat.tools.autoApprove": true,` }] }) },
  { id: 'Delete tool', action: (p) => ({ kind: 'fileDelete', paths: [p] }) },
];

/** Reading a guard file changes nothing. */
export const READ_ROUTES: Route[] = [
  sh('cat', (p) => `cat ${q(p)}`),
  sh('head', (p) => `head -n 20 ${q(p)}`),
  sh('jq', (p) => `jq . ${q(p)}`),
  sh('grep', (p) => `grep -n hooks ${q(p)}`),
  sh('cp away (a copy)', (p) => `cp ${q(p)} /tmp/backup`),
  sh('sha256sum', (p) => `sha256sum ${q(p)}`),
  sh('Get-Content', (p) => `Get-Content '${p}'`, 'pwsh'),
];
