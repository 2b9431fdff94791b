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

/** Messages a conversation opens with (the newest); older ones are fetched as the person scrolls up. */
export const CHAT_PAGE = 100;

export const chatStateSchema = z.object({
  conversation: conversationSchema,
  /** The newest messages, oldest first (at most CHAT_PAGE). */
  messages: z.array(chatMessageSchema),
  /** True when older messages exist than the first one here (fetch them with chat:history). */
  hasOlder: z.boolean(),
  profile: activeProfileSchema,
  /** True while a turn of this conversation is running (in any window). */
  running: z.boolean(),
});
export type ChatState = z.infer<typeof chatStateSchema>;

const scope = z.object({ workspaceId: idSchema });
const conversationScope = scope.extend({ conversationId: idSchema });

export const CONVERSATION_TITLE_MAX = 120;
const titleSchema = z
  .string()
  .trim()
  .min(1, 'A conversation needs a title.')
  .max(CONVERSATION_TITLE_MAX, `A title has at most ${CONVERSATION_TITLE_MAX} characters.`)
  // eslint-disable-next-line no-control-regex
  .refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'A title cannot contain control characters.');

/**
 * A dataset's conversation (datasetId) or a workspace conversation about its boards (null). With
 * conversationId: that one; without: the most recent, created on first open.
 */
export const chatOpen = defineInvoke('chat:open', {
  input: scope.extend({ datasetId: idSchema.nullable(), conversationId: idSchema.optional() }),
  output: chatStateSchema,
});

export const conversationSummarySchema = conversationSchema.extend({
  messageCount: z.number().int().nonnegative(),
  running: z.boolean(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/** The conversations of a dataset (or of the workspace, with datasetId null), newest first. */
export const chatList = defineInvoke('chat:list', {
  input: scope.extend({ datasetId: idSchema.nullable() }),
  output: z.object({ conversations: z.array(conversationSummarySchema) }),
});

export const chatCreate = defineInvoke('chat:create', {
  input: scope.extend({ datasetId: idSchema.nullable(), title: titleSchema.optional() }),
  output: chatStateSchema,
});

export const chatRename = defineInvoke('chat:rename', {
  input: conversationScope.extend({ title: titleSchema }),
  output: conversationSchema,
});

/** Deletes a conversation with its messages and logged runs (refused while a turn runs). */
export const chatDelete = defineInvoke('chat:delete', {
  input: conversationScope,
  output: z.object({ deleted: z.literal(true) }),
});

/** Older messages, before the given one, oldest first. */
export const chatHistory = defineInvoke('chat:history', {
  input: conversationScope.extend({
    beforeMessageId: idSchema,
    limit: z.number().int().min(1).max(500).default(CHAT_PAGE),
  }),
  output: z.object({ messages: z.array(chatMessageSchema), hasOlder: z.boolean() }),
});

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;

export const runMetricsSchema = z.object({
  latencyMs: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  toolCalls: z.number().int().nonnegative(),
  rounds: z.number().int().nonnegative(),
  versionsCreated: z.number().int().nonnegative(),
});
export type RunMetrics = z.infer<typeof runMetricsSchema>;

/** One assistant turn as logged (seed 003's experiment tracking, kept locally). */
export const agentRunSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  conversationTitle: z.string(),
  datasetId: idSchema.nullable(),
  profileId: z.string().nullable(),
  profileName: z.string(),
  experimentName: z.string(),
  provider: z.enum(PROVIDERS),
  model: z.string(),
  parameters: z.object({
    temperature: z.number().nullable(),
    maxTokens: z.number().nullable(),
    timeoutMs: z.number().nullable(),
  }),
  status: z.enum(RUN_STATUSES),
  /** Null while running (or for a run cut off by a crash before it wrote any). */
  metrics: runMetricsSchema.nullable(),
  error: z.string().nullable(),
  startedAt: timestampSchema,
  completedAt: timestampSchema.nullable(),
});
export type AgentRun = z.infer<typeof agentRunSchema>;

export const RUNS_PAGE_MAX = 500;

/** The workspace's agent runs, newest first, filtered by experiment and/or profile, with totals. */
export const chatRuns = defineInvoke('chat:runs', {
  input: scope.extend({
    experimentName: z.string().max(200).optional(),
    profileId: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(RUNS_PAGE_MAX).default(100),
    offset: z.number().int().min(0).default(0),
  }),
  output: z.object({
    runs: z.array(agentRunSchema),
    /** Over every run matching the filter, not only this page. */
    totals: z.object({
      runs: z.number().int().nonnegative(),
      byStatus: z.record(z.enum(RUN_STATUSES), z.number().int().nonnegative()),
      promptTokens: z.number().int().nonnegative(),
      completionTokens: z.number().int().nonnegative(),
      toolCalls: z.number().int().nonnegative(),
      versionsCreated: z.number().int().nonnegative(),
      medianLatencyMs: z.number().nonnegative().nullable(),
    }),
    /** What the filters can choose from (every run of the workspace). */
    experiments: z.array(z.string()),
    profiles: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  }),
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

/**
 * Apply fix on a problem the assistant listed: the insight's fix (as the Insights panel applies
 * it) on the current version, kept in the conversation as a request, the apply and its result.
 */
export const chatApplyFix = defineInvoke('chat:applyFix', {
  input: conversationScope.extend({ insightId: idSchema }),
  output: z.object({ versionId: idSchema, messages: z.array(chatMessageSchema) }),
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

/** Every run matching the filter as CSV (formula-guarded, like data exports), to save as a file. */
export const chatRunsCsv = defineInvoke('chat:runsCsv', {
  input: scope.extend({
    experimentName: z.string().max(200).optional(),
    profileId: z.string().max(100).optional(),
  }),
  output: z.object({ fileName: z.string(), text: z.string() }),
});

export const chatContracts = [
  chatOpen,
  chatList,
  chatCreate,
  chatRename,
  chatDelete,
  chatHistory,
  chatRuns,
  chatRunsCsv,
  chatSetProfile,
  chatSend,
  chatApplyFix,
  chatStop,
  chatChanged,
] as const;
