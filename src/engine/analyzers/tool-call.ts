// Tool calls (MCP `mcp__server__tool` and any other named tool) with their input.
// Sees: calls that carry an action of another kind and hands it on (SQL in execute_sql/query →
// sql; a command in run_command/shell/exec/Bash → shell; path + content in write_file/Write →
// fileWrite; old/new text in edit tools → fileEdit; paths in delete_file → fileDelete; a manifest
// in kubectl-style tools → kubernetes; a path on GitHub, a bucket or a drive is not a local file
// and is judged by the name); otherwise reads the tool name's verb and object:
//   read verbs (get, list, read, search, describe, query, fetch…)       → read-only, low
//   create verbs (create, add, insert, comment…)                         → low
//   other mutating verbs (update, send, deploy, merge, run…)             → medium
//   destructive verbs (delete, drop, destroy, remove, truncate, purge,
//     terminate, wipe, flush…)                                           → medium, destructive;
//     high when the object holds data (table, bucket, volume, branch…), on many/all records, or
//     with an empty filter; environment-teardown when it is a database, project, cluster,
//     environment, stack, namespace or account
//   no known verb                                                        → low, with a note
//     (`tool.unknown`): a name that says nothing is not evidence of harm, and a team that wants
//     unknown tools confirmed says so with a policy rule on `tool`.
// Does not catch: a tool whose name lies about what it does, effects hidden in free-text input
// ("instructions" to another agent), or what a server does beyond the one call.
import type { Action, ToolCallAction, Target } from '../schema';
import { type Analysis, type AnalyzerContext, clip, emptyAnalysis, levelRank, mergeAnalysis } from '../analysis';
import { familyOf } from './sql/tokenize';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const READ = new Set(
  'get list read search describe fetch find show view count lookup browse inspect check explain diff log logs status info preview validate lint analyze summarize retrieve ping whoami echo head cat tail grep glob ls watch poll resolve query select scan stat stats history download export print render parse compare estimate'.split(
    ' ',
  ),
);
const CREATE = new Set('create add insert new comment append draft open fork generate make reply react star subscribe label tag note save'.split(' '));
const MUTATE = new Set(
  'update set write put patch modify edit change replace move rename upload send post publish push merge deploy apply release run execute exec invoke trigger start stop restart reboot shutdown scale enable disable grant assign approve commit import sync restore rollback migrate transfer pay charge refund close lock unlock cancel submit schedule rotate reindex upgrade downgrade install configure attach detach unassign unsubscribe mark toggle force rebase reset'.split(
    ' ',
  ),
);
const DESTROY = new Set(
  'delete drop destroy remove truncate purge terminate wipe erase rm unlink kill flush revoke uninstall deprovision teardown clear empty nuke evict expunge discard deregister unregister decommission'.split(
    ' ',
  ),
);
/** Verbs that act broadly even when they do not delete. */
const WIDE = new Set(
  'deploy apply release publish push merge migrate rollback restore stop shutdown reboot disable grant transfer pay charge refund rotate upgrade downgrade force rebase'.split(
    ' ',
  ),
);
const TEARDOWN_OBJECTS = new Set(
  'database databases db dbs schema project projects environment environments env envs cluster clusters stack stacks namespace namespaces account accounts organization organizations org orgs workspace workspaces tenant tenants subscription subscriptions'.split(
    ' ',
  ),
);
/** Running infrastructure: deleting it is high, whether it can be rebuilt is unknown. */
const INFRA_OBJECTS = new Set(
  'site sites app apps application applications service services instance instances server servers deployment deployments function functions vm vms machine machines node nodes domain domains zone zones'.split(
    ' ',
  ),
);
const DATA_OBJECTS = new Set(
  'table tables collection collections bucket buckets volume volumes index indexes indices branch branches repository repositories repo repos dataset datasets backup backups snapshot snapshots topic topics queue queues secret secrets key keys disk disks file files folder folders directory directories document documents objects storage data'.split(
    ' ',
  ),
);
const BULK = new Set('all many bulk batch everything multiple'.split(' '));

/** Input keys whose values stay out of evidence. */
const SECRET_KEY = /pass(word|phrase)?|secret|token|api_?key|credential|auth|private_?key|cookie|session/i;
const SQL_START =
  /^\s*(\(|with|select|insert|update|delete|drop|create|alter|truncate|grant|revoke|merge|replace|call|do|exec|execute|explain|show|set|begin|copy|vacuum|analyze|use|describe|pragma|upsert|values)\b/i;
const ENV_KEY =
  /^(env|environment|stage|project(_?id|_?ref|_?name)?|database(_?name)?|db(_?name)?|namespace|cluster(_?name)?|context|account(_?id)?|workspace|stack(_?name)?|bucket(_?name)?|profile|branch)$/i;

export interface ToolName {
  server?: string;
  name: string;
  words: string[];
}

/** `mcp__github__delete_branch` → server github, words [delete, branch]; camelCase and kebab too. */
export function parseToolName(tool: string): ToolName {
  let server: string | undefined;
  let name = tool;
  const mcp = /^mcp__(.+?)__(.+)$/.exec(tool);
  if (mcp) {
    server = mcp[1];
    name = mcp[2]!;
  } else {
    const seg = tool.split(/[./:]/).filter(Boolean);
    if (seg.length > 1) {
      server = seg.slice(0, -1).join('.');
      name = seg[seg.length - 1]!;
    }
  }
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return { ...(server ? { server } : {}), name, words };
}

const pickStr = (o: Record<string, unknown>, keys: string[]): [string, string] | undefined => {
  for (const k of keys) if (typeof o[k] === 'string') return [k, o[k]];
  return undefined;
};

/** The action a tool call carries, when its name and input say it carries one. */
function delegated(tn: ToolName, input: unknown): { action: Action; via: string } | undefined {
  const w = new Set(tn.words);
  const server = (tn.server ?? '').toLowerCase();
  const o = isObj(input) ? input : undefined;
  const shellish = ['bash', 'shell', 'sh', 'terminal', 'command', 'cmd', 'powershell', 'pwsh', 'exec', 'run', 'execute', 'process', 'console'].some((x) =>
    w.has(x),
  );
  const sqlish =
    w.has('sql') ||
    w.has('query') ||
    w.has('execute') ||
    w.has('exec') ||
    w.has('run') ||
    /sql|postgres|mysql|sqlite|supabase|neon|database|db\b|redshift|snowflake|bigquery|clickhouse/.test(server);

  if (o) {
    // SQL first: `execute_sql {query}` also looks like a shell-ish "execute".
    const sql = pickStr(o, ['sql', 'query', 'statement', 'sql_query', 'sqlQuery', 'queryText']);
    if (sql && sqlish && (SQL_START.test(sql[1]) || w.has('sql') || sql[0] === 'sql' || sql[0] === 'statement')) {
      const dialect =
        typeof o.dialect === 'string'
          ? o.dialect
          : /mongo/.test(server)
            ? 'mongodb'
            : /redis|valkey/.test(server)
              ? 'redis'
              : familyOf(server.replace(/[-_].*$/, '')) !== 'generic'
                ? server.replace(/[-_].*$/, '')
                : /supabase|neon|postgres|pg/.test(server)
                  ? 'postgresql'
                  : /mysql|planetscale/.test(server)
                    ? 'mysql'
                    : undefined;
      return { action: { kind: 'sql', statement: sql[1], ...(dialect ? { dialect } : {}) }, via: `${tn.name} ${sql[0]}` };
    }
    const cmd = pickStr(o, ['command', 'cmd', 'script', 'commandLine', 'command_line', 'shell_command']);
    // A redis or mongo server's "command" is a database command, not a shell line.
    if (cmd && /redis|valkey|keydb/.test(server)) return { action: { kind: 'sql', statement: cmd[1], dialect: 'redis' }, via: `${tn.name} ${cmd[0]}` };
    if (cmd && /mongo/.test(server)) return { action: { kind: 'sql', statement: cmd[1], dialect: 'mongodb' }, via: `${tn.name} ${cmd[0]}` };
    if (cmd && shellish) {
      const cwd = pickStr(o, ['cwd', 'workdir', 'working_directory', 'workingDirectory', 'directory', 'dir']);
      return { action: { kind: 'shell', command: cmd[1], ...(cwd ? { cwd: cwd[1] } : {}) }, via: `${tn.name} ${cmd[0]}` };
    }
    if (Array.isArray(o.command) && o.command.every((x) => typeof x === 'string') && shellish) {
      return {
        action: { kind: 'shell', command: o.command.map((x) => (/^[\w@%+=:,./-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`)).join(' ') },
        via: `${tn.name} command`,
      };
    }
    // A path on a remote service (a GitHub repo, a bucket, a drive) is not a local file.
    const remote =
      /(^|[-_.])(github|gitlab|bitbucket|gitea|s3|gcs|gdrive|google-drive|drive|dropbox|box|notion|confluence|sharepoint|onedrive)($|[-_.])/.test(server) ||
      ['owner', 'repo', 'repository', 'bucket', 'branch', 'project_id', 'drive_id'].some((k) => k in o);
    const path = remote ? undefined : pickStr(o, ['file_path', 'filePath', 'path', 'filename', 'file', 'target_file', 'targetFile', 'notebook_path']);
    const content = pickStr(o, ['content', 'contents', 'text', 'file_text', 'fileText', 'data', 'body']);
    const manifest = pickStr(o, ['manifest', 'manifests', 'yaml', 'yamlContent', 'resource_yaml']);
    if (manifest && (/kube|k8s|kubectl|helm|openshift/.test(server) || w.has('kubectl') || w.has('manifest') || w.has('k8s'))) {
      const operation =
        w.has('delete') || w.has('remove') ? 'delete' : w.has('create') ? 'create' : w.has('replace') ? 'replace' : w.has('patch') ? 'patch' : 'apply';
      return { action: { kind: 'kubernetes', manifests: manifest[1], operation }, via: `${tn.name} ${manifest[0]}` };
    }
    if (
      path &&
      (w.has('delete') || w.has('remove') || w.has('rm') || w.has('unlink')) &&
      (w.has('file') || w.has('files') || w.has('path') || w.has('directory') || w.has('folder') || tn.words.length === 1)
    ) {
      return { action: { kind: 'fileDelete', paths: [path[1]] }, via: `${tn.name} ${path[0]}` };
    }
    if (Array.isArray(o.paths) && o.paths.every((p) => typeof p === 'string') && (w.has('delete') || w.has('remove'))) {
      return { action: { kind: 'fileDelete', paths: o.paths }, via: `${tn.name} paths` };
    }
    const oldNew = (e: unknown): { oldText: string; newText: string } | undefined => {
      if (!isObj(e)) return undefined;
      const oldText = pickStr(e, ['oldText', 'old_text', 'old_string', 'oldString', 'old_str', 'search']);
      const newText = pickStr(e, ['newText', 'new_text', 'new_string', 'newString', 'new_str', 'replace']);
      return oldText && newText ? { oldText: oldText[1], newText: newText[1] } : undefined;
    };
    if (path && (w.has('edit') || w.has('replace') || w.has('str') || w.has('patch') || w.has('multi') || w.has('update'))) {
      const single = oldNew(o);
      const many = Array.isArray(o.edits) ? o.edits.map(oldNew) : [];
      const edits = single ? [single] : many.every(Boolean) && many.length ? (many as { oldText: string; newText: string }[]) : undefined;
      if (edits) return { action: { kind: 'fileEdit', path: path[1], edits }, via: `${tn.name} ${path[0]}` };
      const diff = pickStr(o, ['diff', 'patch']);
      if (diff) return { action: { kind: 'fileEdit', path: path[1], diff: diff[1] }, via: `${tn.name} ${path[0]}` };
    }
    if (path && content && (w.has('write') || w.has('create') || w.has('save') || w.has('put') || w.has('overwrite'))) {
      return { action: { kind: 'fileWrite', path: path[1], content: content[1] }, via: `${tn.name} ${path[0]}` };
    }
  } else if (typeof input === 'string' && shellish && input.trim()) {
    return { action: { kind: 'shell', command: input }, via: tn.name };
  } else if (typeof input === 'string' && w.has('sql') && input.trim()) {
    return { action: { kind: 'sql', statement: input }, via: tn.name };
  }
  return undefined;
}

/**
 * What an unknown tool's input holds, whatever the tool is called: a shell command, SQL, a
 * manifest. A tool nobody listed that carries `{"command": "rm -rf ~"}` is judged as that command
 * (a renamed or wrapped shell tool must not be a way around the guard).
 */
function carried(input: unknown): { action: Action; via: string } | undefined {
  if (!isObj(input)) return undefined;
  const cmd = pickStr(input, ['command', 'cmd', 'script', 'commandLine', 'command_line', 'shell_command', 'shell', 'bash']);
  if (cmd && cmd[1].trim()) {
    const cwd = pickStr(input, ['cwd', 'workdir', 'working_directory', 'workingDirectory', 'directory', 'dir']);
    return { action: { kind: 'shell', command: cmd[1], ...(cwd ? { cwd: cwd[1] } : {}) }, via: `input ${cmd[0]}` };
  }
  if (Array.isArray(input.command) && input.command.length && input.command.every((x) => typeof x === 'string')) {
    return {
      action: { kind: 'shell', command: input.command.map((x) => (/^[\w@%+=:,./-]+$/.test(x) ? x : `'${x.replace(/'/g, `'\\''`)}'`)).join(' ') },
      via: 'input command',
    };
  }
  const sql = pickStr(input, ['sql', 'query', 'statement', 'sql_query', 'sqlQuery', 'queryText']);
  if (sql && SQL_START.test(sql[1])) return { action: { kind: 'sql', statement: sql[1] }, via: `input ${sql[0]}` };
  const manifest = pickStr(input, ['manifest', 'manifests', 'yaml', 'yamlContent', 'resource_yaml']);
  if (manifest && /^\s*apiVersion\s*:/m.test(manifest[1]) && /^\s*kind\s*:/m.test(manifest[1]))
    return { action: { kind: 'kubernetes', manifests: manifest[1] }, via: `input ${manifest[0]}` };
  return undefined;
}

function targetOf(input: unknown, objectWord: string | undefined, op: Target['op']): Target | undefined {
  if (!isObj(input)) return undefined;
  const byKey: [string[], Target['kind']][] = [
    [['database', 'database_name', 'databaseName', 'db', 'dbName'], 'database'],
    [['table', 'table_name', 'tableName', 'collection', 'collectionName'], 'table'],
    [['bucket', 'bucket_name', 'bucketName'], 'bucket'],
    [['namespace'], 'namespace'],
    [['cluster', 'cluster_name', 'clusterName'], 'cluster'],
    [['stack', 'stack_name', 'stackName'], 'stack'],
    [['branch', 'branch_name', 'branchName'], 'branch'],
    [['repo', 'repository', 'repo_name'], 'repository'],
  ];
  for (const [keys, kind] of byKey) {
    const v = pickStr(input, keys);
    if (v) return { kind, name: v[1], op };
  }
  const id = pickStr(input, ['name', 'id', 'project_id', 'projectId', 'project_ref', 'resource', 'resource_id', 'key', 'path', 'url', 'identifier']);
  if (!id) return undefined;
  const kind: Target['kind'] =
    objectWord === 'database' || objectWord === 'db'
      ? 'database'
      : objectWord === 'table' || objectWord === 'collection'
        ? 'table'
        : objectWord === 'bucket'
          ? 'bucket'
          : objectWord === 'namespace'
            ? 'namespace'
            : objectWord === 'cluster'
              ? 'cluster'
              : objectWord === 'stack'
                ? 'stack'
                : objectWord === 'branch'
                  ? 'branch'
                  : 'other';
  return { kind, name: id[1], op };
}

/** `{}` or missing under filter/query/where/criteria: the call acts on every record. */
function emptyFilter(input: unknown): boolean {
  if (!isObj(input)) return false;
  for (const k of ['filter', 'where', 'criteria', 'selector', 'match']) {
    if (k in input) {
      const v = input[k];
      return (isObj(v) && Object.keys(v).length === 0) || v === '' || v === '{}';
    }
  }
  return false;
}

/** Tools that run an editor command by id (VS Code's run_vscode_command and its spellings). */
const EDITOR_COMMAND_TOOL = /^(run_?vscode_?command|vscode_?run_?command|execute_?command|run_?command|executecommand)$/i;
/** Editor commands an agent must never run: ours (answering its own question), and settings writes. */
const GUARD_COMMAND = /^(blastRadius\.|workbench\.action\.(openSettingsJson|openWorkspaceSettingsFile)|chat\.tools\.)/;

/**
 * The command id when the call runs an editor command that would answer or loosen the guard
 * (`blastRadius.allowPending` with the typed target, for one): critical guard tampering.
 */
function guardCommand(name: string, input: unknown): string | undefined {
  if (!EDITOR_COMMAND_TOOL.test(name) || !isObj(input)) return undefined;
  for (const key of ['commandId', 'command', 'id', 'name']) {
    const v = input[key];
    if (typeof v === 'string' && GUARD_COMMAND.test(v.trim())) return v.trim();
  }
  return undefined;
}

export function analyzeToolCall(action: ToolCallAction, ctx: AnalyzerContext): Analysis {
  const tool = typeof action.tool === 'string' ? action.tool : '';
  const tn = parseToolName(tool);
  const input = action.input;
  const hints: Analysis['envHints'] = [];
  if (tn.server) hints.push({ source: 'mcp server', value: tn.server });
  if (isObj(input)) {
    for (const [k, v] of Object.entries(input))
      if (ENV_KEY.test(k) && typeof v === 'string' && v.length < 200) hints.push({ source: `tool input ${k}`, value: v });
  }

  const guard = guardCommand(tn.name, input);
  if (guard) {
    const a = emptyAnalysis();
    a.envHints.push(...hints);
    a.findings.push({
      rule: 'tool.guard-command',
      level: 'critical',
      message: `Runs the editor command ${guard}: an agent answering or changing its own guard`,
      evidence: clip(`${tool} ${JSON.stringify(input) ?? ''}`),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    a.summary = `Runs ${guard} (guard tampering: an agent must not answer its own confirmation)`;
    return a;
  }

  // A session the agent can type into unseen (Codex exec_command with a tty, a bare `bash`, a REPL).
  if (/^start_interactive_session$/i.test(tn.name)) {
    const a = emptyAnalysis();
    a.envHints.push(...hints);
    const program = isObj(input) && typeof input.program === 'string' ? input.program : 'a shell';
    a.findings.push({
      rule: 'shell.interactive-session',
      level: 'medium',
      message: `Starts an interactive ${program} the agent can type into afterwards, unseen by the guard`,
      evidence: clip(`${tool} ${JSON.stringify(input) ?? ''}`),
      class: 'broad-change',
      reversibility: 'unknown',
    });
    a.summary = a.findings[0]!.message;
    return a;
  }

  const inner = delegated(tn, input);
  if (inner) {
    const a = emptyAnalysis(true);
    mergeAnalysis(a, ctx.nested(inner.action, inner.via));
    a.envHints.push(...hints);
    a.summary = a.summary ? `${tn.name}: ${a.summary}` : undefined;
    if (!a.summary) delete a.summary;
    return a;
  }

  const a = judgeByName(tool, tn, input, hints);
  // Whatever the name says, what the input carries is judged too, and the worse one leads.
  const c = carried(input);
  if (c) {
    const sub = ctx.nested(c.action, `${tn.name} ${c.via}`);
    const before = a.findings.reduce((m, f) => Math.max(m, levelRank(f.level)), -1);
    const after = sub.findings.reduce((m, f) => Math.max(m, levelRank(f.level)), -1);
    const summary = after > before && sub.summary ? `${tn.name}: ${sub.summary}` : a.summary;
    const wasRead = a.readOnly;
    mergeAnalysis(a, sub);
    a.readOnly = wasRead && sub.readOnly;
    if (summary) a.summary = summary;
  }
  return a;
}

/** The tool name's verb and object decide (when the input carries no action of its own). */
function judgeByName(tool: string, tn: ToolName, input: unknown, hints: Analysis['envHints']): Analysis {
  const a = emptyAnalysis();
  a.envHints.push(...hints);
  const ev = clip(
    `${tool} ${input === undefined ? '' : (JSON.stringify(input, (k, v: unknown) => (SECRET_KEY.test(k) && v !== null && typeof v !== 'object' ? '…' : v)) ?? '')}`,
  );
  const isVerb = (x: string): boolean => READ.has(x) || CREATE.has(x) || MUTATE.has(x) || DESTROY.has(x);
  let verbAt = tn.words.findIndex(isVerb);
  // The first verb names the call (get_deploy_status reads), but verbs joined by or/and
  // (create_or_update_file, find_and_replace) count at their strongest.
  const strength = (x: string): number => (DESTROY.has(x) ? 3 : MUTATE.has(x) ? 2 : CREATE.has(x) ? 1 : 0);
  for (let i = verbAt; i >= 0 && (tn.words[i + 1] === 'or' || tn.words[i + 1] === 'and') && tn.words[i + 2] && isVerb(tn.words[i + 2]!); i += 2) {
    if (strength(tn.words[i + 2]!) > strength(tn.words[verbAt]!)) verbAt = i + 2;
  }
  const verb = verbAt >= 0 ? tn.words[verbAt]! : undefined;
  const others = tn.words.filter((_, i) => i !== verbAt);
  const teardownObj = others.find((x) => TEARDOWN_OBJECTS.has(x));
  const dataObj = others.find((x) => DATA_OBJECTS.has(x));
  const infraObj = others.find((x) => INFRA_OBJECTS.has(x));
  const bulk = others.some((x) => BULK.has(x)) || emptyFilter(input);
  const who = tn.server ? ` on ${tn.server}` : '';

  if (!tool.trim()) {
    a.findings.push({
      rule: 'tool.unknown',
      level: 'medium',
      message: 'A tool call without a tool name',
      evidence: ev || '(empty)',
      class: 'broad-change',
      reversibility: 'unknown',
    });
    a.summary = 'A tool call without a name';
    return a;
  }
  // A destructive word anywhere wins over a read verb first (`get_and_delete`).
  const destroyWord = tn.words.find((x) => DESTROY.has(x));
  if (destroyWord) {
    const obj = teardownObj ?? dataObj ?? infraObj;
    const t = targetOf(input, obj, 'delete');
    if (teardownObj && !['revoke', 'evict', 'discard', 'clear', 'kill'].includes(destroyWord)) {
      a.findings.push({
        rule: 'tool.destroy-environment',
        level: 'high',
        message: `${tn.name}${who} ${destroyWord === 'delete' || destroyWord === 'remove' ? 'deletes' : `${destroyWord}s`} a ${teardownObj} and everything in it`,
        evidence: ev,
        class: 'environment-teardown',
        reversibility: 'irreversible',
        ...(t ? { targets: [t] } : {}),
      });
    } else if (infraObj && !dataObj && !bulk) {
      a.findings.push({
        rule: 'tool.destructive',
        level: 'high',
        message: `${tn.name}${who} deletes a running ${infraObj.replace(/s$/, '')}`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'unknown',
        ...(t ? { targets: [t] } : {}),
      });
    } else if (dataObj || bulk || ['drop', 'truncate', 'purge', 'wipe', 'flush', 'nuke', 'expunge', 'destroy', 'terminate', 'empty'].includes(destroyWord)) {
      a.findings.push({
        rule: 'tool.destructive',
        level: 'high',
        message: `${tn.name}${who} ${bulk ? 'deletes every matching record' : `destroys ${dataObj ? `a ${dataObj.replace(/s$/, '')}` : 'data'}`}`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'irreversible',
        ...(t ? { targets: [t] } : {}),
      });
    } else {
      a.findings.push({
        rule: 'tool.destructive',
        level: 'medium',
        message: `${tn.name}${who} deletes or removes something`,
        evidence: ev,
        class: 'destructive',
        reversibility: 'unknown',
        ...(t ? { targets: [t] } : {}),
      });
    }
    if (t) a.targets.push(t);
    a.summary = a.findings[0]!.message;
    return a;
  }
  if (verb && READ.has(verb)) {
    a.readOnly = true;
    a.summary = `Reads: ${tn.name}${who}`;
    return a;
  }
  if (verb && CREATE.has(verb)) {
    const t = targetOf(input, teardownObj ?? dataObj, 'create');
    if (t) a.targets.push(t);
    a.findings.push({
      rule: 'tool.create',
      level: 'low',
      message: `${tn.name}${who} creates something`,
      evidence: ev,
      class: 'targeted-patch',
      reversibility: 'reversible',
      ...(t ? { targets: [t] } : {}),
    });
    a.summary = a.findings[0]!.message;
    return a;
  }
  if (verb && MUTATE.has(verb)) {
    const wide = WIDE.has(verb) || bulk;
    const t = targetOf(input, teardownObj ?? dataObj, 'modify');
    if (t) a.targets.push(t);
    a.findings.push({
      rule: 'tool.mutating',
      level: 'medium',
      message: `${tn.name}${who} changes something${bulk ? ' across every matching record' : ''}`,
      evidence: ev,
      class: wide ? 'broad-change' : 'targeted-patch',
      reversibility: 'unknown',
      ...(t ? { targets: [t] } : {}),
    });
    a.summary = a.findings[0]!.message;
    return a;
  }
  a.findings.push({
    rule: 'tool.unknown',
    level: 'low',
    message: `${tn.name}${who}: nothing in its name says whether it reads or changes anything`,
    evidence: ev,
    class: 'targeted-patch',
    reversibility: 'unknown',
  });
  a.summary = `Calls ${tn.name}${who} (unknown tool)`;
  return a;
}
