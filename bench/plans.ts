// The written plans the benchmarks time: the incident plan (examples/teardown-plan.md) and a 1 MB
// plan made of it and benign steps. Shared by engine-files.ts (absolute times) and against.ts
// (this engine against a baseline build).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MB = 1 << 20;

export const incidentPlan = (root = process.cwd()): string => readFileSync(join(root, 'examples', 'teardown-plan.md'), 'utf8');

const fill = (chunk: string, bytes: number): string => chunk.repeat(Math.ceil(bytes / chunk.length)).slice(0, bytes);

/** The incident plan followed by benign steps (a heading, a sentence with a code span, a bash block) up to `bytes`. */
export function bigPlan(bytes: number, root = process.cwd()): string {
  const incident = incidentPlan(root);
  const benign = '## Step\n\nAdd a unit test for the date parser, then update the docs and run `npm test`.\n\n```bash\nnpm test -- --grep dates\n```\n\n';
  return `${incident}\n${fill(benign, bytes - incident.length)}`;
}
