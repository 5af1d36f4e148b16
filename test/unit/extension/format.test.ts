// What the extension shows a person, tested in plain Node (format.ts has no vscode import).
import * as assert from 'node:assert/strict';
import { assess, type Action } from '../../../src/engine';
import { changeSetResourceChanges, proposedContent, reviewDocument, riskyLines, terraformResourceChanges } from '../../../src/extension/format';
import { fixtures, readJsonl } from '../../helpers';

interface ProposedCase {
  id: string;
  action: Action;
  current?: string;
  expect?: string;
  error?: string;
}

describe('extension/format: proposed content for the diff review', () => {
  for (const c of readJsonl<ProposedCase>(fixtures('extension', 'proposed.jsonl'))) {
    it(`${c.id} (line ${c.line})`, () => {
      const r = proposedContent(c.action, c.current);
      if (c.error !== undefined) {
        assert.equal(r.ok, false, `${c.id}: expected an error`);
        assert.match(r.ok ? '' : r.error, new RegExp(c.error), c.id);
      } else {
        assert.ok(r.ok, `${c.id}: ${r.ok ? '' : r.error}`);
        assert.equal(r.text, c.expect, c.id);
      }
    });
  }
});

describe('extension/format: review text', () => {
  it('marks the lines that hold a finding evidence', () => {
    const text = 'fix the bug\nterraform destroy -auto-approve\nthen redeploy';
    const risky = riskyLines(text, [{ rule: 'shell.terraform-destroy', level: 'critical', message: 'm', evidence: 'terraform destroy -auto-approve' }]);
    assert.deepEqual([...risky.keys()], [1]);
  });

  it('finds a settings key named in "key: value" evidence on its quoted JSON line', () => {
    const text = '{\n  "chat.tools.autoApprove": true\n}\n';
    const risky = riskyLines(text, [{ rule: 'guard.autoapprove', level: 'critical', message: 'm', evidence: 'chat.tools.autoApprove: everything' }]);
    assert.deepEqual([...risky.keys()], [1]);
  });

  it('ignores evidence too short to point at a line', () => {
    assert.equal(riskyLines('a\nb', [{ rule: 'r', level: 'high', message: 'm', evidence: 'a' }]).size, 0);
  });

  it('lists Terraform resources by action, replacements first and stateful ones first within an action', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_instance.web', type: 'aws_instance', change: { actions: ['delete', 'create'] } },
        { address: 'aws_db_instance.main', type: 'aws_db_instance', change: { actions: ['delete', 'create'] } },
        { address: 'aws_s3_bucket.logs', type: 'aws_s3_bucket', change: { actions: ['delete'] } },
        { address: 'aws_iam_role.x', type: 'aws_iam_role', change: { actions: ['no-op'] } },
      ],
    };
    const changes = terraformResourceChanges(plan);
    assert.deepEqual(
      changes.map((c) => [c.address, c.action, c.stateful]),
      [
        ['aws_instance.web', 'replace', false],
        ['aws_db_instance.main', 'replace', true],
        ['aws_s3_bucket.logs', 'delete', true],
        ['aws_iam_role.x', 'no-op', false],
      ],
    );
    const action: Action = { kind: 'terraformPlan', plan };
    const doc = reviewDocument({ assessment: assess(action), action, agent: 'claude' });
    const at = (s: string): number => doc.indexOf(s);
    assert.ok(at('### replace (2)') >= 0 && at('### replace (2)') < at('### delete (1)'), doc);
    assert.ok(at('aws_db_instance.main') < at('aws_instance.web'), 'stateful resource not first');
    assert.ok(!doc.includes('aws_iam_role.x'), 'no-op listed');
  });

  it('reads change sets: Modify with replacement is a replace, Remove a delete', () => {
    const cs = {
      Changes: [
        { ResourceChange: { Action: 'Modify', Replacement: 'True', LogicalResourceId: 'Db', ResourceType: 'AWS::RDS::DBInstance' } },
        { ResourceChange: { Action: 'Remove', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue' } },
        { ResourceChange: { Action: 'Add', LogicalResourceId: 'Fn', ResourceType: 'AWS::Lambda::Function' } },
      ],
    };
    assert.deepEqual(
      changeSetResourceChanges(cs).map((c) => `${c.address}:${c.action}`),
      ['Db:replace', 'Queue:delete', 'Fn:create'],
    );
  });

  it('never throws on garbage plans: nothing to list', () => {
    for (const junk of [null, 1, 'x', [], { resource_changes: 'no' }, { resource_changes: [null, { change: null }] }]) {
      assert.deepEqual(terraformResourceChanges(junk), [], String(JSON.stringify(junk)));
      assert.deepEqual(changeSetResourceChanges(junk), [], String(JSON.stringify(junk)));
    }
  });
});
