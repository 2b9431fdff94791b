import type { z } from 'zod';
import type { ChatChunk, ChatMessage } from '../../src/shared/chat';
import { profileContentSchema, type ProfileContent } from '../../src/shared/profiles';
import type { StreamFrame } from '../../src/shared/stream';
import type { CairnApp } from '../../src/main/app';

/** Calls through the same door the transports use, so the contract is checked both ways. */
export async function invoke<T>(app: CairnApp, channel: string, input: unknown): Promise<T> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as T;
}

/** The error code a call ends with (it must fail). */
export async function failure(app: CairnApp, channel: string, input: unknown): Promise<string> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (result.ok) throw new Error(`${channel} was expected to fail`);
  return result.error.code;
}

export interface SentTurn {
  chunks: ChatChunk[];
  end: Promise<StreamFrame>;
  cancel(): void;
}

let streamCount = 0;
/** Sends a chat message as a stream through Handlers. */
export function sendMessage(
  app: CairnApp,
  input: { workspaceId: string; conversationId: string; text: string },
): SentTurn {
  const chunks: ChatChunk[] = [];
  let resolve!: (frame: StreamFrame) => void;
  const end = new Promise<StreamFrame>((r) => (resolve = r));
  const running = app.handlers.startStream(
    'chat:send',
    `chat-helper-${++streamCount}`,
    input,
    { transport: 'test' },
    (frame) => {
      if (frame.type === 'chunk') chunks.push(frame.data as ChatChunk);
      else resolve(frame);
    },
  );
  return { chunks, end, cancel: () => running.cancel() };
}

/** One whole turn; throws unless it ended normally. */
export async function chatTurn(
  app: CairnApp,
  input: { workspaceId: string; conversationId: string; text: string },
): Promise<{ runId: string; outcome: string; messages: ChatMessage[]; chunks: ChatChunk[] }> {
  const sent = sendMessage(app, input);
  const frame = await sent.end;
  if (frame.type !== 'end') throw new Error(`The turn ended with ${JSON.stringify(frame)}`);
  return {
    ...(frame.data as { runId: string; outcome: string; messages: ChatMessage[] }),
    chunks: sent.chunks,
  };
}

/** A complete profile that talks to a (mock) Chat Completions server. */
export function modelProfileContent(
  baseUrl: string,
  overrides: Partial<ProfileContent> = {},
): z.output<typeof profileContentSchema> {
  return profileContentSchema.parse({
    name: 'Mock model',
    description: '',
    ai: {
      provider: 'openai_compatible',
      baseUrl,
      model: 'mock-small',
      temperature: 0.3,
      maxTokens: 321,
      timeoutMs: 5000,
    },
    spaces: [{ name: 'All', datasetIds: null, isDefault: true }],
    experimentName: 'chat-tests',
    prompts: { systemPrompt: '', editingInstructions: '', userTemplate: '' },
    ...overrides,
  });
}
