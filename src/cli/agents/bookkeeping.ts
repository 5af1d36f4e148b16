// The agents' own bookkeeping tools: calls that change nothing outside the agent's own state (its
// todo list, its topic line, its plan mode, a question to the person, a sub-agent whose own tool
// calls come back through this hook, a background shell it started and now stops). They reach the
// hook because Gemini's installed matcher is `.*` and Copilot sends every tool, and judging them by
// their verbs ("update", "write", "stop") denied them when no editor was open, which breaks the
// agent. Each name was read from the tool list the real CLI sends its model (the versions pinned in
// test/agents/versions.ts); test/unit/hooks/bookkeeping.test.ts has a case per name.
//
// Not here, on purpose: tools that type into a running shell (Copilot write_bash, Codex
// write_stdin) are judged as the text they type (tools.ts); web fetches (a URL can carry data out);
// anything that writes files or runs commands.
import type { AgentName } from './types';

export const BOOKKEEPING: Partial<Record<AgentName, readonly string[]>> = {
  gemini: [
    'update_topic', // the chapter title shown to the person
    'write_todos', // its todo list
    'invoke_agent', // a sub-agent: its own tool calls come through BeforeTool
    'enter_plan_mode', // switches to read-only tools
    'exit_plan_mode',
    'activate_skill', // loads instructions into the conversation
    'list_background_processes',
    'read_background_output',
    'ask_user',
  ],
  copilot: [
    'stop_bash', // stops a shell command it started itself
    'read_bash',
    'list_bash',
    'update_todo',
    'write_agent', // a message to its own background agent
    'read_agent',
    'list_agents',
    'task', // a sub-agent: its own tool calls come through preToolUse
    'skill',
    'sql', // its session SQLite database (todos), not a project database
    'session_store_sql', // read-only query of its own session history
    'fetch_copilot_cli_documentation',
    'report_intent',
    'ask_user',
  ],
  cline: ['ask_question', 'submit_and_exit', 'skills', 'team_status', 'team_list_runs', 'team_list_outcomes', 'team_read_mailbox'],
  codex: ['update_plan', 'request_user_input', 'get_goal', 'create_goal', 'update_goal', 'view_image'],
};

export function isBookkeeping(agent: AgentName | undefined, tool: string): boolean {
  if (!agent) return false;
  return BOOKKEEPING[agent]?.includes(tool.toLowerCase()) ?? false;
}
