// What a person reads in the decision panel and the review documents, rendered from real
// assessments (plain Node: format.ts and decisionHtml.ts import no vscode). Each case is one of
// the complaints a new user made: raw markdown in titles, a path three times, machine vocabulary,
// a quoted plan whose headings looked like the document's, "critical" with no reason given.
import * as assert from 'node:assert/strict';
import { assess, type Action, type Facts } from '../../../src/engine';
import { decisionHtml, escapeHtml, reviewLinkHtml } from '../../../src/extension/decisionHtml';
import { decisionView, describeAction, explainLevel, factLines, reviewDocument, shortTitle, type Subject } from '../../../src/extension/format';

const CWD = '/tmp/br-demo-Ab12Cd/cost-reports';
const PLAN =
  '## Fix the rounding bug in the cost report\n\nThe cached totals are wrong everywhere, so the cleanest fix is to delete and recreate the environment.\n\n```sh\ncd infra/prod\nterraform destroy -auto-approve\nterraform apply -auto-approve\n```\n';

function subject(action: Action, facts: Facts = {}, notes: string[] = []): Subject {
  return { assessment: assess(action, { facts }), action, agent: 'claude', cwd: CWD, notes };
}

/** The text a person sees in the panel: tags dropped, entities decoded, the data and script blocks left out. */
function visible(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;
const VOCAB = ['environment-teardown', 'broad-change', 'targeted-patch', 'irreversible', 'recoverable', '`'];

describe('extension wording: the decision panel', () => {
  it('names what the agent could do instead, code as code, and nothing for a low action', () => {
    const s = subject({ kind: 'shell', command: 'terraform destroy' });
    const html = decisionHtml(decisionView(s, { id: 'qs', created: 0 }), 'n', 'csp');
    assert.match(
      html,
      /<p class="safer" id="safer"><b>Safer:<\/b> See it first: <code>terraform plan -destroy<\/code>; destroy one resource with -target after reading the plan<\/p>/,
    );
    const low = subject({ kind: 'shell', command: 'ls -la' });
    assert.equal(low.assessment.requires, 'none');
    assert.equal(decisionView(low, { id: 'ql', created: 0 }).safer, undefined);
    assert.ok(!decisionHtml(decisionView(low, { id: 'ql', created: 0 }), 'n', 'csp').includes('id="safer"'));
  });

  it('the guard-tampering write names its path once, relative, and never the temp folder', () => {
    const s = subject({ kind: 'fileWrite', path: `${CWD}/.vscode/settings.json`, content: '{\n  "chat.tools.autoApprove": true\n}\n' });
    const text = visible(decisionHtml(decisionView(s, { id: 'q1', created: 0 }), 'n', 'csp'));
    assert.equal(s.assessment.level, 'critical');
    assert.equal(count(text, CWD), 0, text);
    assert.equal(count(text, '.vscode/settings.json'), 1, text);
    for (const w of VOCAB) assert.ok(!text.includes(w), `"${w}" in: ${text}`);
  });

  it('a plan is named by its heading, without markdown; the title is short', () => {
    const s = subject({ kind: 'plan', text: PLAN });
    assert.equal(describeAction(s.action), 'a plan: “Fix the rounding bug in the cost report”');
    const title = shortTitle(s);
    assert.ok(title.length <= 80, title);
    assert.ok(!/[`#*]/.test(title), title);
    const v = decisionView(s, { id: 'q2', created: 0 });
    assert.ok(!/[`#]/.test(v.headline), v.headline);
    assert.equal(v.title, 'Blast Radius · CRITICAL');
  });

  it('says why the whole is critical when every finding is high: the teardown that cannot be undone', () => {
    const a = assess({ kind: 'plan', text: PLAN.replace('cd infra/prod\n', '') });
    assert.equal(a.level, 'critical');
    assert.deepEqual(
      a.findings.filter((f) => f.level === 'critical').map((f) => f.rule),
      ['engine.teardown'],
      'only the teardown floor is critical',
    );
    assert.match(
      explainLevel(a) ?? '',
      /^CRITICAL because it tears down an environment and cannot be undone: a teardown is never below high, and critical in prod/,
    );
  });

  it('says which finding made it critical when one did (production, with where it was seen)', () => {
    const a = assess(
      { kind: 'plan', text: PLAN },
      { facts: { cwd: CWD, workspaceRoots: [CWD], terraform: { workspace: 'default', dir: 'infra/prod', backendKey: 'prod/terraform.tfstate' } } },
    );
    assert.equal(a.environment.name, 'prod');
    assert.match(
      explainLevel(a, CWD) ?? '',
      /^CRITICAL because it is aimed at production \(working directory infra\/prod; .*backend key prod\/terraform\.tfstate\)/,
    );
  });

  it('puts targets and classes in words: "deletes everything in the Terraform state", "cannot be undone"', () => {
    const lines = factLines(subject({ kind: 'shell', command: 'terraform destroy -auto-approve', cwd: CWD }));
    const text = lines.join('\n');
    assert.match(text, /deletes everything in the Terraform state/);
    assert.match(text, /It tears down an environment; it cannot be undone/);
    assert.match(text, /Environment: not identified/);
    for (const w of VOCAB) assert.ok(!text.includes(w), `"${w}" in: ${text}`);
  });

  it('leaves out the machine evidence of facts findings and says the facts in words, paths relative', () => {
    const action: Action = { kind: 'shell', command: 'rm -rf ~', cwd: CWD };
    const facts: Facts = {
      cwd: CWD,
      home: '/home/dev',
      paths: {
        '~': {
          input: '~',
          resolved: '/home/dev',
          exists: true,
          type: 'dir',
          outsideWorkspace: true,
          special: 'home',
          files: 43797,
          dirs: 900,
          bytes: 1e9,
          atLeast: true,
          git: { outside: 43797 },
        },
      },
    };
    const s: Subject = {
      assessment: assess(action, { facts }),
      action,
      agent: 'claude',
      cwd: CWD,
      notes: [`deletes at least 43,797 files in /home/dev — 43,797 outside any git repository, cannot be recovered`],
    };
    const text = visible(decisionHtml(decisionView(s, { id: 'q3', created: 0 }), 'n', 'csp'));
    assert.ok(!/git: outside/.test(text), text);
    assert.match(text, /Deletes at least 43,797 files/);
  });

  it('a typed-confirm question asks for the name and starts with Allow disabled; critical offers no Allow', () => {
    const high = subject({ kind: 'shell', command: 'git push --force origin main', cwd: CWD });
    high.assessment = { ...high.assessment, requires: 'typed-confirm' };
    const html = decisionHtml(decisionView(high, { id: 'q4', created: 0 }), 'n', 'csp');
    assert.match(html, /<button id="allow" class="" disabled>Allow<\/button>/);
    assert.match(visible(html), /Type main to allow/);
    const crit = decisionHtml(decisionView(subject({ kind: 'plan', text: PLAN }), { id: 'q5', created: 0 }), 'n', 'csp');
    assert.ok(!/id="allow"/.test(crit));
    assert.match(crit, /Request peer review…/);
    assert.equal(count(crit, '>Deny<'), 1, 'one Deny, no Cancel');
    assert.ok(!/Cancel/.test(crit));
  });

  it('escapes what the agent wrote: no markup, no way out of the data block', () => {
    const s = subject({ kind: 'shell', command: 'echo "</script><script>alert(1)</script><img src=x onerror=alert(2)>" > /etc/motd', cwd: CWD });
    const html = decisionHtml(decisionView(s, { id: 'q6"</script>', created: 0 }), 'NONCE', 'csp');
    assert.equal(count(html, '<script'), 2, 'only our two script blocks');
    assert.ok(!html.includes('<img'), 'markup from the command got through');
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-NONCE&#39;; script-src &#39;nonce-NONCE&#39;/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('extension wording: review documents', () => {
  it('fences the quoted plan so its headings are not the document’s, and marks risky lines', () => {
    const doc = reviewDocument(subject({ kind: 'plan', text: PLAN }));
    const fence = /^(~{3,})markdown$/m.exec(doc);
    assert.ok(fence, doc);
    const inside = doc.slice(doc.indexOf(fence[0]) + fence[0].length, doc.indexOf(`\n${fence[1]}\n`, doc.indexOf(fence[0])));
    assert.match(inside, /## Fix the rounding bug/);
    assert.match(inside, /terraform destroy -auto-approve\s+⚠ shell\.terraform-destroy/);
    const outsideHeadings = doc.replace(inside, '').match(/^#{1,6} .*/gm) ?? [];
    assert.ok(!outsideHeadings.some((h) => /rounding bug/.test(h)), outsideHeadings.join('\n'));
  });

  it('says when it is waiting, when it was decided, and when nothing waits on it', () => {
    const s = subject({ kind: 'shell', command: 'terraform destroy', cwd: CWD });
    assert.match(reviewDocument(s, { kind: 'waiting' }), /Waiting for your answer/);
    assert.match(
      reviewDocument(s, { kind: 'decided', decision: 'deny', by: 'you', reason: 'Blast Radius: the developer denied this action.', at: 0 }),
      /Decided: denied\*\* by you .*Nothing here can be answered any more/,
    );
    assert.match(
      reviewDocument(s, { kind: 'nothing-waiting', why: 'you assessed this command on request' }),
      /Nothing is waiting on this review:\*\* you assessed this command on request/,
    );
  });
});

describe('extension wording: the review-link panel', () => {
  it('shows the whole link, Copy and Open buttons, and what the reviewer will see', () => {
    const link = `vscode://blast-radius.blast-radius/review?r=${'A'.repeat(600)}`;
    const html = reviewLinkHtml(
      {
        requestId: 'r-0123456789ab',
        level: 'critical',
        headline: 'terraform destroy deletes every resource in the state in prod',
        link,
        web: { provider: 'github', url: 'https://github.com/acme/x/issues/new?title=t' },
        requester: 'Alice',
        expiresAt: 'tomorrow',
        digest: 'f'.repeat(64),
        findings: [{ level: 'high', message: 'terraform destroy deletes every resource' }],
        file: '/repo/.blast-radius/reviews/r-0123456789ab.json',
      },
      'n',
      'csp',
    );
    const text = visible(html);
    assert.ok(text.includes(link), 'the link is not shown whole');
    for (const b of ['Copy link', 'Open GitHub issue', 'Copy web link']) assert.ok(text.includes(b), b);
    assert.match(text, /What the reviewer will see/);
    assert.match(text, /Requested by Alice/);
  });
});
