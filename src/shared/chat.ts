import { z } from 'zod';
import { defineEvent, defineInvoke, defineStream } from './contract';
import { idSchema, timestampSchema } from './ids';
import { PROVIDERS } from './profiles';

/**
 * Chat with the assistant (seeds 000 and 004): one conversation per dataset, every message kept
 * with the version it was made on, and each turn logged as an agent run under the profile's
 * experiment (seed 003). The conversation talks through a configuration profile: the default one
 * unless the person picks another in the chat.
 */

export const MESSAGE_ROLES = ['user', 'assistant', 'tool', 'system'] as const;
export const CHAT_TEXT_MAX = 20_000;

export const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments as the provider sent them (JSON text); shown, never trusted. */
  arguments: z.string(),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatMessageSchema = z.object({
  id: idSchema,
  role: z.enum(MESSAGE_ROLES),
  content: z.string(),
  toolCalls: z.array(toolCallSchema).nullable(),
  toolCallId: z.string().nullable(),
  tokensUsed: z.number().int().nonnegative().nullable(),
  versionId: idSchema.nullable(),
  /** Set when the turn failed or was stopped: what happened, in words. */
  error: z.string().nullable(),
  createdAt: timestampSchema,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const conversationSchema = z.object({
  id: idSchema,
  workspaceId: idSchema,
  datasetId: idSchema.nullable(),
  /** The profile picked for this conversation; null follows the default profile. */
  profileId: idSchema.nullable(),
  title: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

/** What the chat shows of the profile it talks through; never a key. */
export const activeProfileSchema = z.object({
  id: idSchema,
  name: z.string(),
  provider: z.enum(PROVIDERS),
  model: z.string(),
  isDefault: z.boolean(),
  /** True when the conversation has no profile of its own and uses the default. */
  followsDefault: z.boolean(),
});
export type ActiveProfile = z.infer<typeof activeProfileSchema>;

export const chatStateSchema = z.object({
  conversation: conversationSchema,
  messages: z.array(chatMessageSchema),
  profile: activeProfileSchema,
  /** True while a turn of this conversation is running (in any window). */
  running: z.boolean(),
});
export type ChatState = z.infer<typeof chatStateSchema>;

const scope = z.object({ workspaceId: idSchema });
const conversationScope = scope.extend({ conversationId: idSchema });

/** The dataset's conversation, created on first open. */
export const chatOpen = defineInvoke('chat:open', {
  input: scope.extend({ datasetId: idSchema }),
  output: chatStateSchema,
});

export const chatSetProfile = defineInvoke('chat:setProfile', {
  input: conversationScope.extend({ profileId: idSchema.nullable() }),
  output: chatStateSchema,
});

export const chatChunkSchema = z.discriminatedUnion('type', [
  /** A message was stored: the person's, a tool call, a tool result or a finished reply. */
  z.object({ type: z.literal('message'), message: chatMessageSchema }),
  /** More text of the reply being written. */
  z.object({ type: z.literal('delta'), text: z.string() }),
  /** What the assistant is doing now, e.g. running a tool. */
  z.object({ type: z.literal('status'), text: z.string() }),
]);
export type ChatChunk = z.infer<typeof chatChunkSchema>;

export const chatSend = defineStream('chat:send', {
  input: conversationScope.extend({
    text: z
      .string()
      .trim()
      .min(1, 'Write a message first.')
      .max(CHAT_TEXT_MAX, `A message has at most ${CHAT_TEXT_MAX.toLocaleString('en-US')} characters.`),
  }),
  chunk: chatChunkSchema,
  result: z.object({
    runId: idSchema,
    outcome: z.enum(['completed', 'failed']),
    /** Every message the turn stored, in order. */
    messages: z.array(chatMessageSchema),
  }),
});

/** Stops the conversation's running turn, from any window (false: nothing was running). */
export const chatStop = defineInvoke('chat:stop', {
  input: conversationScope,
  output: z.object({ stopped: z.boolean() }),
});

/** Messages or the profile of a conversation changed (another window, or a turn ended). */
export const chatChanged = defineEvent('chat:changed', {
  payload: z.object({ workspaceId: idSchema, conversationId: idSchema, datasetId: idSchema.nullable() }),
});

export const chatContracts = [chatOpen, chatSetProfile, chatSend, chatStop, chatChanged] as const;
