// HTTP clients: the method decides (GET/HEAD read, DELETE deletes, POST/PUT only when the operation
// names a destruction), Elasticsearch/OpenSearch index deletes, prod hosts as hints, -o writes.
import { packCases } from './helper';

packCases('network: Elasticsearch / OpenSearch', [
  { cmd: 'curl -X DELETE http://localhost:9200/_all', level: 'critical', rule: 'data.index-delete' },
  { cmd: "curl -XDELETE 'http://localhost:9200/*'", level: 'critical', rule: 'data.index-delete' },
  { cmd: 'curl -X DELETE http://localhost:9200/logs-2024.01', level: 'high', rule: 'data.index-delete' },
  { cmd: "curl -X DELETE 'https://es-prod.internal:9200/logs-*'", level: 'critical', rule: 'data.index-delete', why: 'a prod host' },
  { cmd: 'curl -X DELETE https://search-shop-abc123.eu-west-1.es.amazonaws.com/orders', level: 'high', rule: 'data.index-delete' },
  {
    cmd: `curl -X POST "localhost:9200/logs/_delete_by_query" -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}'`,
    level: 'high',
    rule: 'data.index-delete',
  },
  { cmd: 'curl -X DELETE localhost:9200/_data_stream/logs-app', level: 'high', rule: 'data.index-delete' },
  { cmd: 'curl -X DELETE localhost:9200/_snapshot/backups/nightly-1', level: 'medium', rule: 'data.index-delete' },
  { cmd: 'http DELETE :9200/orders', level: 'high', rule: 'data.index-delete' },
  { cmd: 'xh delete localhost:9200/orders', level: 'high', rule: 'data.index-delete' },
  // look-alikes
  { cmd: "curl 'http://localhost:9200/_cat/indices?v'", level: 'low' },
  { cmd: 'curl -X GET http://localhost:9200/orders/_search', level: 'low' },
  { cmd: 'curl -I http://localhost:9200/orders', level: 'low' },
  { cmd: `curl -X POST localhost:9200/orders/_search -d '{"query":{"match_all":{}}}'`, level: 'low' },
  { cmd: 'http :9200/_cluster/health', level: 'low' },
]);

packCases('network: HTTP APIs and GraphQL', [
  { cmd: 'curl -X DELETE https://api.example.com/v1/projects/42', level: 'medium', rule: 'data.http-delete' },
  {
    cmd: 'curl --request DELETE -H "Authorization: Bearer $TOKEN" https://api.prod.example.com/v1/users/7',
    level: 'high',
    rule: 'data.http-delete',
    why: 'a prod host',
  },
  { cmd: 'http DELETE https://api.example.com/v1/projects/42', level: 'medium', rule: 'data.http-delete' },
  { cmd: 'wget --method=DELETE https://api.example.com/v1/projects/42', level: 'medium', rule: 'data.http-delete' },
  { cmd: 'curl -X POST https://api.example.com/v1/projects/42/delete', level: 'medium', rule: 'data.http-destructive' },
  {
    cmd: 'curl -X POST https://api.cloudflare.com/client/v4/zones/abc/purge_cache -d \'{"purge_everything":true}\'',
    level: 'medium',
    rule: 'data.http-destructive',
  },
  {
    cmd: `curl -X POST https://api.example.com/graphql -d '{"query":"mutation { deleteProject(id: 42) { id } }"}'`,
    level: 'medium',
    rule: 'data.http-destructive',
  },
  {
    cmd: `curl https://api.prod.example.com/graphql --json '{"query":"mutation { drop_table(name: \\"users\\") }"}'`,
    level: 'high',
    rule: 'data.http-destructive',
  },
  { cmd: 'curl -o ~/.bashrc https://example.com/rc', level: 'medium', rule: 'path.shell-rc', why: 'the file written is an effect like any other write' },
  // look-alikes
  { cmd: 'curl https://api.example.com/v1/projects/42', level: 'low' },
  { cmd: 'curl -s https://example.com', level: 'low' },
  { cmd: 'curl -X DELETE http://localhost:3000/api/todos/1', level: 'low', why: 'a local dev server' },
  { cmd: `curl -X POST https://api.example.com/v1/projects -d '{"name":"x"}'`, level: 'low' },
  { cmd: `curl -X POST https://api.example.com/graphql -d '{"query":"query { project(id: 42) { id } }"}'`, level: 'low' },
  { cmd: `curl -X POST https://api.example.com/graphql -d '{"query":"mutation { createProject(name: \\"x\\") { id } }"}'`, level: 'low' },
  { cmd: 'curl -d @- https://example.com <<EOF\nrm -rf /\nEOF', level: 'low', why: 'a body is data, not a command' },
  { cmd: 'http --offline DELETE https://api.example.com/v1/projects/42', level: 'low', why: '--offline only builds the request' },
  { cmd: 'curl -O https://example.com/data.json', level: 'low' },
  { cmd: 'wget -O output.html https://example.com/page', level: 'low' },
  { cmd: 'wget -qO- https://example.com | head', level: 'low' },
  { cmd: 'curl --help', level: 'low' },
]);
