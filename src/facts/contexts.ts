// Where an action lands: the Kubernetes context and namespace (KUBECONFIG or ~/.kube/config, read as
// YAML, overridden by --context/-n), the AWS profile, region and account (flags, env vars,
// ~/.aws/config), and the Terraform workspace, backend and what the folder's configuration names
// (TF_WORKSPACE, .terraform/environment, .terraform/terraform.tfstate, the backend block, module
// sources and literal resource names in *.tf). Reads files only; runs nothing.
// Does not catch: exec credential plugins, SSO sessions that expired, names built by expressions
// or variables (`"${var.env}-db"`), backends configured only on the command line.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MAX_CONFIG_BYTES } from './budget';

/** Reads at most `max` bytes of a file as UTF-8; undefined when missing or unreadable. */
export function readSmall(file: string, max = MAX_CONFIG_BYTES): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(max, st.size + 1));
    max = buf.length;
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, max - n, null);
      if (got <= 0) break;
      n += got;
      if (n >= max) break;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* ignore */
      }
    }
  }
}

export interface KubeFacts {
  context?: string;
  namespace?: string;
  cluster?: string;
  /** Which file the context came from. */
  source?: string;
  problem?: string;
}

interface KubeConfigDoc {
  'current-context'?: unknown;
  contexts?: unknown;
}

/** The kube context an action uses: --context beats current-context; -n beats the context's namespace. */
export function kubeFacts(env: NodeJS.ProcessEnv, home: string, explicit: { context?: string; namespace?: string } = {}): KubeFacts {
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(home, '.kube', 'config')];
  let current: string | undefined;
  let source: string | undefined;
  const contexts = new Map<string, { namespace?: string; cluster?: string }>();
  let problem: string | undefined;
  let readAny = false;
  for (const f of files) {
    const text = readSmall(f);
    if (text === undefined) continue;
    readAny = true;
    let doc: KubeConfigDoc | undefined;
    try {
      // yaml costs ~25 ms to load: only when a kube config is really read.
      const { parse: parseYaml } = require('yaml') as typeof import('yaml');
      doc = parseYaml(text, { maxAliasCount: 100 }) as KubeConfigDoc | undefined;
    } catch {
      problem = `${f} is not valid YAML`;
      continue;
    }
    if (!doc || typeof doc !== 'object') continue;
    // As kubectl merges: the first file that sets current-context wins, first definition of a name wins.
    if (current === undefined && typeof doc['current-context'] === 'string' && doc['current-context']) {
      current = doc['current-context'];
      source = f;
    }
    if (Array.isArray(doc.contexts)) {
      for (const c of doc.contexts as unknown[]) {
        if (!c || typeof c !== 'object') continue;
        const name = (c as { name?: unknown }).name;
        const ctx = (c as { context?: unknown }).context as { namespace?: unknown; cluster?: unknown } | undefined;
        if (typeof name !== 'string' || contexts.has(name)) continue;
        contexts.set(name, {
          ...(typeof ctx?.namespace === 'string' ? { namespace: ctx.namespace } : {}),
          ...(typeof ctx?.cluster === 'string' ? { cluster: ctx.cluster } : {}),
        });
      }
    }
  }
  const context = explicit.context ?? current;
  const out: KubeFacts = {};
  if (context) out.context = context;
  const def = context ? contexts.get(context) : undefined;
  const ns = explicit.namespace ?? def?.namespace ?? (context ? 'default' : undefined);
  if (ns) out.namespace = ns;
  if (def?.cluster) out.cluster = def.cluster;
  if (source && !explicit.context) out.source = source;
  if (problem) out.problem = problem;
  else if (!readAny && !explicit.context) out.problem = `no kubeconfig (${files.join(delimiter)})`;
  return out;
}

/** A tiny INI reader for ~/.aws/config and credentials: `[section]` and `key = value`. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let cur: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (sec) {
      const name = sec[1]!.replace(/\s+/g, ' ');
      cur = out.get(name) ?? new Map();
      out.set(name, cur);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv && cur && !/^\s/.test(raw)) cur.set(kv[1]!.trim().toLowerCase(), kv[2]!.trim());
  }
  return out;
}

export interface AwsFacts {
  profile?: string;
  region?: string;
  account?: string;
  source?: string;
}

export function awsFacts(env: NodeJS.ProcessEnv, home: string, explicit: { profile?: string; region?: string } = {}): AwsFacts {
  const profile = explicit.profile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  const source = explicit.profile ? '--profile' : env.AWS_PROFILE ? 'AWS_PROFILE' : env.AWS_DEFAULT_PROFILE ? 'AWS_DEFAULT_PROFILE' : undefined;
  const file = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const text = readSmall(file);
  const ini = text ? parseIni(text) : new Map<string, Map<string, string>>();
  const section = ini.get(profile === 'default' ? 'default' : `profile ${profile}`) ?? ini.get(profile);
  const out: AwsFacts = { profile };
  const region = explicit.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? section?.get('region');
  if (region) out.region = region;
  const account = section?.get('sso_account_id') ?? /arn:aws[\w-]*:iam::(\d{12}):/.exec(section?.get('role_arn') ?? '')?.[1];
  if (account) out.account = account;
  out.source = source ?? (section ? file : 'default');
  return out;
}

export interface TerraformFacts {
  workspace: string;
  backend?: string;
  source: string;
  /** The backend's state key or prefix (`prod/terraform.tfstate`). */
  backendKey?: string;
  /** Module sources (`../modules/prod-db`). */
  modules?: string[];
  /** Literal resource names (identifier, name, bucket…), in file order. */
  names?: string[];
}

/** *.tf files read per folder, and bytes per file: a configuration folder, not a monorepo. */
const MAX_TF_FILES = 32;
const MAX_TF_BYTES = 256 * 1024;
const MAX_NAMES = 50;
/** Attributes whose literal value names a real thing a destroy would remove. */
const NAME_ATTRS =
  'name|identifier|bucket|cluster_identifier|cluster_name|db_name|database_name|table_name|function_name|stack_name|repository_name|topic_name|queue_name|domain_name|project|namespace';

/**
 * The backend key, module sources and literal resource names of the Terraform configuration in
 * `dir`, read from its *.tf files (sorted by name, bounded). Line comments are skipped; values
 * holding `${…}` are left out (only a literal names something for sure).
 */
export function terraformConfig(dir: string): Pick<TerraformFacts, 'backendKey' | 'modules' | 'names' | 'backend'> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.tf'))
      .sort()
      .slice(0, MAX_TF_FILES);
  } catch {
    return {};
  }
  const out: Pick<TerraformFacts, 'backendKey' | 'modules' | 'names' | 'backend'> = {};
  const modules: string[] = [];
  const names: string[] = [];
  for (const f of files) {
    const raw = readSmall(join(dir, f), MAX_TF_BYTES);
    if (!raw) continue;
    let text = raw.replace(/^\s*(#|\/\/).*$/gm, '');
    const backend = /\bbackend\s+"([\w-]+)"\s*\{([^}]*)\}/.exec(text);
    if (backend && !out.backend) {
      out.backend = backend[1]!;
      const key = /\b(?:key|prefix|workspace_key_prefix|path)\s*=\s*"([^"$]+)"/.exec(backend[2]!)?.[1];
      if (key) out.backendKey = key;
    }
    // What a destroy does not remove: the state's own bucket, providers' settings, data sources.
    if (backend) text = text.replace(backend[0], '');
    text = text.replace(/\b(?:provider|data)\s+"[^"]*"(?:\s+"[^"]*")?\s*\{[^{}]*\}/g, '');
    for (const m of text.matchAll(/\bmodule\s+"[^"]+"\s*\{[^}]*?\bsource\s*=\s*"([^"$]+)"/g)) if (!modules.includes(m[1]!)) modules.push(m[1]!);
    for (const m of text.matchAll(new RegExp(`^\\s*(?:${NAME_ATTRS})\\s*=\\s*"([^"$]+)"`, 'gm')))
      if (names.length < MAX_NAMES && !names.includes(m[1]!)) names.push(m[1]!);
  }
  if (modules.length) out.modules = modules;
  if (names.length) out.names = names;
  return out;
}

export function terraformFacts(env: NodeJS.ProcessEnv, dir: string): TerraformFacts {
  const dataDir = env.TF_DATA_DIR ? join(dir, env.TF_DATA_DIR) : join(dir, '.terraform');
  let workspace = 'default';
  let source = 'default';
  if (env.TF_WORKSPACE) {
    workspace = env.TF_WORKSPACE;
    source = 'TF_WORKSPACE';
  } else {
    const text = readSmall(join(dataDir, 'environment'), 4096);
    if (text?.trim()) {
      workspace = text.trim();
      source = join(dataDir, 'environment');
    }
  }
  const out: TerraformFacts = { workspace, source };
  const state = readSmall(join(dataDir, 'terraform.tfstate'), 1024 * 1024);
  if (state) {
    try {
      // The backend `terraform init` configured: its key beats what the files say now.
      const b = (JSON.parse(state) as { backend?: { type?: unknown; config?: Record<string, unknown> } }).backend;
      if (typeof b?.type === 'string') out.backend = b.type;
      const key = ['key', 'prefix', 'workspace_key_prefix', 'path'].map((k) => b?.config?.[k]).find((v): v is string => typeof v === 'string' && v.length > 0);
      if (key) out.backendKey = key;
    } catch {
      /* not JSON */
    }
  }
  const config = terraformConfig(dir);
  if (!out.backend && config.backend) out.backend = config.backend;
  if (!out.backendKey && config.backendKey) out.backendKey = config.backendKey;
  if (config.modules) out.modules = config.modules;
  if (config.names) out.names = config.names;
  return out;
}
