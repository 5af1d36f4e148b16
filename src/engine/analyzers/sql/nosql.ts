// mongosh and redis-cli text, sent as `sql` with dialect `mongodb` / `redis` (the shell analyzer
// passes `mongosh --eval '…'` and `redis-cli …` this way). Simple token rules, no parser.
// Sees (MongoDB): dropDatabase, collection drop, deleteMany/remove with an empty filter (or any
// filter), updateMany with an empty filter, dropUser/dropAllUsers, shutdown and admin commands,
// aggregate with $out/$merge; find/count/aggregate as reads. (Redis): FLUSHALL, FLUSHDB, DEL,
// SHUTDOWN, CONFIG SET, replication and cluster resets, scripts, reads and plain writes.
// Does not catch: JavaScript that builds names or filters at run time (a filter in a variable is
// taken as "has a filter"), loops over collections, redis keys deleted through Lua.
import type { Finding, Target } from '../../schema';
import { type Analysis, clip, emptyAnalysis } from '../../analysis';

const MAX_CALLS = 2000;

/** The text between the `(` at `open` and its matching `)`, strings skipped. */
function argsAt(text: string, open: number): string {
  let depth = 0;
  let q: string | undefined;
  for (let i = open; i < text.length && i < open + 10_000; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '\\') i++;
      else if (ch === q) q = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') q = ch;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** First argument of a call: `{}` / `{ }` / `` is an empty filter. */
function emptyFilter(args: string): boolean {
  const first = args.trim();
  if (first === '') return true;
  return /^\{\s*\}\s*(,|$)/.test(first);
}

/** Calls that only read (or only watch): nothing to report. */
const MONGO_READS = new Set([
  'find',
  'findOne',
  'count',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'getCollectionNames',
  'getCollectionInfos',
  'listCollections',
  'stats',
  'getIndexes',
  'explain',
  'serverStatus',
  'version',
  'getName',
  'hello',
  'isMaster',
  'currentOp',
  'printCollectionStats',
  'getUsers',
  'getRoles',
  'watch',
]);
/** Calls that add documents, collections or indexes: a write, never a finding. */
const MONGO_INSERTS = new Set(['insert', 'insertOne', 'insertMany', 'save', 'createCollection', 'createIndex', 'createIndexes']);

/** One `db.<coll>.<method>(args)` call, as the judge sees it. */
interface MongoCall {
  method: string;
  args: string;
  /** The call as written (clipped). */
  ev: string;
  /** `db.coll` (or the collection alone when no database was named). */
  table: string | undefined;
  db: string | undefined;
  tgt: Target[];
}

/** What one call does: a finding (through `add`), a write, or nothing for a read. */
function judgeMongoCall(call: MongoCall, add: (f: Finding) => void, a: Analysis): void {
  const { method, args, ev, table, db, tgt } = call;
  if (MONGO_READS.has(method)) return;
  if (MONGO_INSERTS.has(method)) {
    a.readOnly = false;
    return;
  }
  switch (method) {
    case 'dropDatabase': {
      const name = db ?? 'the current database';
      add({
        rule: 'sql.mongo-drop-database',
        level: 'critical',
        message: `Drops ${db ? `the database ${db}` : name} and every collection in it`,
        evidence: ev,
        class: 'environment-teardown',
        reversibility: 'irreversible',
        targets: db ? [{ kind: 'database', name: db, op: 'delete' }] : [],
      });
      if (db) a.targets.push({ kind: 'database', name: db, op: 'delete' });
      break;
    }
    case 'drop':
      add({
        rule: 'sql.mongo-drop-collection',
        level: 'high',
        message: `Drops the collection ${table ?? ''} with its documents`.replace('  ', ' '),
        evidence: ev,
        class: 'destructive',
        reversibility: 'irreversible',
        targets: tgt,
      });
      break;
    case 'deleteMany':
    case 'remove':
    case 'findAndModify':
      if (method === 'findAndModify' && !/remove\s*:\s*true/.test(args)) {
        add({
          rule: 'sql.mongo-update',
          level: 'low',
          message: `Updates a document in ${table ?? 'a collection'}`,
          evidence: ev,
          class: 'targeted-patch',
          reversibility: 'irreversible',
        });
      } else if (emptyFilter(args)) {
        add({
          rule: 'sql.mongo-delete-all',
          level: 'high',
          message: `Deletes every document in ${table ?? 'a collection'} (empty filter)`,
          evidence: ev,
          class: 'destructive',
          reversibility: 'irreversible',
          targets: tgt,
        });
      } else {
        add({
          rule: 'sql.mongo-delete',
          level: 'medium',
          message: `Deletes the documents in ${table ?? 'a collection'} that match a filter`,
          evidence: ev,
          class: 'targeted-patch',
          reversibility: 'irreversible',
          targets: tgt,
        });
      }
      break;
    case 'deleteOne':
    case 'findOneAndDelete':
      add({
        rule: 'sql.mongo-delete',
        level: 'medium',
        message: `Deletes a document in ${table ?? 'a collection'}`,
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'irreversible',
        targets: tgt,
      });
      break;
    case 'updateMany':
    case 'update':
      if (emptyFilter(args))
        add({
          rule: 'sql.mongo-update-all',
          level: 'high',
          message: `Overwrites every document in ${table ?? 'a collection'} (empty filter)`,
          evidence: ev,
          class: 'broad-change',
          reversibility: 'irreversible',
          targets: tgt,
        });
      else
        add({
          rule: 'sql.mongo-update',
          level: 'low',
          message: `Updates documents in ${table ?? 'a collection'} that match a filter`,
          evidence: ev,
          class: 'targeted-patch',
          reversibility: 'irreversible',
        });
      break;
    case 'replaceOne':
    case 'updateOne':
    case 'findOneAndUpdate':
    case 'findOneAndReplace':
    case 'bulkWrite':
      add({
        rule: 'sql.mongo-update',
        level: method === 'bulkWrite' ? 'medium' : 'low',
        message: `Writes to ${table ?? 'a collection'}`,
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'irreversible',
      });
      break;
    case 'renameCollection':
      add({
        rule: 'sql.mongo-rename',
        level: /,\s*true\s*$/.test(args.trim()) ? 'high' : 'medium',
        message: /,\s*true\s*$/.test(args.trim())
          ? 'Renames a collection over an existing one (dropTarget)'
          : 'Renames a collection; code that uses the old name breaks',
        evidence: ev,
        class: 'destructive',
        reversibility: 'recoverable',
        targets: tgt,
      });
      break;
    case 'dropIndex':
    case 'dropIndexes':
      add({
        rule: 'sql.mongo-drop-index',
        level: 'medium',
        message: `Drops indexes of ${table ?? 'a collection'}`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'recoverable',
      });
      break;
    case 'dropUser':
    case 'dropAllUsers':
    case 'dropRole':
    case 'dropAllRoles':
      add({
        rule: 'sql.mongo-drop-user',
        level: method.startsWith('dropAll') ? 'high' : 'medium',
        message: `${method}: removes access`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'recoverable',
      });
      break;
    case 'shutdownServer':
    case 'fsyncLock':
      add({
        rule: 'sql.mongo-admin',
        level: 'high',
        message: `${method} stops the server from serving`,
        evidence: ev,
        class: 'broad-change',
        reversibility: 'recoverable',
      });
      break;
    case 'adminCommand':
    case 'runCommand': {
      const destructive = /\b(dropDatabase|drop|delete|shutdown|dropAllUsersFromDatabase|replSetReconfig|removeShard|dropIndexes)\b\s*:/.test(args);
      add({
        rule: 'sql.mongo-admin',
        level: destructive ? 'high' : 'medium',
        message: destructive ? 'Runs an admin command that drops, deletes or shuts down' : 'Runs an admin command',
        evidence: ev,
        class: destructive ? 'destructive' : 'broad-change',
        reversibility: 'unknown',
      });
      break;
    }
    case 'aggregate':
      if (/\$(out|merge)\b/.test(args))
        add({
          rule: 'sql.mongo-aggregate-write',
          level: 'medium',
          message: 'An aggregation that writes its result over a collection ($out/$merge)',
          evidence: ev,
          class: 'targeted-patch',
          reversibility: 'irreversible',
        });
      break;
    default:
      add({
        rule: 'sql.mongo-unknown',
        level: 'medium',
        message: `A call this reader does not know (${method})`,
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
  }
}

/** The databases the text names (`use x`, getSiblingDB('x'), a connection string's path), each once. */
function mongoDatabases(src: string, a: Analysis): string[] {
  const dbs = new Set<string>();
  for (const m of src.matchAll(
    /getSiblingDB\(\s*['"`]([^'"`]+)['"`]\s*\)|(?:^|[\n;])\s*use\s+([A-Za-z0-9_.-]+)|mongodb(?:\+srv)?:\/\/[^\s/'"]*\/([A-Za-z0-9_.-]+)/g,
  )) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name && !dbs.has(name)) {
      dbs.add(name);
      a.envHints.push({ source: 'database', value: name });
    }
  }
  return [...dbs];
}

export function analyzeMongo(text: string): Analysis {
  const a = emptyAnalysis(true);
  a.contexts.push({ system: 'database' });
  const src = typeof text === 'string' ? text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ') : '';
  const add = (f: Finding): void => {
    if (a.findings.length < 200) a.findings.push(f);
    if (f.class !== 'read-only') a.readOnly = false;
  };
  const db = mongoDatabases(src, a)[0];
  const collections = new Set<string>();
  // db.<coll>.<method>( / db.getCollection('<coll>').<method>( / db.<method>(
  const re =
    /\bdb(?:\.getSiblingDB\([^)]*\))?(?:\.getCollection\(\s*['"`]([^'"`]+)['"`]\s*\)|\[\s*['"`]([^'"`]+)['"`]\s*\]|\.([A-Za-z_$][\w$]*))?\.([A-Za-z_$][\w$]*)\s*\(/g;
  let calls = 0;
  for (const m of src.matchAll(re)) {
    if (++calls > MAX_CALLS) {
      add({
        rule: 'sql.mongo-unknown',
        level: 'medium',
        message: `More than ${MAX_CALLS} calls; the rest were not read`,
        evidence: clip(src.slice(m.index ?? 0)),
        class: 'broad-change',
        reversibility: 'unknown',
      });
      a.counts.atLeast = true;
      break;
    }
    const coll = m[1] ?? m[2] ?? m[3];
    const method = m[4]!;
    const args = argsAt(src, (m.index ?? 0) + m[0].length - 1);
    const table = coll ? (db ? `${db}.${coll}` : coll) : undefined;
    if (table) collections.add(table);
    const tgt: Target[] = table ? [{ kind: 'table', name: table, op: 'delete' }] : [];
    judgeMongoCall({ method, args, ev: clip(m[0] + args + ')'), table, db, tgt }, add, a);
  }
  for (const t of collections) if (!a.targets.some((x) => x.name === t) && a.targets.length < 200) a.targets.push({ kind: 'table', name: t });
  if (collections.size) a.counts.tables = collections.size;
  const shellOnly = /^\s*(show\s+(dbs|databases|collections|tables|users|roles|profile)|use\s+\S+|it|exit|quit\(\)|db|db\.getName\(\))\s*;?\s*$/im;
  if (calls === 0) {
    if (!src.trim())
      a.findings.push({
        rule: 'sql.no-statement',
        level: 'low',
        message: 'Empty: nothing runs',
        evidence: '(empty)',
        class: 'read-only',
        reversibility: 'reversible',
      });
    else if (
      !src
        .split(/[\n;]/)
        .filter((l) => l.trim())
        .every((l) => shellOnly.test(l))
    ) {
      add({
        rule: 'sql.mongo-unknown',
        level: 'medium',
        message: 'MongoDB shell text this reader cannot follow',
        evidence: clip(src),
        class: 'broad-change',
        reversibility: 'unknown',
      });
    }
  }
  const worst = [...a.findings].sort(
    (x, y) => ['low', 'medium', 'high', 'critical'].indexOf(y.level) - ['low', 'medium', 'high', 'critical'].indexOf(x.level),
  )[0];
  a.summary =
    worst && worst.level !== 'low'
      ? worst.message
      : a.readOnly
        ? 'Reads only; changes nothing'
        : (worst?.message ?? `Writes to ${[...collections][0] ?? 'MongoDB'}`);
  return a;
}

const REDIS_READ = new Set(
  'GET MGET KEYS SCAN SSCAN HSCAN ZSCAN HGET HGETALL HMGET HKEYS HVALS HLEN HEXISTS HSTRLEN TTL PTTL TYPE EXISTS INFO PING DBSIZE LRANGE LLEN LINDEX LPOS SMEMBERS SISMEMBER SMISMEMBER SCARD SRANDMEMBER SINTER SUNION SDIFF ZRANGE ZRANGEBYSCORE ZREVRANGE ZRANK ZREVRANK ZSCORE ZCARD ZCOUNT XRANGE XREVRANGE XLEN XREAD XINFO STRLEN GETRANGE BITCOUNT BITPOS GETBIT RANDOMKEY ECHO TIME LASTSAVE ROLE OBJECT DUMP MEMORY SLOWLOG LATENCY SELECT AUTH HELLO CLIENT COMMAND MONITOR SUBSCRIBE PSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE PUBSUB QUIT WAIT READONLY READWRITE GEOPOS GEODIST GEOSEARCH GEORADIUS PFCOUNT JSON.GET FT.SEARCH FT.INFO TS.RANGE TS.GET'.split(
    ' ',
  ),
);
const REDIS_WRITE = new Set(
  'SET SETEX PSETEX SETNX MSET MSETNX APPEND INCR INCRBY INCRBYFLOAT DECR DECRBY HSET HSETNX HMSET HINCRBY HINCRBYFLOAT LPUSH RPUSH LPUSHX RPUSHX LINSERT LSET SADD ZADD ZINCRBY XADD EXPIRE PEXPIRE EXPIREAT PEXPIREAT PERSIST PUBLISH SETRANGE SETBIT PFADD GEOADD RENAME RENAMENX COPY MOVE RESTORE MULTI EXEC DISCARD WATCH UNWATCH BGSAVE SAVE BGREWRITEAOF JSON.SET TS.ADD LPOP RPOP SPOP ZPOPMIN ZPOPMAX BLPOP BRPOP LMOVE SMOVE GETSET GETEX'.split(
    ' ',
  ),
);
const REDIS_DELETE = new Set('DEL UNLINK HDEL SREM ZREM ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX LREM LTRIM XDEL XTRIM GETDEL JSON.DEL'.split(' '));
const REDIS_ADMIN = new Set('SHUTDOWN DEBUG SLAVEOF REPLICAOF FAILOVER SWAPDB MIGRATE MODULE SYNC PSYNC'.split(' '));

export function analyzeRedis(text: string): Analysis {
  const a = emptyAnalysis(true);
  a.contexts.push({ system: 'database' });
  const src = typeof text === 'string' ? text : '';
  const add = (f: Finding): void => {
    if (a.findings.length < 200) a.findings.push(f);
    a.readOnly = false;
  };
  let commands = 0;
  for (const raw of src.split(/\r?\n|;/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // redis-cli options before the command (-h host -p 6379 -n 0 --no-auth-warning …).
    const words = line.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? [];
    let k = 0;
    while (k < words.length && words[k]!.startsWith('-')) {
      const opt = words[k]!;
      if (/^-(h|p|a|n|u|s)$|^--(user|pass|host|port|tls|cacert|cert|key|sni)$/.test(opt)) {
        if (opt === '-h' || opt === '--host') a.envHints.push({ source: 'host', value: words[k + 1] ?? '' });
        k += 2;
      } else k++;
    }
    const cmd = (words[k] ?? '').toUpperCase();
    if (!cmd) continue;
    commands++;
    const sub = (words[k + 1] ?? '').toUpperCase();
    const ev = clip(line);
    if (cmd === 'FLUSHALL')
      add({
        rule: 'sql.redis-flushall',
        level: 'critical',
        message: 'Deletes every key in every Redis database (FLUSHALL)',
        evidence: ev,
        class: 'environment-teardown',
        reversibility: 'irreversible',
      });
    else if (cmd === 'FLUSHDB')
      add({
        rule: 'sql.redis-flushdb',
        level: 'high',
        message: 'Deletes every key in the Redis database (FLUSHDB)',
        evidence: ev,
        class: 'environment-teardown',
        reversibility: 'irreversible',
      });
    else if (REDIS_DELETE.has(cmd))
      add({
        rule: 'sql.redis-delete',
        level: 'medium',
        message: `Deletes data (${cmd} ${words.slice(k + 1, k + 3).join(' ')})`.trim(),
        evidence: ev,
        class: 'targeted-patch',
        reversibility: 'irreversible',
        targets: words[k + 1] ? [{ kind: 'other', name: words[k + 1]!, op: 'delete' }] : [],
      });
    else if (
      REDIS_ADMIN.has(cmd) ||
      (cmd === 'CONFIG' && (sub === 'SET' || sub === 'REWRITE' || sub === 'RESETSTAT')) ||
      (cmd === 'CLUSTER' && ['RESET', 'FAILOVER', 'FORGET', 'DELSLOTS', 'FLUSHSLOTS', 'SETSLOT'].includes(sub)) ||
      ((cmd === 'SCRIPT' || cmd === 'FUNCTION') && sub === 'FLUSH') ||
      (cmd === 'ACL' && ['DELUSER', 'SETUSER', 'LOAD'].includes(sub)) ||
      (cmd === 'CLIENT' && sub === 'KILL')
    ) {
      add({
        rule: 'sql.redis-admin',
        level: cmd === 'SHUTDOWN' || cmd === 'DEBUG' || cmd === 'SWAPDB' || sub === 'RESET' ? 'high' : 'medium',
        message: `${cmd}${sub ? ` ${sub}` : ''} acts on the whole server`,
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
    } else if (cmd === 'EVAL' || cmd === 'EVALSHA' || cmd === 'FCALL' || cmd === 'EVAL_RO') {
      if (cmd !== 'EVAL_RO')
        add({
          rule: 'sql.redis-script',
          level: /redis\.call\(\s*['"](del|unlink|flushall|flushdb)['"]/i.test(line) ? 'high' : 'medium',
          message: 'Runs a Lua script whose effect cannot be read',
          evidence: ev,
          class: 'broad-change',
          reversibility: 'unknown',
        });
    } else if (REDIS_READ.has(cmd) || (cmd === 'CONFIG' && sub === 'GET')) {
      if (cmd === 'SELECT' && words[k + 1]) a.envHints.push({ source: 'database', value: `db${words[k + 1]}` });
    } else if (REDIS_WRITE.has(cmd)) a.readOnly = false;
    else
      add({
        rule: 'sql.redis-unknown',
        level: 'medium',
        message: `A Redis command this reader does not know (${cmd.slice(0, 30)})`,
        evidence: ev,
        class: 'broad-change',
        reversibility: 'unknown',
      });
  }
  if (commands === 0)
    a.findings.push({
      rule: 'sql.no-statement',
      level: 'low',
      message: 'Empty: nothing runs',
      evidence: clip(src) || '(empty)',
      class: 'read-only',
      reversibility: 'reversible',
    });
  const worst = [...a.findings].sort(
    (x, y) => ['low', 'medium', 'high', 'critical'].indexOf(y.level) - ['low', 'medium', 'high', 'critical'].indexOf(x.level),
  )[0];
  a.summary =
    worst && worst.rule !== 'sql.no-statement'
      ? worst.message
      : a.readOnly
        ? 'Reads only; changes nothing'
        : `Writes ${commands === 1 ? 'a key' : `with ${commands} commands`}`;
  return a;
}
