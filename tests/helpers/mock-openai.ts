import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server that speaks the parts of the Chat Completions API Cairn uses: the models
 * list, and chat completions (plain and streamed, with tool calls), with scripted replies and
 * fault modes. Tests point the `openai` client at it exactly as at Ollama or a cloud endpoint.
 */

interface ScriptedCall {
  id?: string;
  name: string;
  arguments: string;
}

/** How tool calls travel in a stream; real servers differ (Ollama, vLLM, llama.cpp…). */
interface CallStreaming {
  /** Send no call ids (the client must make its own). */
  omitIds?: boolean;
  /** Repeat the function name in every chunk of a call, as some servers do. */
  repeatNames?: boolean;
  /** Send the arguments in pieces of this many characters (default: one piece). */
  argumentChunk?: number;
}

export type ScriptedReply =
  | { kind: 'text'; content: string; promptTokens?: number; completionTokens?: number }
  | ({ kind: 'tool_calls'; calls: ScriptedCall[] } & CallStreaming)
  | { kind: 'status'; status: number; message: string; retryAfterSeconds?: number }
  | { kind: 'malformed' }
  /** Accepts the request and answers with this text only once `release` settles. */
  | { kind: 'held'; content: string; release: Promise<void> }
  /** Accepts the request and never answers (no headers). */
  | { kind: 'hang' }
  /** Starts streaming (text, then tool calls), then goes quiet with the connection open. */
  | ({ kind: 'stall'; content?: string; calls?: ScriptedCall[] } & CallStreaming)
  /** Streams text, then closes the stream without a finish reason or [DONE]. */
  | { kind: 'truncated'; content: string }
  | { kind: 'disconnect' };

export interface MockOpenAiOptions {
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface MockOpenAi {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies for the next chat completions, used in order; the last one repeats. */
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function openAiError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, {
    error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: null },
  });
}

export async function startMockOpenAi(options: MockOpenAiOptions = {}): Promise<MockOpenAi> {
  const models = options.models ?? ['mock-small', 'mock-large'];
  const requests: RecordedRequest[] = [];
  let replies: ScriptedReply[] = [{ kind: 'text', content: 'Hello from the mock model.' }];
  const hanging = new Set<http.ServerResponse>();
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return openAiError(res, 401, 'Incorrect API key provided.');
      }
      if (req.method === 'GET' && path === '/v1/models') {
        return sendJson(res, 200, {
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mock' })),
        });
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
        const request = body as { stream?: boolean; model?: string };
        return answerChat(res, reply, request.stream === true, request.model ?? 'mock');
      }
      openAiError(res, 404, `No route for ${req.method} ${path}`);
    });
  });

  function answerChat(res: http.ServerResponse, reply: ScriptedReply, stream: boolean, model: string): void {
    counter += 1;
    const id = `chatcmpl-mock-${counter}`;
    const created = Math.floor(Date.now() / 1000);
    if (reply.kind === 'status') {
      if (reply.retryAfterSeconds !== undefined)
        res.setHeader('Retry-After', String(reply.retryAfterSeconds));
      return openAiError(res, reply.status, reply.message);
    }
    if (reply.kind === 'held') {
      void reply.release.then(() => answerChat(res, { kind: 'text', content: reply.content }, stream, model));
      return;
    }
    if (reply.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (reply.kind === 'disconnect') {
      res.socket?.destroy();
      return;
    }
    if (reply.kind === 'malformed') {
      res.writeHead(200, { 'Content-Type': stream ? 'text/event-stream' : 'application/json' });
      res.end(stream ? 'data: {"choices": [ {"delta": \n\n' : '{"choices": [');
      return;
    }
    const scriptedCalls =
      reply.kind === 'tool_calls' ? reply.calls : reply.kind === 'stall' ? reply.calls : undefined;
    const toolCalls = scriptedCalls
      ? scriptedCalls.map((c, i) => ({
          id: c.id ?? `call_${counter}_${i}`,
          type: 'function' as const,
          function: { name: c.name, arguments: c.arguments },
        }))
      : undefined;
    const content =
      reply.kind === 'text' || reply.kind === 'truncated'
        ? reply.content
        : reply.kind === 'stall'
          ? (reply.content ?? null)
          : null;
    const streaming: CallStreaming = reply.kind === 'tool_calls' || reply.kind === 'stall' ? reply : {};
    const usage = {
      prompt_tokens: reply.kind === 'text' ? (reply.promptTokens ?? 10) : 10,
      completion_tokens: reply.kind === 'text' ? (reply.completionTokens ?? 5) : 5,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const finish = toolCalls ? 'tool_calls' : 'stop';
    if (!stream) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
            finish_reason: finish,
          },
        ],
        usage,
      });
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    const send = (delta: unknown, finishReason: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    if (content !== null) {
      // Several chunks, so a client that shows text as it arrives has something to show.
      for (const piece of content.match(/.{1,8}/gs) ?? []) send({ content: piece });
    }
    toolCalls?.forEach((call, index) => {
      const id = streaming.omitIds ? {} : { id: call.id };
      send({
        tool_calls: [
          { index, ...id, type: 'function', function: { name: call.function.name, arguments: '' } },
        ],
      });
      const size = streaming.argumentChunk ?? Math.max(1, call.function.arguments.length);
      for (let at = 0; at < call.function.arguments.length; at += size) {
        const name = streaming.repeatNames ? { name: call.function.name } : {};
        send({
          tool_calls: [
            { index, function: { ...name, arguments: call.function.arguments.slice(at, at + size) } },
          ],
        });
      }
    });
    if (reply.kind === 'stall') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (reply.kind === 'truncated') {
      res.end();
      return;
    }
    send({}, finish);
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...next) => {
      if (next.length === 0) throw new Error('script() needs at least one reply');
      replies = next;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
