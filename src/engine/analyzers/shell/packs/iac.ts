// Infrastructure as code: Terraform / OpenTofu / Terragrunt, Pulumi, CDK, CDKTF, Serverless.
// `apply PLANFILE` is judged from the plan's JSON when facts found it next to the plan file.
// Does not catch: what a plain `apply` will change (that is in its plan; use a saved plan).
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import { type Arg, argText } from '../types';
import { type Handler, type Pack, f } from './kit';
import type { Target } from '../../../schema';

const terraform: Handler = (inv, s, args, name) => {
  let a = args.filter((x) => !/^-chdir=/.test(x.value ?? ''));
  if (name === 'terragrunt' && ['run-all', 'run'].includes(a[0]?.value ?? '')) a = a.slice(1).filter((x) => x.value !== '--');
  const sub = a[0]?.value ?? '';
  const o = parseOpts(
    a.slice(1),
    ['-var', '-var-file', '-target', '-replace', '-state', '-state-out', '-backup', '-lock-timeout', '-parallelism', '-out'],
    false,
    true,
  );
  const tfws = inv.env.get('TF_WORKSPACE');
  s.context({ system: 'terraform', ...(tfws ? { context: tfws } : {}) });
  const targets = o.all('-target').map((t) => ({ kind: 'resource' as const, name: t, op: 'delete' as const }));
  for (const vf of o.all('-var-file')) s.hint('terraform var file', vf);
  switch (sub) {
    case 'destroy':
      s.add(
        inv,
        f(
          'shell.terraform-destroy',
          targets.length ? 'high' : 'high',
          targets.length
            ? `${name} destroy of ${targets.map((t) => t.name).join(', ')}`
            : `${name} destroy deletes every resource in the state${o.has('-auto-approve') ? ', without asking' : ''}`,
          targets.length ? 'destructive' : 'environment-teardown',
          'irreversible',
          targets.length ? targets : [{ kind: 'stack', name: `${name} state`, op: 'delete' }],
        ),
      );
      return;
    case 'apply': {
      if (o.has('-destroy')) {
        s.add(
          inv,
          f('shell.terraform-destroy', 'high', `${name} apply -destroy deletes every resource in the state`, 'environment-teardown', 'irreversible', [
            { kind: 'stack', name: `${name} state`, op: 'delete' },
          ]),
        );
        return;
      }
      const planfile = o.pos[0]?.value;
      if (planfile) {
        const plan = s.ctx.facts.plans?.[planfile];
        if (plan && plan.kind === 'terraformPlan') {
          s.nested({ kind: 'terraformPlan', plan: plan.json }, `${name} apply ${planfile}`);
          s.mutates();
        } else {
          s.add(
            inv,
            f(
              'shell.terraform-apply-planfile',
              'high',
              `${name} apply ${planfile} runs a saved plan that could not be read, so its changes are unknown`,
              'broad-change',
              'unknown',
              [{ kind: 'other', name: planfile, op: 'execute' }],
            ),
          );
        }
        return;
      }
      const replaces = o.all('-replace');
      if (replaces.length) {
        s.add(
          inv,
          f(
            'shell.terraform-replace',
            'high',
            `${name} apply destroys and recreates ${replaces.join(', ')}`,
            'destructive',
            'irreversible',
            replaces.map((r) => ({ kind: 'resource', name: r, op: 'replace' })),
          ),
        );
        return;
      }
      if (o.has('-auto-approve'))
        s.add(
          inv,
          f('shell.terraform-apply-auto-approve', 'high', `${name} apply -auto-approve applies changes nobody has reviewed`, 'broad-change', 'unknown'),
        );
      else
        s.add(
          inv,
          f('shell.terraform-apply', 'medium', `${name} apply changes live infrastructure (it shows the plan and asks first)`, 'broad-change', 'unknown'),
        );
      return;
    }
    case 'state': {
      const op = o.pos[0]?.value;
      if (op === 'rm')
        s.add(
          inv,
          f(
            'shell.terraform-state-rm',
            'high',
            `Removes ${o.pos.slice(1).map(argText).join(', ')} from the ${name} state: they become unmanaged`,
            'destructive',
            'unknown',
            o.pos.slice(1).map((p) => ({ kind: 'resource', name: argText(p), op: 'delete' })),
          ),
        );
      else if (op === 'mv' || op === 'push' || op === 'replace-provider')
        s.add(inv, f('shell.terraform-state-write', 'medium', `${name} state ${op} rewrites the state`, 'broad-change', 'unknown'));
      return;
    }
    case 'workspace': {
      const op = o.pos[0]?.value;
      const ws = argText(o.pos[1]);
      if (op === 'select' || op === 'new') {
        s.context({ system: 'terraform', context: ws });
        if (op === 'new') s.mutates();
      }
      if (op === 'delete')
        s.add(
          inv,
          f(
            'shell.terraform-workspace-delete',
            'high',
            `Deletes the ${name} workspace ${ws}${o.has('-force') ? ' even with resources in it' : ''}`,
            o.has('-force') ? 'environment-teardown' : 'destructive',
            'irreversible',
            [{ kind: 'workspace', name: ws, op: 'delete' }],
          ),
        );
      return;
    }
    case 'import':
    case 'taint':
    case 'untaint':
    case 'force-unlock':
    case 'refresh':
      s.add(inv, f('shell.terraform-state-write', sub === 'taint' ? 'medium' : 'low', `${name} ${sub} changes the state`, 'broad-change', 'unknown'));
      return;
    case 'init':
    case 'get':
    case 'fmt':
      s.mutates();
      return;
    default:
      return;
  }
};

const pulumi: Handler = (inv, s, args) => {
  const o = parseOpts(args, ['-s', '--stack', '-C', '--cwd', '--target', '-t', '--replace', '-m', '--message', '--config-file', '-c', '--config']);
  const sub = o.pos[0]?.value ?? '';
  const stack = o.get('-s', '--stack');
  s.context({ system: 'terraform', ...(stack ? { context: stack } : {}) });
  const t = [{ kind: 'stack' as const, name: stack ?? 'the current stack', op: 'delete' as const }];
  // --preview-only shows what would change and changes nothing.
  if (o.has('--preview-only')) return;
  if (sub === 'destroy' || sub === 'down') {
    s.add(
      inv,
      f('shell.pulumi-destroy', 'high', `pulumi destroy deletes every resource of ${stack ?? 'the current stack'}`, 'environment-teardown', 'irreversible', t),
    );
  } else if (sub === 'stack' && (o.pos[1]?.value === 'rm' || o.pos[1]?.value === 'remove')) {
    const name = argText(o.pos[2]) || stack || 'the current stack';
    s.add(
      inv,
      f(
        'shell.pulumi-stack-rm',
        'high',
        `Removes the pulumi stack ${name}${o.has('--force', '-f') ? ' even with resources in it' : ''}`,
        'environment-teardown',
        'irreversible',
        [{ kind: 'stack', name, op: 'delete' }],
      ),
    );
  } else if (sub === 'up' || sub === 'update') {
    if (o.has('--yes', '-y', '--skip-preview', '-f'))
      s.add(inv, f('shell.pulumi-up-yes', 'medium', 'pulumi up --yes applies changes without a preview', 'broad-change', 'unknown'));
    else s.add(inv, f('shell.pulumi-up', 'low', 'pulumi up changes live infrastructure (it previews and asks first)', 'broad-change', 'unknown'));
  } else if (sub === 'state' && o.pos[1]?.value === 'delete') {
    s.add(inv, f('shell.pulumi-state-delete', 'high', 'Removes resources from the pulumi state', 'destructive', 'unknown'));
  } else if (!['preview', 'stack', 'config', 'whoami', 'version', 'about', 'logs', 'login'].includes(sub)) s.mutates();
};

const cdk: Handler = (inv, s, args, name) => {
  const o = parseOpts(args, ['--require-approval', '--profile', '-c', '--context', '--app', '-a', '--role-arn', '-r', '--toolkit-stack-name']);
  const sub = o.pos[0]?.value ?? '';
  const profile = o.get('--profile');
  s.context({ system: name === 'cdktf' ? 'terraform' : 'aws', ...(profile ? { context: profile } : {}) });
  const stacks = o.pos.slice(1).map(argText);
  if (sub === 'destroy') {
    s.add(
      inv,
      f(
        'shell.cdk-destroy',
        'high',
        `${name} destroy deletes ${stacks.length ? `the stacks ${stacks.join(', ')}` : "the app's stacks"}${o.has('--force', '-f') ? ' without asking' : ''}`,
        'environment-teardown',
        'irreversible',
        (stacks.length ? stacks : [o.has('--all') ? 'all stacks' : "the app's stacks"]).map((n) => ({ kind: 'stack', name: n, op: 'delete' })),
      ),
    );
  } else if (sub === 'deploy') {
    if (o.get('--require-approval') === 'never' || o.has('--auto-approve'))
      s.add(inv, f('shell.cdk-deploy-no-approval', 'medium', `${name} deploy without approval of security-sensitive changes`, 'broad-change', 'unknown'));
    else s.mutates();
    for (const st of stacks) s.hint('stack', st);
  } else if (!['synth', 'diff', 'ls', 'list', 'doctor', 'docs', 'version', 'notices', 'metadata', 'context', 'acknowledge'].includes(sub)) s.mutates();
};

function stackTargets(args: Arg[], stageFlags: string[]): Target[] {
  const o = parseOpts(args, stageFlags);
  const stage = o.get(...stageFlags);
  return [{ kind: 'stack', name: stage ? `stage ${stage}` : 'the service', op: 'delete' }];
}

const serverless: Handler = (inv, s, rest, _name) => {
  const vals = rest.map((a) => a.value);
  if (vals.includes('remove'))
    s.add(
      inv,
      f(
        'shell.serverless-remove',
        'high',
        'Removes the deployed Serverless service and its stack',
        'environment-teardown',
        'irreversible',
        stackTargets(rest, ['--stage', '-s']),
      ),
    );
  else if (vals.includes('deploy')) s.mutates();
  return;
};

/** AWS SAM: `sam delete` deletes the application's CloudFormation stack and its artifacts. */
const sam: Handler = (inv, s, rest) => {
  const o = parseOpts(rest, [
    '--stack-name',
    '--region',
    '--profile',
    '--config-env',
    '--config-file',
    '--s3-bucket',
    '--s3-prefix',
    '-t',
    '--template',
    '--template-file',
  ]);
  const profile = o.get('--profile');
  s.context({ system: 'aws', ...(profile ? { context: profile } : {}), ...(o.get('--region') ? { region: o.get('--region')! } : {}) });
  const env = o.get('--config-env');
  if (env) s.hint('sam --config-env', env);
  const sub = o.pos[0]?.value ?? '';
  if (o.has('--help', '-h')) return;
  if (sub === 'delete') {
    const stack = o.get('--stack-name') ?? 'the stack in samconfig';
    s.add(
      inv,
      f(
        'iac.sam-delete',
        'high',
        `sam delete deletes the stack ${stack} with every resource in it${o.has('--no-prompts') ? ', without asking' : ''}`,
        'environment-teardown',
        'irreversible',
        [{ kind: 'stack', name: stack, op: 'delete' }],
      ),
    );
    return;
  }
  if (sub === 'deploy' && o.has('--no-execute-changeset')) return;
  if (!['validate', 'build', 'local', 'logs', 'list', 'traces', 'init', 'package', 'docs', 'pipeline', 'remote'].includes(sub)) s.mutates();
  else if (sub === 'build' || sub === 'init' || sub === 'package') s.mutates();
};

export const IAC: Pack = {
  family: 'iac',
  covers:
    'Terraform / OpenTofu / Terragrunt, Pulumi, CDK and CDKTF, Serverless, AWS SAM: destroy, apply (saved plans are read from facts), replace, state surgery, workspaces.',
  commands: { terraform, tofu: terraform, terragrunt: terraform, pulumi, cdk, cdktf: cdk, serverless, sls: serverless, sam },
  rules: [
    rule(
      'shell.terraform-destroy',
      'high',
      'environment-teardown',
      'Destroys every resource in the state (or the targeted ones)',
      'See it first: `terraform plan -destroy`; destroy one resource with -target after reading the plan',
      ['terraform destroy', 'terraform apply -destroy -auto-approve'],
      ['terraform plan -destroy', 'terraform plan'],
    ),
    rule(
      'shell.terraform-apply',
      'medium',
      'broad-change',
      'Applies changes to live infrastructure (shows the plan and asks)',
      'Save a plan and apply that: `terraform plan -out tf.plan`, then `terraform apply tf.plan`',
      ['terraform apply'],
      ['terraform plan'],
    ),
    rule(
      'shell.terraform-apply-auto-approve',
      'high',
      'broad-change',
      'Applies changes nobody has reviewed',
      'Drop -auto-approve, or apply a saved plan that was read',
      ['terraform apply -auto-approve'],
      ['terraform plan -out tf.plan'],
    ),
    rule(
      'shell.terraform-apply-planfile',
      'high',
      'broad-change',
      'Applies a saved plan whose changes could not be read',
      'Show it first: `terraform show -json tf.plan > tf.plan.json`',
      ['terraform apply tf.plan'],
      ['terraform show tf.plan'],
    ),
    rule(
      'shell.terraform-replace',
      'high',
      'destructive',
      'Destroys and recreates the named resources',
      'Read `terraform plan -replace=ADDR` first',
      ['terraform apply -replace=aws_db_instance.main'],
      ['terraform plan -replace=aws_db_instance.main'],
    ),
    rule(
      'shell.terraform-state-rm',
      'high',
      'destructive',
      'Removes resources from the state: they become unmanaged',
      'Back the state up first (`terraform state pull > backup.tfstate`)',
      ['terraform state rm aws_s3_bucket.logs'],
      ['terraform state list'],
    ),
    rule(
      'shell.terraform-state-write',
      'medium',
      'broad-change',
      'Rewrites the state (mv, push, taint, import)',
      'Back the state up first (`terraform state pull > backup.tfstate`)',
      ['terraform state mv a.b a.c', 'terraform taint aws_instance.web'],
      ['terraform state show aws_instance.web'],
    ),
    rule(
      'shell.terraform-workspace-delete',
      'high',
      'destructive',
      'Deletes a Terraform workspace (with -force, even with resources in it)',
      'List its resources first (`terraform state list` in that workspace)',
      ['terraform workspace delete staging'],
      ['terraform workspace list'],
    ),
    rule(
      'shell.pulumi-destroy',
      'high',
      'environment-teardown',
      'Destroys every resource of a Pulumi stack',
      'Preview it: `pulumi destroy --preview-only`',
      ['pulumi destroy --yes'],
      ['pulumi destroy --preview-only', 'pulumi preview'],
    ),
    rule(
      'shell.pulumi-stack-rm',
      'high',
      'environment-teardown',
      'Removes a Pulumi stack',
      'Export it first (`pulumi stack export > stack.json`)',
      ['pulumi stack rm dev --yes'],
      ['pulumi stack ls'],
    ),
    rule(
      'shell.pulumi-up-yes',
      'medium',
      'broad-change',
      'pulumi up without a preview',
      'Run `pulumi preview` first, or drop --yes',
      ['pulumi up --yes'],
      ['pulumi up --preview-only', 'pulumi preview'],
    ),
    rule('shell.pulumi-up', 'low', 'broad-change', 'pulumi up (previews and asks first)', 'None needed: read the preview', ['pulumi up'], ['pulumi preview']),
    rule(
      'shell.pulumi-state-delete',
      'high',
      'destructive',
      'Removes resources from the Pulumi state',
      'Export the stack first (`pulumi stack export`)',
      ['pulumi state delete urn:pulumi:dev::app::aws:s3/bucket:Bucket::b'],
      ['pulumi stack export'],
    ),
    rule(
      'shell.cdk-destroy',
      'high',
      'environment-teardown',
      'Deletes CDK stacks and their resources',
      'List them first (`cdk ls`) and read `cdk diff`',
      ['cdk destroy --force'],
      ['cdk diff', 'cdk ls'],
    ),
    rule(
      'shell.cdk-deploy-no-approval',
      'medium',
      'broad-change',
      'Deploys without approving security-sensitive changes',
      'Deploy with the default approval, after `cdk diff`',
      ['cdk deploy --require-approval never'],
      ['cdk deploy', 'cdk diff'],
    ),
    rule(
      'shell.serverless-remove',
      'high',
      'environment-teardown',
      'Removes a deployed Serverless service and its stack',
      'Check the stage first (`serverless info --stage …`)',
      ['serverless remove --stage dev'],
      ['serverless info --stage dev'],
    ),
    rule(
      'iac.sam-delete',
      'high',
      'environment-teardown',
      "Deletes an AWS SAM application's stack with every resource in it",
      'Look at the stack first (`aws cloudformation describe-stack-resources --stack-name …`)',
      ['sam delete --stack-name shop-api --no-prompts'],
      ['sam validate', 'sam delete --help'],
    ),
  ],
};
