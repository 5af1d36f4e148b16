// Over-flagging (issue 15): dry runs, previews and what-ifs are judged as what they are, across
// families; the real command next to each stays flagged.
import { packCases } from './helper';

packCases('dry runs across families', [
  { cmd: 'rsync -a --delete -n dist/ /srv/www/', level: 'low' },
  { cmd: 'rsync -a --delete --dry-run dist/ /srv/www/', level: 'low' },
  { cmd: 'git clean -fdxn', level: 'low' },
  { cmd: 'git clean -fdx --dry-run', level: 'low' },
  { cmd: 'git clean -fdx', level: 'high', rule: 'shell.git-clean' },
  { cmd: 'kubectl delete ns staging --dry-run=client', level: 'low' },
  { cmd: 'kubectl delete ns staging', level: 'critical' },
  { cmd: 'terraform plan -destroy', level: 'low' },
  { cmd: 'pulumi preview --diff', level: 'low' },
  { cmd: 'cdk diff', level: 'low' },
  { cmd: 'aws s3 rm s3://b --recursive --dryrun', level: 'low' },
  { cmd: 'aws s3 rm s3://b --recursive', level: 'high' },
  { cmd: 'aws ec2 delete-vpc --vpc-id vpc-1 --dry-run', level: 'low' },
  { cmd: 'az deployment group create -g rg --template-file t.json --mode Complete --what-if', level: 'low' },
  { cmd: 'Remove-Item -Recurse -Force C:\\data -WhatIf', level: 'low', shell: 'pwsh' },
  { cmd: 'Remove-Item -Recurse -Force C:\\data -WhatIf:$false', level: 'high', shell: 'pwsh' },
  { cmd: 'Remove-Item -Recurse -Force C:\\data', level: 'high', shell: 'pwsh' },
  { cmd: 'helm upgrade api ./chart --dry-run=server', level: 'low' },
  { cmd: 'zfs destroy -n tank/home', level: 'low' },
  { cmd: 'dotnet ef database drop --dry-run', level: 'low' },
  { cmd: 'php artisan migrate:fresh --pretend', level: 'low' },
  { cmd: 'alembic downgrade base --sql', level: 'low' },
]);
