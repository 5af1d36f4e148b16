// HTTP clients: curl, wget, HTTPie (http/https), xh/xhs, curlie. The method decides: GET, HEAD
// and OPTIONS read; DELETE deletes; POST/PUT/PATCH change something, and say what when the URL or
// the body names a destructive operation (`/projects/42/delete`, `purge_cache`, a GraphQL mutation
// `deleteProject`). Elasticsearch and OpenSearch are recognised by their port and API paths: an
// index delete (`DELETE :9200/logs-2024`, `_all`, `*`) and `_delete_by_query` are data deletes.
// The host and path of every call that changes something are environment hints (a prod host
// raises the level). `-o FILE` writes a file (an effect like any other write).
// Does not catch: what a request body read from a file holds, what a server does with a POST whose
// URL and body name nothing destructive, requests built at run time.
import type { Level } from '../../../schema';
import { rule } from '../../../rules/types';
import { parseOpts } from '../opts';
import type { Arg, Invocation, Sink } from '../types';
import { type Handler, type Pack, f, nameParts, safeUrl, urlHost } from './kit';

/** Words of a URL path or an operation name that say it destroys. */
const DESTROY = new Set([
  'delete',
  'destroy',
  'drop',
  'purge',
  'wipe',
  'erase',
  'truncate',
  'flush',
  'flushall',
  'terminate',
  'remove',
  'reset',
  'nuke',
  'deprovision',
  'decommission',
]);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'POST', 'PUT', 'PATCH', 'DELETE', 'PURGE']);

interface Request {
  method: string;
  urls: string[];
  /** Request bodies and query data, as written (`@file` left as is). */
  bodies: string[];
  /** Where the response is written, when it is a file. */
  output?: string;
  /** Saves the response somewhere (a file named after the URL), not only to standard output. */
  saves: boolean;
  dry: boolean;
}

const CURL_VALUES = [
  '-X',
  '--request',
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--data-ascii',
  '--json',
  '-F',
  '--form',
  '--form-string',
  '-H',
  '--header',
  '-o',
  '--output',
  '-u',
  '--user',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '-T',
  '--upload-file',
  '-w',
  '--write-out',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-x',
  '--proxy',
  '--cacert',
  '--capath',
  '-E',
  '--cert',
  '--key',
  '-K',
  '--config',
  '-r',
  '--range',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '-U',
  '--proxy-user',
  '--url',
  '--resolve',
  '--connect-to',
  '-z',
  '--time-cond',
  '-C',
  '--continue-at',
  '--limit-rate',
  '--unix-socket',
  '--abstract-unix-socket',
  '--aws-sigv4',
  '--oauth2-bearer',
  '-Y',
  '--speed-limit',
  '-y',
  '--speed-time',
  '--variable',
  '--trace',
  '--trace-ascii',
  '--stderr',
  '--interface',
  '-D',
  '--dump-header',
  '-t',
  '--telnet-option',
  '-Q',
  '--quote',
  '--ciphers',
  '--proto',
  '--proto-redir',
  '--max-filesize',
  '--max-redirs',
  '--local-port',
  '--output-dir',
  '--request-target',
  '--tls-max',
  '--keepalive-time',
  '-P',
  '--ftp-port',
  '--happy-eyeballs-timeout-ms',
  '--expect100-timeout',
  '--pinnedpubkey',
  '--crlfile',
  '--engine',
  '--netrc-file',
  '--dns-servers',
  '--preproxy',
];
const DATA_FLAGS = ['-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json', '-F', '--form', '--form-string'];

function bodyText(inv: Invocation, v: string): string {
  // `-d @-`: the body is standard input.
  if (v === '@-' && inv.stdin.kind === 'text') return inv.stdin.text;
  return v;
}

function curlRequest(inv: Invocation, rest: Arg[]): Request {
  const o = parseOpts(rest, CURL_VALUES);
  const bodies = DATA_FLAGS.flatMap((fl) => o.all(fl)).map((v) => bodyText(inv, v));
  let method = (o.get('-X', '--request') ?? '').toUpperCase();
  if (!method) method = o.has('-I', '--head') ? 'HEAD' : o.get('-T', '--upload-file') ? 'PUT' : bodies.length && !o.has('-G', '--get') ? 'POST' : 'GET';
  const urls = [...o.all('--url'), ...o.pos.map((p) => p.value ?? p.shape)];
  const output = o.get('-o', '--output');
  return {
    method,
    urls,
    bodies,
    ...(output && output !== '-' && output !== '/dev/null' ? { output } : {}),
    saves: o.has('-O', '--remote-name', '--remote-name-all', '-J'),
    dry: o.has('--help', '-h', '--version', '-V', '--manual', '-M'),
  };
}

const WGET_VALUES = [
  '--method',
  '--post-data',
  '--post-file',
  '--body-data',
  '--body-file',
  '-O',
  '--output-document',
  '-o',
  '--output-file',
  '-a',
  '--append-output',
  '-P',
  '--directory-prefix',
  '-U',
  '--user-agent',
  '--header',
  '--user',
  '--password',
  '--http-user',
  '--http-password',
  '-t',
  '--tries',
  '-T',
  '--timeout',
  '-w',
  '--wait',
  '-e',
  '--execute',
  '-i',
  '--input-file',
  '-B',
  '--base',
  '--load-cookies',
  '--save-cookies',
  '--ca-certificate',
  '--certificate',
  '--private-key',
  '-l',
  '--level',
  '-A',
  '--accept',
  '-R',
  '--reject',
  '-D',
  '--domains',
  '--limit-rate',
  '-Q',
  '--quota',
  '--referer',
];

function wgetRequest(inv: Invocation, rest: Arg[]): Request {
  const o = parseOpts(rest, WGET_VALUES);
  const bodies = o.all('--post-data', '--body-data');
  let method = (o.get('--method') ?? '').toUpperCase();
  if (!method) method = bodies.length || o.get('--post-file') ? 'POST' : o.has('--spider') ? 'HEAD' : 'GET';
  const out = o.get('-O', '--output-document');
  return {
    method,
    urls: o.pos.map((p) => p.value ?? p.shape),
    bodies,
    ...(out && out !== '-' && out !== '/dev/null' ? { output: out } : {}),
    saves: out !== '-' && out !== '/dev/null',
    dry: o.has('--help', '-h', '--version', '-V', '--spider'),
  };
}

const HTTPIE_VALUES = [
  '-a',
  '--auth',
  '-A',
  '--auth-type',
  '-o',
  '--output',
  '--session',
  '--session-read-only',
  '--verify',
  '--cert',
  '--cert-key',
  '--proxy',
  '--timeout',
  '--max-redirects',
  '-p',
  '--print',
  '--pretty',
  '-s',
  '--style',
  '--format-options',
  '--default-scheme',
  '--ssl',
  '--ciphers',
  '--raw',
  '--boundary',
  '--max-headers',
  '--unix-socket',
  '--response-charset',
  '--response-mime',
  '--bearer',
];

function httpieRequest(inv: Invocation, rest: Arg[], name: string): Request {
  const o = parseOpts(rest, HTTPIE_VALUES);
  const pos = o.pos.map((p) => p.value ?? p.shape);
  let method = '';
  let i = 0;
  if (pos.length > 1 && METHODS.has(pos[0]!.toUpperCase())) {
    method = pos[0]!.toUpperCase();
    i = 1;
  }
  const url = pos[i];
  // Request items: `key=value` / `key:=json` are body fields, `key==value` query, `Header:value` headers.
  const items = pos.slice(i + 1);
  const bodyItems = items.filter((x) => /^[^=:@]+(:=|=)(?!=)/.test(x) || /^[^=:@]+@/.test(x));
  const raw = o.get('--raw');
  const bodies = [...bodyItems, ...(raw !== undefined ? [raw] : []), ...(inv.stdin.kind === 'text' && !o.has('--ignore-stdin', '-I') ? [inv.stdin.text] : [])];
  if (!method) method = bodyItems.length || raw !== undefined || o.has('-f', '--form') ? 'POST' : 'GET';
  const out = o.get('-o', '--output');
  return {
    method,
    urls: url ? [url] : [],
    bodies,
    ...(out ? { output: out } : {}),
    saves: o.has('-d', '--download'),
    dry: o.has('--offline', '--help', '--version') || (name.startsWith('xh') && o.has('--curl')),
  };
}

/** Elasticsearch / OpenSearch: by port, by host name, or by an API path only they have. */
function isSearchEngine(host: string, path: string): boolean {
  if (/:(9200|9243|9201|9202)$/.test(host)) return true;
  if (nameParts(host).some((p) => /^(es|elastic|elasticsearch|opensearch|kibana|search)$/.test(p)) && !/\bapi\b/.test(host)) return true;
  return /(^|\/)_(delete_by_query|all|doc|bulk|cat|cluster|aliases|index_template|data_stream|snapshot|ilm|ingest|search|mapping|settings|reindex|forcemerge|close|open)(\/|$|\?)/.test(
    path,
  );
}

function splitUrl(url: string): { host: string; path: string } {
  const host = urlHost(url) ?? '';
  const m = /^(?:(?:[a-z][a-z0-9+.-]*:)*\/\/)?(?:[^?#]*@)?[^/?#]*([^?#]*)/i.exec(url.trim());
  return { host, path: m?.[1] ?? '' };
}

const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(:\d+)?$/i;

function judge(inv: Invocation, s: Sink, r: Request, name: string): void {
  if (r.dry) return;
  if (r.output) {
    s.effects(inv, [{ op: 'overwrite', path: r.output, how: `${name} -o` }]);
  }
  if (READ_METHODS.has(r.method)) {
    if (r.saves) s.mutates();
    return;
  }
  s.mutates();
  for (const url of r.urls.length ? r.urls : ['']) {
    const { host, path } = splitUrl(url);
    if (url) s.hint(`${name} ${r.method}`, safeUrl(url.includes('//') ? url : `//${url}`));
    const body = r.bodies.join('\n');
    const search = host !== '' && isSearchEngine(host, path);
    const where = host || 'the server';
    if (search) {
      const segs = path
        .split('/')
        .filter(Boolean)
        .map((x) => decodeURIComponentSafe(x));
      if (r.method === 'DELETE') {
        const first = segs[0] ?? '';
        if (segs.length === 0 || first === '_all' || first === '*' || /^\*+$/.test(first)) {
          s.add(
            inv,
            f(
              'data.index-delete',
              'high',
              `${name} DELETE ${safeUrl(url)} deletes every index on ${where} with its documents`,
              'environment-teardown',
              'irreversible',
              [{ kind: 'database', name: `${where}/${first || '(all)'}`, op: 'delete' }],
            ),
          );
        } else if (!first.startsWith('_') && (segs.length === 1 || /[*,]/.test(first))) {
          s.add(
            inv,
            f(
              'data.index-delete',
              'high',
              `${name} DELETE ${safeUrl(url)} deletes the ${/[*,]/.test(first) ? 'indices matching' : 'index'} ${first} with every document in ${/[*,]/.test(first) ? 'them' : 'it'}`,
              'destructive',
              'irreversible',
              [{ kind: 'table', name: `${where}/${first}`, op: 'delete' }],
            ),
          );
        } else if (first === '_data_stream' || first === '_snapshot' || first === '_index_template' || first === '_ilm') {
          s.add(
            inv,
            f(
              'data.index-delete',
              first === '_data_stream' ? 'high' : 'medium',
              `${name} DELETE ${safeUrl(url)} deletes a ${first.slice(1).replace('_', ' ')}${first === '_snapshot' ? ' (a backup)' : ''}`,
              'destructive',
              'irreversible',
              [{ kind: 'resource', name: `${where}${path}`, op: 'delete' }],
            ),
          );
        } else
          s.add(
            inv,
            f('data.http-delete', 'medium', `${name} DELETE ${safeUrl(url)}`, 'destructive', 'unknown', [
              { kind: 'resource', name: `${where}${path}`, op: 'delete' },
            ]),
          );
        continue;
      }
      if (segs.includes('_delete_by_query')) {
        const all = /match_all/.test(body) || !body.trim();
        s.add(
          inv,
          f(
            'data.index-delete',
            'high',
            `${name} ${r.method} _delete_by_query deletes ${all ? 'every document' : 'the documents matching the query'} in ${segs[0] === '_delete_by_query' ? 'every index' : segs[0]}`,
            all && (segs[0] === '_delete_by_query' || /^(_all|\*)$/.test(segs[0] ?? '')) ? 'environment-teardown' : 'destructive',
            'irreversible',
            [{ kind: 'table', name: `${where}/${segs[0]}`, op: 'delete' }],
          ),
        );
        continue;
      }
    }
    if (r.method === 'DELETE') {
      const local = LOCAL.test(host);
      s.add(
        inv,
        f(
          'data.http-delete',
          local ? 'low' : 'medium',
          `${name} sends DELETE to ${safeUrl(url) || 'a URL known at run time'}`,
          'destructive',
          'unknown',
          url ? [{ kind: 'resource', name: safeUrl(url), op: 'delete' }] : [],
        ),
      );
      continue;
    }
    // POST / PUT / PATCH: only when the operation names a destructive verb.
    const pathWords = path.split(/[/?&=]/).flatMap((seg) => nameParts(decodeURIComponentSafe(seg)));
    const gql = graphqlDestroy(body);
    if (gql) {
      s.add(
        inv,
        f('data.http-destructive', 'medium', `${name} sends a GraphQL mutation ${gql} to ${where}`, 'destructive', 'unknown', [
          { kind: 'resource', name: `${where}${path}`, op: 'delete' },
        ]),
      );
    } else if (pathWords.some((w) => DESTROY.has(w))) {
      const verb = pathWords.find((w) => DESTROY.has(w))!;
      const level: Level = LOCAL.test(host) ? 'low' : 'medium';
      s.add(
        inv,
        f('data.http-destructive', level, `${name} ${r.method} ${safeUrl(url)}: the operation says ${verb}`, 'destructive', 'unknown', [
          { kind: 'resource', name: safeUrl(url), op: 'delete' },
        ]),
      );
    }
  }
}

/** The first GraphQL mutation field whose name destroys (`deleteProject`, `drop_table`), or undefined. */
export function graphqlDestroy(body: string): string | undefined {
  if (!/\bmutation\b/.test(body)) return undefined;
  const after = body.slice(body.search(/\bmutation\b/));
  for (const m of after.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(|\{)/g)) {
    const field = m[1]!;
    if (field === 'mutation') continue;
    if (nameParts(field).some((w) => DESTROY.has(w))) return field;
  }
  return undefined;
}

function decodeURIComponentSafe(x: string): string {
  try {
    return decodeURIComponent(x);
  } catch {
    return x;
  }
}

const curl: Handler = (inv, s, rest, name) => judge(inv, s, curlRequest(inv, rest), name);
const wget: Handler = (inv, s, rest, name) => judge(inv, s, wgetRequest(inv, rest), name);
const httpie: Handler = (inv, s, rest, name) => judge(inv, s, httpieRequest(inv, rest, name), name);

export const NETWORK: Pack = {
  family: 'network',
  covers:
    'curl, wget, HTTPie (http/https), xh/xhs, curlie: HTTP DELETE, destructive POST/PUT operations and GraphQL mutations, Elasticsearch/OpenSearch index deletes and _delete_by_query; -o/-O output files.',
  commands: { curl, wget, http: httpie, https: httpie, xh: httpie, xhs: httpie, curlie: httpie },
  rules: [
    rule(
      'data.http-delete',
      'medium',
      'destructive',
      'Sends an HTTP DELETE to a server',
      'GET the same URL first to see what it deletes, and aim at a staging host',
      ['curl -X DELETE https://api.example.com/v1/projects/42'],
      ['curl https://api.example.com/v1/projects/42', 'curl -I https://api.example.com/v1/projects/42'],
    ),
    rule(
      'data.http-destructive',
      'medium',
      'destructive',
      'A POST/PUT whose operation or GraphQL mutation says it deletes, drops or purges',
      'Query the object first and run the operation against a staging endpoint',
      [
        'curl -X POST https://api.example.com/v1/projects/42/delete',
        'curl -X POST https://api.example.com/graphql -d \'{"query":"mutation { deleteProject(id: 42) { id } }"}\'',
      ],
      [
        'curl -X POST https://api.example.com/v1/projects -d \'{"name":"x"}\'',
        'curl -X POST https://api.example.com/graphql -d \'{"query":"query { project(id: 42) { id } }"}\'',
      ],
    ),
  ],
};
