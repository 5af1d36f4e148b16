// A scripted model on 127.0.0.1 that speaks what the real agent CLIs call: Anthropic Messages
// (Claude Code), OpenAI Responses (Codex) and Chat Completions (Copilot, Cline), and Gemini's
// generateContent / streamGenerateContent. It plays one "case" per agent run: the prompt carries
// `[case:<id>]`, the case is a list of tool calls, and turn k answers with call k, where k is the
// number of tool results the agent has sent back so far. Once the calls are used up (or the request
// offers no tools: titles, summaries), it answers in plain text quoting the last tool result, so
// the agent's own output shows what the model saw. Every request is kept for the test to read.
//
// It does not catch: an agent that changes wire format in a way that still parses here but not
// against the real service (the real CLIs are what parse our answers, so that shows as a failed run).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One tool call the model makes: a JSON-argument function, or a freeform (custom) tool (Codex apply_patch). */
export interface ToolCall {
  name: string;
  input?: Record<string, unknown>;
  /** Freeform text input (OpenAI Responses `custom_tool_call`). */
  freeform?: string;
}

export interface MockRequest {
  method: string;
  url: string;
  body: string;
  caseId?: string;
  step: number;
  answered: 'tool' | 'text' | 'other';
}

export interface MockModel {
  port: number;
  url: string;
  /** Registers (or replaces) the calls of a case. */
  setCase(id: string, calls: ToolCall[]): void;
  requests: MockRequest[];
  close(): Promise<void>;
}

const CASE = /\[case:([A-Za-z0-9_.-]+)\]/;
/** Markers of a tool result in each wire format (counted in the raw request body). */
const RESULT_MARKERS = [
  /"type"\s*:\s*"tool_result"/g,
  /"type"\s*:\s*"(?:function_call_output|custom_tool_call_output)"/g,
  /"role"\s*:\s*"tool"/g,
  /"functionResponse"\s*:/g,
];

function countResults(body: string): number {
  return RESULT_MARKERS.reduce((n, re) => n + (body.match(re)?.length ?? 0), 0);
}

/** The text of the last tool result, for the final answer (best effort, any format). */
function lastResult(body: string): string {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return '';
  }
  let last = '';
  const visit = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach(visit);
    else if (o && typeof o === 'object') {
      const r = o as Record<string, unknown>;
      if (r.type === 'tool_result') last = JSON.stringify(r.content ?? '');
      else if (r.type === 'function_call_output' || r.type === 'custom_tool_call_output') last = JSON.stringify(r.output ?? '');
      else if (r.role === 'tool') last = JSON.stringify(r.content ?? '');
      else if (r.functionResponse) last = JSON.stringify((r.functionResponse as Record<string, unknown>).response ?? '');
      Object.values(r).forEach(visit);
    }
  };
  visit(v);
  return last.slice(0, 2000);
}

const sse = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
};
const send = (res: ServerResponse, event: string | undefined, data: unknown): void => {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
};
const sendJson = (res: ServerResponse, status: number, data: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
};

let seq = 0;
const id = (p: string): string => `${p}_${Date.now().toString(36)}${(++seq).toString(36)}`;

// ---------------------------------------------------------------------------------------------
// Anthropic Messages

function anthropic(res: ServerResponse, body: Record<string, unknown>, call: ToolCall | undefined, text: string): void {
  const model = typeof body.model === 'string' ? body.model : 'claude-mock';
  const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const block = call ? { type: 'tool_use', id: id('toolu'), name: call.name, input: call.input ?? {} } : { type: 'text', text };
  const stop = call ? 'tool_use' : 'end_turn';
  if (body.stream !== true) {
    sendJson(res, 200, { id: id('msg'), type: 'message', role: 'assistant', model, content: [block], stop_reason: stop, stop_sequence: null, usage });
    return;
  }
  sse(res);
  send(res, 'message_start', {
    type: 'message_start',
    message: { id: id('msg'), type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage },
  });
  if (call) {
    send(res, 'content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: (block as { id: string }).id, name: call.name, input: {} },
    });
    send(res, 'content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input ?? {}) },
    });
  } else {
    send(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
  }
  send(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  send(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } });
  send(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

// ---------------------------------------------------------------------------------------------
// OpenAI Responses (Codex)

function responses(res: ServerResponse, body: Record<string, unknown>, call: ToolCall | undefined, text: string): void {
  const rid = id('resp');
  const model = typeof body.model === 'string' ? body.model : 'gpt-mock';
  let item: Record<string, unknown>;
  if (call?.freeform !== undefined)
    item = { type: 'custom_tool_call', id: id('ctc'), call_id: id('call'), name: call.name, input: call.freeform, status: 'completed' };
  else if (call)
    item = { type: 'function_call', id: id('fc'), call_id: id('call'), name: call.name, arguments: JSON.stringify(call.input ?? {}), status: 'completed' };
  else item = { type: 'message', id: id('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  const usage = {
    input_tokens: 10,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 15,
  };
  const response = { id: rid, object: 'response', created_at: Math.floor(Date.now() / 1000), model, status: 'completed', output: [item], usage };
  if (body.stream === false) {
    sendJson(res, 200, response);
    return;
  }
  sse(res);
  send(res, 'response.created', { type: 'response.created', sequence_number: 0, response: { ...response, status: 'in_progress', output: [] } });
  send(res, 'response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item });
  send(res, 'response.output_item.done', { type: 'response.output_item.done', sequence_number: 2, output_index: 0, item });
  send(res, 'response.completed', { type: 'response.completed', sequence_number: 3, response });
  res.end();
}

// ---------------------------------------------------------------------------------------------
// OpenAI Chat Completions (Copilot CLI, Cline)

function chat(res: ServerResponse, body: Record<string, unknown>, call: ToolCall | undefined, text: string): void {
  const cid = id('chatcmpl');
  const model = typeof body.model === 'string' ? body.model : 'gpt-mock';
  const created = Math.floor(Date.now() / 1000);
  const toolCalls = call
    ? [{ index: 0, id: id('call'), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } }]
    : undefined;
  const finish = call ? 'tool_calls' : 'stop';
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
  if (body.stream !== true) {
    const message = call ? { role: 'assistant', content: null, tool_calls: toolCalls!.map(({ index: _i, ...t }) => t) } : { role: 'assistant', content: text };
    sendJson(res, 200, { id: cid, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: finish }], usage });
    return;
  }
  sse(res);
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null, extra: Record<string, unknown> = {}): void =>
    send(res, undefined, { id: cid, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason }], ...extra });
  chunk({ role: 'assistant', content: call ? null : '' }, null);
  if (call) chunk({ tool_calls: toolCalls }, null);
  else chunk({ content: text }, null);
  chunk({}, finish, { usage });
  send(res, undefined, '[DONE]');
  res.end();
}

// ---------------------------------------------------------------------------------------------
// Gemini

function gemini(res: ServerResponse, stream: boolean, call: ToolCall | undefined, text: string): void {
  const part = call ? { functionCall: { name: call.name, args: call.input ?? {} } } : { text };
  const chunk = {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-flash',
  };
  if (!stream) {
    sendJson(res, 200, chunk);
    return;
  }
  sse(res);
  send(res, undefined, chunk);
  res.end();
}

// ---------------------------------------------------------------------------------------------

export async function startMockModel(): Promise<MockModel> {
  const cases = new Map<string, ToolCall[]>();
  const requests: MockRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const caseId = CASE.exec(raw)?.[1];
    const step = countResults(raw);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      // not JSON: answered below as "other"
    }
    const offersTools = /"(?:tools|functionDeclarations)"\s*:\s*\[\s*\{/.test(raw);
    const calls = caseId ? cases.get(caseId) : undefined;
    const call = calls && offersTools && step < calls.length ? calls[step] : undefined;
    const text = caseId ? `Done with [${caseId}]. Last tool result: ${lastResult(raw) || '(none)'}` : 'OK.';
    const record = (answered: MockRequest['answered']): void => {
      requests.push({ method: req.method ?? 'GET', url, body: raw, ...(caseId ? { caseId } : {}), step, answered });
    };

    if (req.method === 'POST' && /\/messages$/.test(path) && !/count_tokens/.test(path)) {
      record(call ? 'tool' : 'text');
      return anthropic(res, body, call, text);
    }
    if (req.method === 'POST' && /\/messages\/count_tokens$/.test(path)) {
      record('other');
      return sendJson(res, 200, { input_tokens: 10 });
    }
    if (req.method === 'POST' && /\/responses$/.test(path)) {
      record(call ? 'tool' : 'text');
      return responses(res, body, call, text);
    }
    if (req.method === 'POST' && /\/chat\/completions$/.test(path)) {
      record(call ? 'tool' : 'text');
      return chat(res, body, call, text);
    }
    const g = /\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/.exec(path);
    if (req.method === 'POST' && g) {
      if (g[2] === 'countTokens') {
        record('other');
        return sendJson(res, 200, { totalTokens: 10 });
      }
      // Side requests (next-speaker checks, summaries) ask for JSON: answer that the user speaks next.
      const wantsJson = /"responseMimeType"\s*:\s*"application\/json"/.test(raw);
      record(call ? 'tool' : 'text');
      return gemini(res, g[2] === 'streamGenerateContent', call, !call && wantsJson ? JSON.stringify({ reasoning: 'done', next_speaker: 'user' }) : text);
    }
    if (req.method === 'GET' && /\/models$/.test(path)) {
      record('other');
      return sendJson(res, 200, {
        object: 'list',
        data: ['gpt-4.1', 'gpt-5.5', 'mock-model'].map((m) => ({
          id: m,
          object: 'model',
          created: 0,
          owned_by: 'mock',
          capabilities: { type: 'chat', supports: { tool_calls: true, streaming: true } },
        })),
        models: [],
      });
    }
    record('other');
    sendJson(res, 404, { error: { message: `mock model: no route for ${req.method} ${path}`, type: 'not_found' } });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
        else res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    setCase: (caseId, calls) => void cases.set(caseId, calls),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
