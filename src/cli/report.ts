// The readable report: level (in colour on a terminal), summary, findings with evidence, scope,
// environment, what the policy requires, and the facts in plain words.
import type { Assessment, Facts, Level } from '../engine';
import { formatBytes, formatCount } from '../engine/format';

const COLOURS: Record<Level, string> = { low: '32', medium: '33', high: '31', critical: '1;37;41' };

export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

function paint(text: string, code: string, colour: boolean): string {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

const REQUIRES_WORDS: Record<Assessment['requires'], string> = {
  none: 'allowed',
  confirm: 'needs confirmation',
  'typed-confirm': 'needs typed confirmation',
  'peer-review': 'needs peer review (a second person)',
  deny: 'denied by policy',
};

function scopeLine(a: Assessment): string | undefined {
  const s = a.scope;
  const parts: string[] = [];
  const n = (v: number | undefined, word: string) => {
    if (v) parts.push(`${s.atLeast ? 'at least ' : ''}${formatCount(v)} ${word}${v === 1 ? '' : 's'}`);
  };
  n(s.files, 'file');
  if (s.bytes) parts.push(formatBytes(s.bytes));
  n(s.lines, 'line');
  n(s.resources, 'resource');
  n(s.statefulResources, 'stateful resource');
  n(s.tables, 'table');
  n(s.namespaces, 'namespace');
  n(s.commands, 'command');
  return parts.length ? parts.join(', ') : undefined;
}

export function formatReport(a: Assessment, opts: { colour: boolean; facts?: Facts; label?: string }): string {
  const c = opts.colour;
  const lines: string[] = [];
  const head = paint(` ${a.level.toUpperCase()} `, COLOURS[a.level], c);
  lines.push(`${opts.label ? `${opts.label}\n` : ''}${head} ${a.summary}`);
  lines.push(`  class ${a.class} · ${a.reversibility} · environment ${a.environment.name} · score ${a.score} · ${REQUIRES_WORDS[a.requires]}`);
  const scope = scopeLine(a);
  if (scope) lines.push(`  scope ${scope}`);
  if (a.confirmTarget) lines.push(`  target ${a.confirmTarget}`);
  if (a.environment.evidence.length) lines.push(`  environment evidence: ${a.environment.evidence.join('; ')}`);
  for (const note of opts.facts?.notes ?? []) lines.push(`  fact: ${note}`);
  for (const inc of opts.facts?.incomplete ?? []) lines.push(`  fact unknown: ${inc}`);
  if (a.findings.length) {
    lines.push('  findings:');
    for (const f of a.findings) {
      lines.push(`    ${paint(f.level.padEnd(8), COLOURS[f.level], c)} ${f.rule}  ${f.message}`);
      if (f.evidence) lines.push(`             ${paint('↳', '2', c)} ${f.evidence}`);
    }
  }
  lines.push(`  digest ${a.digest}`);
  return lines.join('\n');
}
