// A large plan for the test and the benchmark, built from a real resource change of the corpus
// (terraform-plan-formatter's delete plan) so every entry has the shape Terraform writes: half
// replaced, half deleted, one in five a database, spread over 20 modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corporaDir } from '../../helpers';

export function bigPlan(n: number): Record<string, unknown> {
  const real = JSON.parse(readFileSync(join(corporaDir(), 'terraform', 'tfpf__tests__data__plans__delete__terraform.tfplan.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const template = (real.resource_changes as Record<string, unknown>[])[0]!;
  const changes: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const db = i % 10 < 2;
    const type = db ? 'aws_db_instance' : 'aws_instance';
    const mod = `module.svc${i % 20}`;
    const rc = JSON.parse(JSON.stringify(template)) as Record<string, unknown> & { change: Record<string, unknown> };
    rc.address = `${mod}.${type}.r${i}`;
    rc.module_address = mod;
    rc.type = type;
    rc.name = `r${i}`;
    rc.change.actions = i % 2 === 0 ? ['delete', 'create'] : ['delete'];
    rc.action_reason = i % 2 === 0 ? 'replace_because_cannot_update' : 'delete_because_no_resource_config';
    changes.push(rc);
  }
  return { ...real, resource_changes: changes };
}
