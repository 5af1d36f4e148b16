// Infrastructure as code: destroys and deletes next to their plans, previews and diffs.
import { packCases } from './helper';

packCases('iac: destroys and their previews', [
  { cmd: 'sam delete --stack-name shop-api --no-prompts', level: 'critical', rule: 'iac.sam-delete' },
  { cmd: 'terraform destroy -auto-approve', level: 'critical', rule: 'shell.terraform-destroy' },
  { cmd: 'pulumi destroy --yes', level: 'critical', rule: 'shell.pulumi-destroy' },
  { cmd: 'cdk destroy --force', level: 'critical', rule: 'shell.cdk-destroy' },
  // look-alikes
  { cmd: 'sam delete --help', level: 'low' },
  { cmd: 'sam validate', level: 'low' },
  { cmd: 'sam deploy --no-execute-changeset', level: 'low' },
  { cmd: 'terraform plan -destroy', level: 'low' },
  { cmd: 'terraform plan -destroy -out destroy.tfplan', level: 'low' },
  { cmd: 'tofu plan -destroy', level: 'low' },
  { cmd: 'pulumi preview', level: 'low' },
  { cmd: 'pulumi destroy --preview-only', level: 'low' },
  { cmd: 'pulumi up --preview-only', level: 'low' },
  { cmd: 'cdk diff', level: 'low' },
  { cmd: 'cdk synth', level: 'low' },
]);
