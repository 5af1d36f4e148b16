// Turns a file's name and text into an Action: Terraform plan JSON, CloudFormation change set
// JSON, an Action as JSON, SQL, a unified diff, Kubernetes YAML, a shell script, or a written plan.
import type { Action, ActionKind } from './schema';

export type DetectResult = { ok: true; action: Action } | { ok: false; error: string };

const EXT_KIND: Record<string, ActionKind> = {
  sql: 'sql',
  diff: 'fileEdit',
  patch: 'fileEdit',
  md: 'plan',
  markdown: 'plan',
  txt: 'plan',
  yaml: 'kubernetes',
  yml: 'kubernetes',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ps1: 'shell',
  cmd: 'shell',
  bat: 'shell',
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTerraformPlan(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'format_version' in v && ('resource_changes' in v || 'planned_values' in v || 'terraform_version' in v);
}

function isChangeSet(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'Changes' in v && Array.isArray(v.Changes);
}

/** Builds the action of kind `kind` from a file's text. */
export function actionFromText(kind: ActionKind, text: string, fileName = ''): DetectResult {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  switch (kind) {
    case 'shell':
      return {
        ok: true,
        action: { kind, command: text, ...(ext === 'ps1' ? { shell: 'pwsh' as const } : ext === 'cmd' || ext === 'bat' ? { shell: 'cmd' as const } : {}) },
      };
    case 'sql':
      return { ok: true, action: { kind, statement: text } };
    case 'plan':
      return { ok: true, action: { kind, text } };
    case 'kubernetes':
      return { ok: true, action: { kind, manifests: text } };
    case 'fileEdit': {
      const m = /^\+\+\+ (?:b\/)?([^\t\n]+)/m.exec(text);
      return { ok: true, action: { kind, path: m?.[1]?.trim() ?? fileName, diff: text } };
    }
    case 'terraformPlan':
    case 'cloudformationChangeSet': {
      const json = parseJson(text);
      if (json === undefined) return { ok: false, error: `${fileName || 'input'} is not valid JSON` };
      return { ok: true, action: kind === 'terraformPlan' ? { kind, plan: json } : { kind, changeSet: json } };
    }
    case 'fileWrite':
      return { ok: true, action: { kind, path: fileName, content: text } };
    case 'fileDelete':
      return {
        ok: true,
        action: {
          kind,
          paths: text
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        },
      };
    case 'toolCall': {
      const json = parseJson(text);
      if (!json || typeof json !== 'object' || typeof (json as { tool?: unknown }).tool !== 'string')
        return { ok: false, error: `${fileName || 'input'} is not a tool call ({"tool": "...", "input": {...}})` };
      return { ok: true, action: { kind, tool: (json as { tool: string }).tool, input: (json as { input?: unknown }).input } };
    }
  }
}

/** Detects the kind of a file from its extension and content. */
export function detectKind(fileName: string, text: string): DetectResult {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const trimmed = text.trimStart();
  if (ext === 'json' || trimmed.startsWith('{')) {
    const json = parseJson(text);
    if (json === undefined) return { ok: false, error: `${fileName} is not valid JSON` };
    if (isTerraformPlan(json)) return { ok: true, action: { kind: 'terraformPlan', plan: json } };
    if (isChangeSet(json)) return { ok: true, action: { kind: 'cloudformationChangeSet', changeSet: json } };
    if (json && typeof json === 'object' && typeof (json as { kind?: unknown }).kind === 'string')
      return { ok: false, error: `${fileName} looks like an Action; pass it with --kind or as 'assess -' on stdin` };
    return { ok: false, error: `${fileName}: JSON that is neither a Terraform plan (terraform show -json) nor a CloudFormation change set` };
  }
  const byExt = EXT_KIND[ext];
  if (byExt === 'plan' && /^(diff --git|--- |\+\+\+ )/m.test(text) && /^@@ /m.test(text)) return actionFromText('fileEdit', text, fileName);
  if (byExt) return actionFromText(byExt, text, fileName);
  if (/^(diff --git|--- \S)/m.test(text) && /^@@ /m.test(text)) return actionFromText('fileEdit', text, fileName);
  if (/^apiVersion:\s*\S+/m.test(text) && /^kind:\s*\S+/m.test(text)) return actionFromText('kubernetes', text, fileName);
  if (/^#!.*\b(ba|z|da)?sh\b/.test(text)) return actionFromText('shell', text, fileName);
  if (/^\s*(DROP|CREATE|ALTER|TRUNCATE|DELETE|UPDATE|INSERT|SELECT|GRANT|REVOKE)\b/im.test(text) && /;\s*$/m.test(text))
    return actionFromText('sql', text, fileName);
  return actionFromText('plan', text, fileName);
}
