import assert from 'node:assert/strict';
import { join } from 'node:path';
import { awsFacts, kubeFacts, parseIni, terraformFacts } from '../../../src/facts/contexts';
import { removeTree, tempDir, writeTree } from './tree';

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: prod-cn-north-1
contexts:
  - name: prod-cn-north-1
    context: { cluster: eks-prod, namespace: payments, user: admin }
  - name: dev
    context: { cluster: kind-dev, user: me }
clusters: []
users: []
`;
const EXTRA = `apiVersion: v1
kind: Config
current-context: staging-eu
contexts:
  - name: staging-eu
    context: { cluster: gke-staging, namespace: web }
`;
const AWS_CONFIG = `[default]
region = us-east-1

[profile prod-admin]
region = eu-west-1
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default

[profile sandbox]
sso_account_id = 999988887777
`;

describe('facts: kube, AWS and Terraform contexts', () => {
  let home: string;
  before(() => {
    home = tempDir('br-home-');
    writeTree(home, {
      '.kube/config': KUBECONFIG,
      'other/kubeconfig': EXTRA,
      'broken/kubeconfig': 'current-context: [unclosed\n',
      '.aws/config': AWS_CONFIG,
      'tf/.terraform/environment': 'prod\n',
      'tf/.terraform/terraform.tfstate': JSON.stringify({ version: 3, backend: { type: 's3', config: {} } }),
      'tf-plain/main.tf': '',
    });
  });
  after(() => removeTree(home));

  it('reads the current kube context and its namespace from ~/.kube/config', () => {
    assert.deepEqual(kubeFacts({}, home), { context: 'prod-cn-north-1', namespace: 'payments', cluster: 'eks-prod', source: join(home, '.kube/config') });
  });

  it('lets --context and -n override the file', () => {
    const k = kubeFacts({}, home, { context: 'dev', namespace: 'tools' });
    assert.equal(k.context, 'dev');
    assert.equal(k.namespace, 'tools');
    assert.equal(k.cluster, 'kind-dev');
  });

  it('merges KUBECONFIG files, the first current-context winning', () => {
    const env = { KUBECONFIG: `${join(home, 'other/kubeconfig')}:${join(home, '.kube/config')}` };
    const k = kubeFacts(env, home);
    assert.equal(k.context, 'staging-eu');
    assert.equal(k.namespace, 'web');
  });

  it('says what is wrong with a broken or missing kubeconfig, without throwing', () => {
    assert.match(kubeFacts({ KUBECONFIG: join(home, 'broken/kubeconfig') }, home).problem ?? '', /not valid YAML/);
    assert.match(kubeFacts({ KUBECONFIG: join(home, 'missing') }, home).problem ?? '', /no kubeconfig/);
  });

  const aws: [string, Record<string, string>, { profile?: string; region?: string }, Record<string, string>][] = [
    ['default profile', {}, {}, { profile: 'default', region: 'us-east-1' }],
    ['AWS_PROFILE', { AWS_PROFILE: 'prod-admin' }, {}, { profile: 'prod-admin', region: 'eu-west-1', account: '123456789012' }],
    ['--profile beats AWS_PROFILE', { AWS_PROFILE: 'prod-admin' }, { profile: 'sandbox' }, { profile: 'sandbox', account: '999988887777' }],
    [
      'AWS_REGION beats the file',
      { AWS_PROFILE: 'prod-admin', AWS_REGION: 'ap-south-1' },
      {},
      { profile: 'prod-admin', region: 'ap-south-1', account: '123456789012' },
    ],
    ['--region beats everything', { AWS_REGION: 'ap-south-1' }, { region: 'sa-east-1' }, { profile: 'default', region: 'sa-east-1' }],
  ];
  for (const [id, env, explicit, expected] of aws) {
    it(`reads the AWS profile: ${id}`, () => {
      const a = awsFacts(env, home, explicit);
      const { source: _s, ...rest } = a;
      assert.deepEqual(rest, expected, id);
    });
  }

  it('parses INI sections and keys', () => {
    const ini = parseIni('[profile  x]\nregion=eu-1\n; comment\n# comment\nkey = a = b\n');
    assert.equal(ini.get('profile x')?.get('region'), 'eu-1');
    assert.equal(ini.get('profile x')?.get('key'), 'a = b');
  });

  it('reads the Terraform workspace and backend', () => {
    assert.deepEqual(terraformFacts({}, join(home, 'tf')), { workspace: 'prod', backend: 's3', source: join(home, 'tf/.terraform/environment') });
    assert.equal(terraformFacts({ TF_WORKSPACE: 'staging' }, join(home, 'tf')).workspace, 'staging');
    assert.deepEqual(terraformFacts({}, join(home, 'tf-plain')), { workspace: 'default', source: 'default' });
  });
});
