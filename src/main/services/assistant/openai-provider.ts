import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ToolCall } from '../../../shared/chat';
import type { AiSettingsInput } from '../../../shared/profiles';
import { explainConnectionError } from '../profiles/connection';
import type { ToolDefinition } from './tools';

/**
 * One streamed Chat Completions request with tools, through the `openai` client. The client
 * retries what is worth retrying (connection errors, 408/429/5xx) before the first byte; after
 * that, a stream that goes quiet for the profile's timeout is given up, so a stalled server
 * cannot hold a turn forever.
 */

export interface CompletionStep {
  content: string;
  toolCalls: ToolCall[];
  promptTokens: number | null;
  completionTokens: number | null;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export function createClient(ai: AiSettingsInput, apiKey: string | null): OpenAI {
  return new OpenAI({
    baseURL: ai.baseUrl,
    // Local servers (Ollama, llama.cpp) take no key, but the client insists on one.
    apiKey: apiKey ?? 'no-key',
    timeout: ai.timeoutMs,
    maxRetries: 2,
  });
}

/** Explains a failed chat request: what the endpoint said, and what to check. */
export function explainChatError(error: unknown, ai: AiSettingsInput): string {
  if (error instanceof OpenAI.AuthenticationError) {
    return 'The endpoint refused the API key (401 Unauthorized). Set the key in Settings, or check it.';
  }
  if (error instanceof OpenAI.NotFoundError) {
    return `The endpoint answered 404: ${error.message}. Check the model name “${ai.model}” (with Ollama: ollama pull ${ai.model}) and the base URL.`;
  }
  if (error instanceof OpenAI.RateLimitError) {
    return `The endpoint is busy or over its quota (429): ${error.message}. Try again in a moment.`;
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    return `The model endpoint answered ${error.status}: ${error.message}`;
  }
  // Connection-level failures (refused, DNS, TLS, timeouts) read the same as in the connection test.
  return explainConnectionError(error, ai.baseUrl, ai.timeoutMs);
}

/** Rejects as soon as `signal` aborts: the client's wait between retries does not watch it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function streamCompletion(options: {
  client: OpenAI;
  ai: AiSettingsInput;
  messages: ChatCompletionMessageParam[];
  tools: ToolDefinition[];
  signal: AbortSignal;
  onDelta: (text: string) => void;
  /** Ids for tool calls a server sent without one (they must be unique in the conversation). */
  newCallId: () => string;
}): Promise<CompletionStep> {
  const { client, ai, signal } = options;
  const local = new AbortController();
  let idle = false;
  let timer: NodeJS.Timeout | null = null;
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      local.abort();
    }, ai.timeoutMs);
  };
  const forward = (): void => local.abort();
  signal.addEventListener('abort', forward, { once: true });
  if (signal.aborted) local.abort();

  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  let content = '';
  let finished = false;
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  const idleError = (): ProviderError =>
    new ProviderError(
      `The model stopped answering: nothing arrived from ${ai.baseUrl} for ${Math.round(ai.timeoutMs / 1000)} s.`,
    );
  try {
    // Until the response starts, the client's own timeout and retries apply; from then on, the
    // idle timer: a stream may last long, but not go quiet for longer than the timeout.
    const stream = await abortable(
      client.chat.completions.create(
        {
          model: ai.model,
          messages: options.messages,
          tools: options.tools,
          temperature: ai.temperature,
          max_tokens: ai.maxTokens,
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: local.signal },
      ),
      local.signal,
    );
    arm();
    for await (const chunk of stream) {
      arm();
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) finished = true;
      const delta = choice.delta;
      if (delta.content) {
        content += delta.content;
        options.onDelta(delta.content);
      }
      for (const part of delta.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
        if (part.id) call.id = part.id;
        // Set, not appended, as the openai client's own stream helper does: some servers repeat it.
        if (part.function?.name) call.name = part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
        calls.set(part.index, call);
      }
    }
  } catch (error) {
    if (signal.aborted) throw new ProviderError('Stopped.', true);
    if (idle) throw idleError();
    if (error instanceof SyntaxError) {
      throw new ProviderError(`The model’s reply could not be read (${error.message}).`);
    }
    throw new ProviderError(explainChatError(error, ai));
  } finally {
    if (timer) clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
  // An aborted stream ends its loop quietly instead of throwing: what arrived is not an answer.
  if (signal.aborted) throw new ProviderError('Stopped.', true);
  if (idle) throw idleError();
  if (!finished) throw new ProviderError('The model’s reply broke off before it was finished.');
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, c]) => ({ id: c.id || options.newCallId(), name: c.name, arguments: c.arguments }));
  return { content, toolCalls, promptTokens, completionTokens };
}
