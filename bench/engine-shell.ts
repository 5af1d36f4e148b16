// Shell analyzer speed: assess() per command over the whole corpus (every command, many rounds:
// median and p99), then adversarial inputs at 1 MB and 512 KB (ms each and the ratio, which should
// stay near 2 for linear time). Prints markdown tables; a figure here is never a test.
import { join } from 'node:path';
import { assess } from '../src/engine';
import { parseShell } from '../src/engine/analyzers/shell/parse';
import { corporaDir, fixtures, readJsonl } from '../test/helpers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Cmd {
  command: string;
  cwd?: string;
  shell?: 'pwsh' | 'cmd';
}
const commands: Cmd[] = [...readJsonl<Cmd>(join(corporaDir(), 'commands.jsonl')), ...readJsonl<Cmd>(fixtures('shell', 'commands.jsonl'))];

// Warm up the JIT once over everything.
for (const c of commands) assess({ kind: 'shell', command: c.command });

const times: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const c of commands) {
    const t = performance.now();
    assess({ kind: 'shell', command: c.command, ...(c.cwd ? { cwd: c.cwd } : {}), ...(c.shell ? { shell: c.shell } : {}) });
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const out: string[] = [];
out.push('## Shell analyzer: assess() per command', '');
out.push(`${commands.length} commands (corpus + fixtures) × ${ROUNDS} rounds = ${times.length} runs`, '');
out.push('| median | p90 | p99 | max |', '|---:|---:|---:|---:|');
out.push(
  `| ${(quantile(times, 0.5) * 1000).toFixed(0)} µs | ${(quantile(times, 0.9) * 1000).toFixed(0)} µs | ${(quantile(times, 0.99) * 1000).toFixed(0)} µs | ${quantile(times, 1).toFixed(2)} ms |`,
);

const adversarial: Record<string, (n: number) => string> = {
  'long single-quoted string': (n) => `echo '${'a'.repeat(n)}'`,
  'long double-quoted string with $x': (n) => `echo "${'a $x '.repeat(n / 5)}"`,
  'unterminated double quote': (n) => `echo "${'a'.repeat(n)}`,
  'deep ( nesting': (n) => '( '.repeat(n / 2),
  'deep $( nesting': (n) => '$('.repeat(n / 2),
  'many pipes': (n) => 'a | '.repeat(n / 4) + 'b',
  'many words': (n) => 'x '.repeat(n / 2),
  'many statements': (n) => 'rm -rf /tmp/x; '.repeat(n / 15),
  backticks: (n) => '`'.repeat(n),
  'heredoc body': (n) => 'cat <<EOF\n' + 'rm -rf /\n'.repeat(n / 9) + 'EOF\n',
  'brace run': (n) => '{'.repeat(n),
  'binary junk': (n) => {
    let x = 7;
    let s = '';
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      s += String.fromCharCode(x % 256);
    }
    return s;
  },
};

function timeIt(fn: () => void, reps = 3): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

out.push('', '## Adversarial inputs (best of 3)', '');
out.push('| input | parse 512 KB | parse 1 MB | ratio | assess 1 MB | level |', '|---|---:|---:|---:|---:|---|');
const MB = 1 << 20;
for (const [name, make] of Object.entries(adversarial)) {
  const half = make(MB / 2);
  const full = make(MB);
  const tHalf = timeIt(() => parseShell(half));
  const tFull = timeIt(() => parseShell(full));
  let level = '';
  const tAssess = timeIt(() => {
    level = assess({ kind: 'shell', command: full }).level;
  });
  out.push(
    `| ${name} | ${tHalf.toFixed(1)} ms | ${tFull.toFixed(1)} ms | ${(tFull / Math.max(tHalf, 0.01)).toFixed(2)} | ${tAssess.toFixed(1)} ms | ${level} |`,
  );
}
process.stdout.write(out.join('\n') + '\n');
