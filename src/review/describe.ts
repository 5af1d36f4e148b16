// What a reviewer reads of the action itself: the command, the file and its lines, the plan's
// first lines. Shared by `review show`, the prefilled web issue and the editor's reviewer dialog,
// so every place shows the action, not only what someone said about it.
import type { Action } from '../engine';

export function describeActionLines(a: Action, max = 60): string[] {
  switch (a.kind) {
    case 'shell':
      return [`$ ${a.command}`, ...(a.cwd ? [`  (in ${a.cwd})`] : [])];
    case 'fileWrite':
      return [
        `write ${a.path} (${a.content.split('\n').length} lines)`,
        ...a.content
          .split('\n')
          .slice(0, Math.min(40, max))
          .map((l) => `  + ${l}`),
      ];
    case 'fileEdit':
      return [
        `edit ${a.path}`,
        ...(a.diff ?? (a.edits ?? []).map((e) => `- ${e.oldText}\n+ ${e.newText}`).join('\n'))
          .split('\n')
          .slice(0, max)
          .map((l) => `  ${l}`),
      ];
    case 'fileDelete':
      return a.paths.slice(0, max).map((p) => `delete ${p}`);
    case 'plan':
      return a.text.split('\n').slice(0, max);
    case 'sql':
      return a.statement.split('\n').slice(0, max);
    case 'kubernetes':
      return [
        `kubectl ${a.operation ?? 'apply'}`,
        ...a.manifests
          .split('\n')
          .slice(0, max)
          .map((l) => `  ${l}`),
      ];
    case 'toolCall':
      return [
        `tool ${a.tool}`,
        ...JSON.stringify(a.input, null, 2)
          .split('\n')
          .slice(0, Math.min(40, max))
          .map((l) => `  ${l}`),
      ];
    default:
      return [`${a.kind} (see the request file for the full action)`];
  }
}
