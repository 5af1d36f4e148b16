// Rules of the tool-call analyzer (analyzers/tool-call.ts): MCP and other tool calls judged by
// their name's verb and object (delete_project, update_record, create_issue) when the input
// carries no command, file or statement of its own; editor commands that answer the guard.
import { type RuleDecl, rule } from './types';

const call = (tool: string, input: unknown = {}) => ({ action: { kind: 'toolCall', tool, input } });

export const TOOL_RULES: readonly RuleDecl[] = [
  rule(
    'tool.guard-command',
    'critical',
    'broad-change',
    'Runs an editor command that answers or changes the guard (allow a pending question, change its settings)',
    'Leave the guard’s questions to the person',
    [call('run_vscode_command', { commandId: 'blastRadius.allowPending' })],
    [call('run_vscode_command', { commandId: 'workbench.action.files.save' })],
  ),
  rule(
    'tool.destroy-environment',
    'high',
    'environment-teardown',
    'A tool whose name says it deletes or destroys a whole project, environment, cluster or database',
    'Call its list/get tool first and let a person delete the environment from its console',
    [call('mcp__supabase__delete_project', { project_id: 'abc' })],
    [call('mcp__supabase__get_project', { project_id: 'abc' })],
  ),
  rule(
    'tool.destructive',
    'high',
    'destructive',
    'A tool whose name says it deletes, drops or purges data or running infrastructure',
    'Read the object first (its get/list tool), delete the narrowest one, and prefer an archive or disable tool',
    [call('mcp__x__delete_all'), call('mcp__crm__deleteRecord', { id: 'rec_1' })],
    [call('mcp__crm__getRecord', { id: 'rec_1' })],
  ),
  rule(
    'tool.mutating',
    'medium',
    'broad-change',
    'A tool whose name says it changes something (update, replace, set, move)',
    'Read the current value first (its get tool) and change only what the task needs',
    [call('mcp__docs__find_and_replace', { doc: 'x' })],
    [call('mcp__docs__find_text', { doc: 'x' })],
  ),
  rule(
    'tool.create',
    'low',
    'targeted-patch',
    'A tool whose name says it creates something',
    'None needed',
    [call('mcp__github__create_issue', { title: 'bug', body: 'x' })],
    [call('mcp__github__delete_issue', { number: 1 })],
  ),
  rule(
    'tool.unknown',
    'low',
    'targeted-patch',
    'A tool whose name does not say whether it reads or changes anything (or has no name at all)',
    'Prefer a tool whose name says what it does, or show its input to the person',
    [call('mcp__thing__frobnicate', { x: 1 }), call('', null)],
    [call('mcp__thing__list_items')],
  ),
];
