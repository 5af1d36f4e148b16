// Review links: deep links round-trip the exact request, shrink to a stub when too large, refuse
// damage; web links for each host, table-driven from test/fixtures/review/remotes.jsonl.
import assert from 'node:assert/strict';
import { assess, type Action } from '../../../src/engine';
import { EDITOR_SCHEMES, LINK_LIMIT, decodeReviewLink, parseRemote, reviewLinks } from '../../../src/review/link';
import { createReviewRequest } from '../../../src/review/request';
import { fixtures, readJsonl } from '../../helpers';

const make = (action: Action, remote = 'git@github.com:acme/billing.git') =>
  createReviewRequest({
    action,
    assessment: assess(action),
    requester: { name: 'Alice', email: 'alice@example.org', host: 'laptop' },
    remote,
    cwd: '/tmp',
    facts: { cwd: '/tmp', notes: ['branch main'] },
  });

describe('review links', () => {
  it('a deep link carries the exact request for every editor scheme, and decodes back to it', () => {
    const req = make({ kind: 'shell', command: 'terraform destroy -auto-approve', cwd: '/srv/app' });
    const links = reviewLinks(req, { editor: 'cursor' });
    assert.equal(links.carries, 'full');
    assert.equal(links.primary, links.deep.cursor);
    for (const s of EDITOR_SCHEMES) {
      assert.match(links.deep[s], new RegExp(`^${s}://blast-radius\\.blast-radius/review\\?r=[A-Za-z0-9_-]+$`), s);
      const back = decodeReviewLink(links.deep[s]);
      assert.ok(back.ok && back.request, s);
      assert.deepEqual(back.request, req, `${s}: round trip`);
    }
    const bare = decodeReviewLink(links.deep.vscode.split('r=')[1]!);
    assert.deepEqual(bare.ok && bare.request, req, 'bare payload');
  });

  it('the fixture link (used by the extension-host UriHandler test) decodes to the fixture request', () => {
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const link = readFileSync(fixtures('review', 'link.txt'), 'utf8').trim();
    const want = JSON.parse(readFileSync(fixtures('review', 'request.json'), 'utf8'));
    const got = decodeReviewLink(link);
    assert.ok(got.ok && got.request, !got.ok ? got.error : 'stub');
    assert.deepEqual(got.request, want);
    assert.equal(got.request.id, 'r-0123456789ab');
  });

  it('a request too large for a link: first without facts, then a stub naming the file, and it says so', () => {
    const big = make({ kind: 'fileWrite', path: 'data.txt', content: Array.from({ length: 4000 }, (_, i) => `${i}:${(i * 7919) % 104729}`).join('\n') });
    const links = reviewLinks(big, { location: '/repo/.blast-radius/reviews/x.json' });
    assert.equal(links.carries, 'stub');
    assert.match(links.note!, /too large for a link.*\/repo\/\.blast-radius\/reviews\/x\.json/);
    assert.ok(links.primary.length <= LINK_LIMIT);
    const back = decodeReviewLink(links.primary);
    assert.ok(back.ok && back.stub);
    assert.deepEqual([back.stub.id, back.stub.digest, back.stub.location], [big.id, big.digest, '/repo/.blast-radius/reviews/x.json']);

    const bigFacts = {
      ...make({ kind: 'shell', command: 'rm -rf build' }),
      facts: { notes: Array.from({ length: 3000 }, (_, i) => `note ${i} ${(i * 104729) % 7919}`) },
    };
    const l2 = reviewLinks(bigFacts);
    assert.equal(l2.carries, 'without-facts');
    const b2 = decodeReviewLink(l2.primary);
    assert.ok(b2.ok && b2.request && b2.request.facts === undefined);
  });

  const damaged: [string, string, RegExp][] = [
    ['cut short', (l: string) => l.slice(0, l.length - 30), /damaged or cut short/],
    ['not base64url', (l: string) => `${l}%%`, /not base64url/],
    ['other path', (l: string) => l.replace('/review?', '/other?'), /not a Blast Radius review link/],
    ['no r parameter', (l: string) => l.replace('?r=', '?x='), /no r= parameter/],
  ].map(([n, f, re]) => [n as string, (f as (l: string) => string)(reviewLinks(make({ kind: 'shell', command: 'rm -rf /' })).primary), re as RegExp]);
  for (const [name, link, re] of damaged) {
    it(`refuses a damaged link: ${name}`, () => {
      const r = decodeReviewLink(link);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.error : '', re);
    });
  }

  it('refuses a link whose action was changed (it no longer matches the digest)', () => {
    const req = make({ kind: 'shell', command: 'rm -rf build' });
    const { deflateRawSync } = require('node:zlib') as typeof import('node:zlib');
    const tampered = { ...req, action: { kind: 'shell', command: 'rm -rf /' } };
    const link = `vscode://blast-radius.blast-radius/review?r=${deflateRawSync(Buffer.from(JSON.stringify(tampered))).toString('base64url')}`;
    const r = decodeReviewLink(link);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /does not match the request digest/);
  });

  interface RemoteCase {
    url: string;
    provider: string | null;
    host?: string;
    path?: string;
    web?: string;
    line: number;
  }
  for (const c of readJsonl<RemoteCase>(fixtures('review', 'remotes.jsonl'))) {
    it(`remote ${c.url} → ${c.provider ?? 'no web link'}`, () => {
      const info = parseRemote(c.url);
      if (!c.provider) return assert.equal(info, undefined, `${c.url} (line ${c.line})`);
      assert.deepEqual(info, { provider: c.provider, host: c.host, path: c.path }, `${c.url} (line ${c.line})`);
      const req = make({ kind: 'shell', command: 'kubectl delete namespace prod' }, c.url);
      const links = reviewLinks(req);
      assert.ok(links.web!.url.startsWith(c.web!), `${c.url}: ${links.web!.url.slice(0, 120)}`);
      assert.ok(links.web!.url.length <= LINK_LIMIT, 'web link within the limit');
      const decoded = decodeURIComponent(links.web!.url);
      assert.ok(decoded.includes(req.assessment.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;')), `${c.url}: summary in the body`);
      assert.ok(decoded.includes(links.deep.vscode), `${c.url}: deep link in the body`);
      assert.ok(decoded.includes(req.digest), `${c.url}: digest in the body`);
      for (const f of req.assessment.findings.slice(0, 3)) assert.ok(decoded.includes(f.rule), `${c.url}: finding ${f.rule}`);
    });
  }

  it('a web link leaves the deep link out rather than pass the host limit', () => {
    const req = make({ kind: 'fileWrite', path: 'x.txt', content: Array.from({ length: 1000 }, (_, i) => `${i}:${(i * 7919) % 104729}`).join('\n') });
    const links = reviewLinks(req);
    assert.equal(links.carries, 'full');
    assert.ok(links.primary.length > 5000, `fixture must make a long link (${links.primary.length})`);
    assert.ok(links.web!.url.length <= LINK_LIMIT);
    assert.match(decodeURIComponent(links.web!.url), /too long for this page/);
  });
});
