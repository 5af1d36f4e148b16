// Where an action lands: the Kubernetes context and namespace (KUBECONFIG or ~/.kube/config, read as
// YAML, overridden by --context/-n), the AWS profile, region and account (flags, env vars,
// ~/.aws/config), and the Terraform workspace and backend (TF_WORKSPACE, .terraform/environment,
// .terraform/terraform.tfstate). Reads files only; runs nothing.
// Does not catch: exec credential plugins, SSO sessions that expired, a -chdir'd Terraform folder.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
      const b = (JSON.parse(state) as { backend?: { type?: unknown } }).backend;
      if (typeof b?.type === 'string') out.backend = b.type;
    } catch {
      /* not JSON */
    }
  }
  return out;
}
