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

export async function streamCompletion(options: {
  client: OpenAI;
  ai: AiSettingsInput;
  messages: ChatCompletionMessageParam[];
  tools: ToolDefinition[];
  signal: AbortSignal;
  onDelta: (text: string) => void;
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
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  try {
    arm();
    const stream = await client.chat.completions.create(
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
    );
    for await (const chunk of stream) {
      arm();
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        content += delta.content;
        options.onDelta(delta.content);
      }
      for (const part of delta.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
        calls.set(part.index, call);
      }
    }
  } catch (error) {
    if (signal.aborted) throw new ProviderError('Stopped.', true);
    if (idle) {
      throw new ProviderError(
        `The model stopped answering: nothing arrived from ${ai.baseUrl} for ${Math.round(ai.timeoutMs / 1000)} s.`,
      );
    }
    if (error instanceof SyntaxError) {
      throw new ProviderError(`The model’s reply could not be read (${error.message}).`);
    }
    throw new ProviderError(explainConnectionError(error, ai.baseUrl, ai.timeoutMs));
  } finally {
    if (timer) clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, arguments: c.arguments }));
  return { content, toolCalls, promptTokens, completionTokens };
}
