import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  CHAT_PAGE,
  chatChanged,
  type ActiveProfile,
  type ChatChunk,
  type ChatMessage,
  type ChatState,
  type Conversation,
  type ConversationSummary,
  type ToolCall,
} from '../../../shared/chat';
import type { Column } from '../../../shared/operations';
import type { Profile } from '../../../shared/profiles';
import { FUNCTION_NAMES } from '../../../shared/expression-functions';
import { CairnError } from '../../../shared/result';
import { formatCount } from '../../../shared/text';
import type { AppDatabase } from '../../db/connection';
import { agentRuns, conversations, messages, type ConversationRow, type MessageRow } from '../../db/schema';
import type { Publish } from '../../events';
import type { Clock, IdFactory } from '../common';
import type { AnalysisService } from '../analysis/service';
import type { DatasetsService } from '../datasets/service';
import { summarizeOperation } from '../datasets/operations';
import { assertDatasetInSpace, type ProfilesService } from '../profiles/service';
import { requireWorkspace } from '../scope';
import { createClient, ProviderError, streamCompletion } from './openai-provider';
import type { Toolbox, ToolResult, ToolScope } from './tools';
import type { AssistantPlan, BuiltinContext } from './types';
import {
  conversationsOf,
  listRuns,
  runsCsv,
  messageCounts,
  messagePage,
  messageSeq,
  toMessage,
  type RunFilter,
} from './conversations';

/**
 * Chat turns (one agent loop whichever provider answers): the person's message is stored, the
 * provider picks tools, the toolbox runs them inside the dataset and the profile's space, and
 * every message, tool call and result is stored with the version it was made on. Each turn is
 * logged as an agent run under the profile's experiment.
 */

/** The title of a conversation made with "New conversation"; its first message renames it. */
const NEW_TITLE = 'New conversation';
const WORKSPACE_TITLE = 'Boards';

/** Rounds of tool calls a model may make in one turn before Cairn stops it. */
export const MAX_TOOL_ROUNDS = 8;
/** Messages of history sent to a model (the newest ones, starting at a question). */
const HISTORY_MAX = 40;

export interface ChatDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
  datasets: Pick<DatasetsService, 'get' | 'listVersions'>;
  profiles: Pick<ProfilesService, 'get' | 'getDefault' | 'apiKeyFor'>;
  toolbox: Toolbox;
  /** The Insights panel's fix, which the chat's Apply fix runs too. */
  analysis: Pick<AnalysisService, 'get' | 'fix'>;
  /** The built-in, offline interpreter (builtin.ts). */
  interpret: (text: string, context: BuiltinContext) => AssistantPlan;
  /** Values each column is known to hold in a version (its profile's most common), for the interpreter. */
  knownValues?: (scope: {
    workspaceId: string;
    datasetId: string;
    versionId: string;
  }) => Record<string, string[]>;
}

export interface SendContext {
  signal: AbortSignal;
  send(chunk: ChatChunk): void;
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    datasetId: row.datasetId,
    profileId: row.profileId,
    title: row.title,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function describeColumns(columns: Column[]): string {
  return columns.map((c) => `${c.name} (${c.type})`).join(', ');
}

/** Fills a profile's user template; a template without {{question}} still carries the question. */
export function renderUserTemplate(template: string, values: Record<string, string>): string {
  if (template.trim() === '') return values.question ?? '';
  const filled = template.replace(/\{\{\s*([a-z]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
  return /\{\{\s*question\s*\}\}/.test(template) ? filled : `${filled}\n\n${values.question ?? ''}`;
}

/**
 * Stored messages as a model reads them. A tool call counts only when its result follows it
 * directly (the API refuses a call without its answer): a turn stopped mid-way leaves calls
 * without results, and those are left out.
 */
export function toModelHistory(rows: ChatMessage[]): ChatCompletionMessageParam[] {
  let start = Math.max(0, rows.length - HISTORY_MAX);
  while (start < rows.length && rows[start]?.role !== 'user') start += 1;
  const window = rows.slice(start);
  const result: ChatCompletionMessageParam[] = [];
  for (let i = 0; i < window.length; i += 1) {
    const m = window[i]!;
    if (m.role === 'user') {
      result.push({ role: 'user', content: m.content });
      continue;
    }
    if (m.role !== 'assistant') continue;
    // The tool results right after this message, by the call they answer.
    const results = new Map<string, ChatMessage>();
    for (let j = i + 1; j < window.length && window[j]!.role === 'tool'; j += 1) {
      const tool = window[j]!;
      if (tool.toolCallId) results.set(tool.toolCallId, tool);
    }
    const calls = (m.toolCalls ?? []).filter((c) => results.has(c.id));
    if (calls.length === 0 && m.content === '') continue;
    result.push({
      role: 'assistant',
      content: m.content,
      ...(calls.length
        ? {
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
    });
    for (const c of calls)
      result.push({ role: 'tool', tool_call_id: c.id, content: results.get(c.id)!.content });
  }
  return result;
}

export function createChatService(deps: ChatDeps) {
  const { db, publish, clock, newId, datasets, profiles, toolbox } = deps;
  /** Conversations with a turn under way, and how to stop it. */
  const running = new Map<string, AbortController>();

  function conversationRow(workspaceId: string, conversationId: string): ConversationRow {
    requireWorkspace(db, workspaceId, { allowArchived: true });
    const row = db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, workspaceId)))
      .get();
    if (!row) throw new CairnError('NOT_FOUND', 'That conversation does not exist.');
    return row;
  }

  function profileOf(row: ConversationRow): { profile: Profile; active: ActiveProfile } {
    const profile = row.profileId ? profiles.get({ id: row.profileId }) : profiles.getDefault();
    return {
      profile,
      active: {
        id: profile.id,
        name: profile.name,
        provider: profile.ai.provider,
        model: profile.ai.model,
        isDefault: profile.isDefault,
        followsDefault: row.profileId === null,
      },
    };
  }

  function messagesOf(conversationId: string): ChatMessage[] {
    return db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.seq))
      .all()
      .map(toMessage);
  }

  function state(row: ConversationRow): ChatState {
    const page = messagePage(db, row.id, CHAT_PAGE);
    return {
      conversation: toConversation(row),
      messages: page.messages,
      hasOlder: page.hasOlder,
      profile: profileOf(row).active,
      running: running.has(row.id),
    };
  }

  /** The dataset (checked in the workspace) or null for a workspace conversation. */
  function subject(workspaceId: string, datasetId: string | null): { id: string; name: string } | null {
    if (datasetId === null) {
      requireWorkspace(db, workspaceId, { allowArchived: true });
      return null;
    }
    return datasets.get({ workspaceId, datasetId });
  }

  function createConversation(workspaceId: string, datasetId: string | null, title: string): ConversationRow {
    const now = clock.now();
    const row: ConversationRow = {
      id: newId(),
      workspaceId,
      datasetId,
      profileId: null,
      title,
      createdAt: now,
      updatedAt: now,
    };
    db.insert(conversations).values(row).run();
    return row;
  }

  function store(conversationId: string, message: Omit<ChatMessage, 'id' | 'createdAt'>): ChatMessage {
    const now = clock.now();
    const row = db.transaction((tx) => {
      const last = tx
        .select({ seq: max(messages.seq) })
        .from(messages)
        .where(eq(messages.conversationId, conversationId))
        .get();
      const inserted: MessageRow = {
        id: newId(),
        conversationId,
        role: message.role,
        content: message.content,
        toolCalls: message.toolCalls ? JSON.stringify(message.toolCalls) : null,
        toolCallId: message.toolCallId,
        tokensUsed: message.tokensUsed,
        versionId: message.versionId,
        error: message.error,
        createdAt: now,
        seq: (last?.seq ?? 0) + 1,
      };
      tx.insert(messages).values(inserted).run();
      tx.update(conversations).set({ updatedAt: now }).where(eq(conversations.id, conversationId)).run();
      return inserted;
    });
    return toMessage(row);
  }

  /** A conversation made as "New conversation" takes its name from what was first asked in it. */
  function titleFromFirstMessage(conversationId: string, text: string): void {
    const line = text.replace(/\s+/g, ' ').trim();
    const title = line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
    db.update(conversations)
      .set({ title })
      .where(and(eq(conversations.id, conversationId), eq(conversations.title, NEW_TITLE)))
      .run();
  }

  function changed(row: ConversationRow): void {
    publish(chatChanged, { workspaceId: row.workspaceId, conversationId: row.id, datasetId: row.datasetId });
  }

  return {
    /** The tools the turns run (exposed for tests of the space checks). */
    toolbox,

    open(input: { workspaceId: string; datasetId: string | null; conversationId?: string }): ChatState {
      const about = subject(input.workspaceId, input.datasetId);
      if (input.conversationId !== undefined) {
        const row = conversationRow(input.workspaceId, input.conversationId);
        if (row.datasetId !== input.datasetId)
          throw new CairnError('NOT_FOUND', 'That conversation does not exist.');
        return state(row);
      }
      const existing = conversationsOf(db, input.workspaceId, input.datasetId)[0];
      if (existing) return state(existing);
      return state(createConversation(input.workspaceId, input.datasetId, about?.name ?? WORKSPACE_TITLE));
    },

    list(input: { workspaceId: string; datasetId: string | null }): { conversations: ConversationSummary[] } {
      subject(input.workspaceId, input.datasetId);
      const rows = conversationsOf(db, input.workspaceId, input.datasetId);
      const counts = messageCounts(
        db,
        rows.map((r) => r.id),
      );
      return {
        conversations: rows.map((r) => ({
          ...toConversation(r),
          messageCount: counts.get(r.id) ?? 0,
          running: running.has(r.id),
        })),
      };
    },

    create(input: { workspaceId: string; datasetId: string | null; title?: string }): ChatState {
      subject(input.workspaceId, input.datasetId);
      const row = createConversation(input.workspaceId, input.datasetId, input.title ?? NEW_TITLE);
      changed(row);
      return state(row);
    },

    rename(input: { workspaceId: string; conversationId: string; title: string }): Conversation {
      const row = conversationRow(input.workspaceId, input.conversationId);
      const next = { ...row, title: input.title, updatedAt: clock.now() };
      db.update(conversations)
        .set({ title: next.title, updatedAt: next.updatedAt })
        .where(eq(conversations.id, row.id))
        .run();
      changed(next);
      return toConversation(next);
    },

    delete(input: { workspaceId: string; conversationId: string }): { deleted: true } {
      const row = conversationRow(input.workspaceId, input.conversationId);
      if (running.has(row.id)) {
        throw new CairnError(
          'CONFLICT',
          'The assistant is still answering in this conversation. Stop it first.',
        );
      }
      // Messages and runs go with it (foreign keys cascade).
      db.delete(conversations).where(eq(conversations.id, row.id)).run();
      changed(row);
      return { deleted: true };
    },

    history(input: { workspaceId: string; conversationId: string; beforeMessageId: string; limit: number }) {
      const row = conversationRow(input.workspaceId, input.conversationId);
      const seq = messageSeq(db, row.id, input.beforeMessageId);
      if (seq === null) throw new CairnError('NOT_FOUND', 'That message is not in this conversation.');
      return messagePage(db, row.id, input.limit, seq);
    },

    runsOfWorkspace(input: RunFilter) {
      requireWorkspace(db, input.workspaceId, { allowArchived: true });
      return listRuns(db, input);
    },

    runsCsv(input: Omit<RunFilter, 'limit' | 'offset'>): { fileName: string; text: string } {
      requireWorkspace(db, input.workspaceId, { allowArchived: true });
      const { runs } = listRuns(db, { ...input, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
      const stamp = clock.now().slice(0, 10);
      return { fileName: `cairn-agent-runs-${stamp}.csv`, text: runsCsv(runs) };
    },

    setProfile(input: { workspaceId: string; conversationId: string; profileId: string | null }): ChatState {
      const row = conversationRow(input.workspaceId, input.conversationId);
      if (running.has(row.id)) {
        throw new CairnError(
          'CONFLICT',
          'The assistant is still answering. Stop it or wait, then switch profiles.',
        );
      }
      if (input.profileId !== null) profiles.get({ id: input.profileId });
      const next = { ...row, profileId: input.profileId, updatedAt: clock.now() };
      db.update(conversations)
        .set({ profileId: next.profileId, updatedAt: next.updatedAt })
        .where(eq(conversations.id, row.id))
        .run();
      changed(next);
      return state(next);
    },

    /** Runs one turn. Cancelling the signal stops the provider and any apply in flight. */
    async send(
      input: { workspaceId: string; conversationId: string; text: string },
      ctx: SendContext,
    ): Promise<{ runId: string; outcome: 'completed' | 'failed'; messages: ChatMessage[] }> {
      const row = conversationRow(input.workspaceId, input.conversationId);
      if (running.has(row.id)) {
        throw new CairnError('CONFLICT', 'The assistant is still answering in this conversation.');
      }
      const { profile } = profileOf(row);
      const scope: ToolScope = {
        workspaceId: row.workspaceId,
        datasetId: row.datasetId,
        profileId: profile.id,
        conversationId: row.id,
      };
      const controller = new AbortController();
      const forward = (): void => controller.abort();
      ctx.signal.addEventListener('abort', forward, { once: true });
      if (ctx.signal.aborted) controller.abort();
      const signal = controller.signal;

      const stored: ChatMessage[] = [];
      const emit = (message: Omit<ChatMessage, 'id' | 'createdAt'>): ChatMessage => {
        const saved = store(row.id, message);
        stored.push(saved);
        ctx.send({ type: 'message', message: saved });
        return saved;
      };
      // A workspace conversation (about its boards) has no dataset: no version, no columns.
      const datasetId = row.datasetId;
      const datasetScope = datasetId === null ? null : { workspaceId: row.workspaceId, datasetId };
      /**
       * The current version, looked up once and again only after a tool ran (only a tool moves it
       * within a turn): a lookup per stored message was most of a built-in turn's own time.
       */
      let knownVersion: { id: string | null } | null = null;
      const currentVersionId = (): string | null => {
        if (!datasetScope) return null;
        knownVersion ??= { id: datasets.get(datasetScope).currentVersionId };
        return knownVersion.id;
      };
      /** The dataset and its current version, as the turn starts. */
      const current = () => {
        if (!datasetScope) return { dataset: null, columns: [] };
        const dataset = datasets.get(datasetScope);
        knownVersion = { id: dataset.currentVersionId };
        const version = datasets.listVersions(datasetScope).find((v) => v.id === dataset.currentVersionId);
        return { dataset, version, columns: version?.columns ?? [] };
      };
      const blank = { toolCalls: null, toolCallId: null, tokensUsed: null, error: null };

      const runId = newId();
      scope.runId = runId;
      const startedAt = Date.now();
      const metrics = {
        latencyMs: 0,
        promptTokens: 0,
        completionTokens: 0,
        toolCalls: 0,
        rounds: 0,
        versionsCreated: 0,
      };
      db.insert(agentRuns)
        .values({
          id: runId,
          conversationId: row.id,
          profileId: profile.id,
          profileName: profile.name,
          experimentName: profile.experimentName,
          provider: profile.ai.provider,
          model: profile.ai.provider === 'builtin' ? 'builtin' : profile.ai.model,
          parameters: JSON.stringify({
            temperature: profile.ai.temperature,
            maxTokens: profile.ai.maxTokens,
            timeoutMs: profile.ai.timeoutMs,
          }),
          status: 'running',
          startedAt: clock.now(),
        })
        .run();
      // Only now: a failed insert above must not leave the conversation locked.
      running.set(row.id, controller);

      const stopIfCancelled = (): void => {
        if (signal.aborted) throw new ProviderError('Stopped.', true);
      };
      const runTool = async (call: ToolCall, rawArguments: unknown): Promise<ToolResult> => {
        // Stop means stop: a call that arrived before the press is not run after it.
        stopIfCancelled();
        metrics.toolCalls += 1;
        ctx.send({ type: 'status', text: `Running ${call.name}…` });
        knownVersion = null;
        const result = await toolbox.run(call.name, rawArguments, scope, signal);
        knownVersion = null;
        if (result.versionId && call.name === 'apply_operation' && result.ok) metrics.versionsCreated += 1;
        emit({
          ...blank,
          role: 'tool',
          content: result.text,
          toolCallId: call.id,
          // The version the tool made or moved to: the chat's Undo for this change rests on it.
          versionId: (result.ok ? result.versionId : undefined) ?? currentVersionId(),
        });
        stopIfCancelled();
        return result;
      };

      let outcome: 'completed' | 'failed' | 'cancelled' = 'completed';
      let failure: string | null = null;
      let partial = '';
      try {
        emit({ ...blank, role: 'user', content: input.text, versionId: currentVersionId() });
        if (row.title === NEW_TITLE) titleFromFirstMessage(row.id, input.text);
        // The space check first: a clear answer, no model call, for a dataset this profile may not see.
        try {
          if (datasetId !== null) assertDatasetInSpace(profile, null, datasetId);
        } catch (error) {
          if (!(error instanceof CairnError)) throw error;
          throw new ProviderError(`${error.message} Pick another profile, or add the dataset to the space.`);
        }
        if (profile.ai.provider === 'builtin') {
          const got = current();
          const columns = got.columns;
          const version = 'version' in got ? got.version : undefined;
          const values =
            version && datasetScope && deps.knownValues
              ? deps.knownValues({ ...datasetScope, versionId: version.id })
              : {};
          const plan = deps.interpret(input.text, { columns, values });
          metrics.rounds = 1;
          if (plan.kind === 'reply') {
            emit({ ...blank, role: 'assistant', content: plan.text, versionId: currentVersionId() });
          } else {
            const call: ToolCall = {
              id: `builtin_${newId()}`,
              name: plan.call.name,
              arguments: JSON.stringify(plan.call.arguments),
            };
            emit({
              ...blank,
              role: 'assistant',
              content: '',
              toolCalls: [call],
              versionId: currentVersionId(),
            });
            const result = await runTool(call, plan.call.arguments);
            // A failure is said once, as an error, without the tool's name: the person asked in words.
            if (!result.ok) {
              const why = result.text.replace(/^[a-z_]+ failed: /, '');
              emit({
                ...blank,
                role: 'assistant',
                content: '',
                error: `${why}${/changed\.$/.test(why) ? '' : ' Nothing was changed.'}`,
                versionId: currentVersionId(),
              });
            } else {
              const present = 'present' in plan ? plan.present : undefined;
              const text = present && result.data ? present(result.data) : result.text;
              emit({ ...blank, role: 'assistant', content: text, versionId: currentVersionId() });
            }
          }
        } else {
          await modelTurn();
        }
      } catch (error) {
        if (signal.aborted) {
          outcome = 'cancelled';
          failure = 'Stopped before the answer was finished.';
        } else if (error instanceof ProviderError) {
          outcome = 'failed';
          failure = error.message;
        } else {
          outcome = 'failed';
          failure = 'Something went wrong inside Cairn while answering. The details are in its log.';
          console.error('Chat turn failed', error);
        }
        emit({
          ...blank,
          role: 'assistant',
          content: partial,
          error: failure,
          versionId: currentVersionId(),
        });
      } finally {
        ctx.signal.removeEventListener('abort', forward);
        running.delete(row.id);
        metrics.latencyMs = Date.now() - startedAt;
        db.update(agentRuns)
          .set({
            status: outcome,
            metrics: JSON.stringify(metrics),
            error: failure,
            completedAt: clock.now(),
          })
          .where(eq(agentRuns.id, runId))
          .run();
        changed(row);
      }
      if (outcome === 'cancelled') throw new CairnError('CANCELLED', 'Stopped.');
      return { runId, outcome, messages: stored };

      async function modelTurn(): Promise<void> {
        const { dataset, columns: currentColumns } = current();
        const space = profile.spaces.find((s) => s.isDefault);
        const columns = describeColumns(currentColumns);
        const system = [
          profile.prompts.systemPrompt,
          profile.prompts.editingInstructions,
          dataset
            ? `The dataset is “${dataset.name}”: ${dataset.rowCount} rows; columns: ${columns}.`
            : "This conversation is about the workspace's task boards: use the task tools.",
          dataset
            ? `Filter and derive expressions use a small SQL-like language: column names (bare, or in double quotes when they have spaces: "Origin State"), text in single quotes ('Texas'), numbers, + - * / %, comparisons, AND/OR/NOT, IS NULL, IN, LIKE, BETWEEN and the functions ${FUNCTION_NAMES.join(', ')}.`
            : '',
          space?.instructions ? `Instructions for this space (“${space.name}”): ${space.instructions}` : '',
        ]
          .filter((part) => part.trim() !== '')
          .join('\n\n');
        const history = toModelHistory(messagesOf(row.id));
        const last = history[history.length - 1];
        if (last?.role === 'user') {
          last.content = renderUserTemplate(profile.prompts.userTemplate, {
            question: input.text,
            profile: profile.name,
            dataset: dataset?.name ?? '',
            schema: columns,
            space: space?.name ?? '',
          });
        }
        const conversation: ChatCompletionMessageParam[] = [{ role: 'system', content: system }, ...history];
        const client = createClient(profile.ai, profiles.apiKeyFor(profile.id));
        const tools = toolbox.definitions({ dataTools: datasetId !== null });
        for (let round = 1; round <= MAX_TOOL_ROUNDS; round += 1) {
          metrics.rounds = round;
          // The person may have moved the version while the model was thinking.
          knownVersion = null;
          partial = '';
          const step = await streamCompletion({
            client,
            ai: profile.ai,
            messages: conversation,
            tools,
            signal,
            newCallId: () => `call_${newId()}`,
            onDelta: (text) => {
              partial += text;
              ctx.send({ type: 'delta', text });
            },
          });
          metrics.promptTokens += step.promptTokens ?? 0;
          metrics.completionTokens += step.completionTokens ?? 0;
          const tokens =
            step.promptTokens === null && step.completionTokens === null
              ? null
              : (step.promptTokens ?? 0) + (step.completionTokens ?? 0);
          partial = '';
          emit({
            ...blank,
            role: 'assistant',
            content: step.content,
            toolCalls: step.toolCalls.length ? step.toolCalls : null,
            tokensUsed: tokens,
            versionId: currentVersionId(),
          });
          if (step.toolCalls.length === 0) return;
          conversation.push({
            role: 'assistant',
            content: step.content,
            tool_calls: step.toolCalls.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          });
          for (const call of step.toolCalls) {
            const { text } = await runTool(call, call.arguments);
            conversation.push({ role: 'tool', tool_call_id: call.id, content: text });
          }
        }
        throw new ProviderError(
          `The model kept calling tools for ${MAX_TOOL_ROUNDS} rounds without answering, so Cairn stopped it. What it did is kept above.`,
        );
      }
    },

    /**
     * Apply fix under the assistant's list of problems: the insight's fix, through the Insights
     * panel's own path, on the current version. It is kept in the conversation as the person's
     * request, the apply call and its result, so the new version shows with its Undo after a reload
     * and a model reads what happened.
     */
    async applyFix(input: {
      workspaceId: string;
      conversationId: string;
      insightId: string;
    }): Promise<{ versionId: string; messages: ChatMessage[] }> {
      const row = conversationRow(input.workspaceId, input.conversationId);
      if (row.datasetId === null) {
        throw new CairnError(
          'VALIDATION',
          'This conversation is about the boards; fixes belong to a dataset.',
        );
      }
      if (running.has(row.id)) {
        throw new CairnError(
          'CONFLICT',
          'The assistant is still answering in this conversation. Wait, then apply the fix.',
        );
      }
      const scope = { workspaceId: row.workspaceId, datasetId: row.datasetId };
      const before = datasets.get(scope).currentVersionId;
      if (before === null) throw new CairnError('CONFLICT', 'The dataset has no current version yet.');
      const { analysis } = deps.analysis.get({ ...scope, versionId: before, goalType: 'data_quality' });
      const insight = analysis?.insights.find((i) => i.id === input.insightId);
      if (!insight) {
        throw new CairnError(
          'CONFLICT',
          'That problem was found in another version than the current one. Ask “what’s wrong” again to see the current version’s problems.',
        );
      }
      if (!insight.fix) throw new CairnError('VALIDATION', 'This problem has no automatic fix.');
      const fix = insight.fix;
      const controller = new AbortController();
      running.set(row.id, controller);
      const stored: ChatMessage[] = [];
      const blank = { toolCalls: null, toolCallId: null, tokensUsed: null, error: null };
      const keep = (message: Omit<ChatMessage, 'id' | 'createdAt'>) => stored.push(store(row.id, message));
      try {
        const words = summarizeOperation(fix);
        keep({ ...blank, role: 'user', content: `Apply the fix: ${words}`, versionId: before });
        const call: ToolCall = {
          id: `fix_${newId()}`,
          name: 'apply_operation',
          arguments: JSON.stringify({ operation: fix }),
        };
        keep({ ...blank, role: 'assistant', content: '', toolCalls: [call], versionId: before });
        let made: string;
        try {
          made = (await deps.analysis.fix({ ...scope, insightId: insight.id })).versionId;
        } catch (error) {
          if (!(error instanceof CairnError) || error.code === 'INTERNAL') throw error;
          keep({
            ...blank,
            role: 'tool',
            content: `apply_operation failed: ${error.message}`,
            toolCallId: call.id,
            versionId: before,
          });
          keep({
            ...blank,
            role: 'assistant',
            content: '',
            error: `${error.message} Nothing was changed.`,
            versionId: before,
          });
          throw error;
        }
        const version = datasets.listVersions(scope).find((v) => v.id === made);
        const shape = version
          ? ` The new version has ${formatCount(version.rowCount)} rows × ${version.columnCount} columns.`
          : '';
        const done = `Done: ${version?.summary ?? words}.${shape} Undo brings the previous version back.`;
        keep({ ...blank, role: 'tool', content: done, toolCallId: call.id, versionId: made });
        keep({ ...blank, role: 'assistant', content: done, versionId: made });
        return { versionId: made, messages: stored };
      } finally {
        running.delete(row.id);
        changed(row);
      }
    },

    stop(input: { workspaceId: string; conversationId: string }): { stopped: boolean } {
      const row = conversationRow(input.workspaceId, input.conversationId);
      const controller = running.get(row.id);
      if (!controller) return { stopped: false };
      controller.abort();
      return { stopped: true };
    },

    /**
     * Start-up: turns that were running when Cairn last closed (or crashed) can never finish.
     * Their runs are marked cancelled and their conversations say so, instead of waiting forever.
     */
    recover(): { recovered: number } {
      const stale = db.select().from(agentRuns).where(eq(agentRuns.status, 'running')).all();
      for (const run of stale) {
        db.update(agentRuns)
          .set({
            status: 'cancelled',
            error: 'Cairn closed before the turn finished.',
            completedAt: clock.now(),
          })
          .where(eq(agentRuns.id, run.id))
          .run();
        store(run.conversationId, {
          role: 'assistant',
          content: '',
          toolCalls: null,
          toolCallId: null,
          tokensUsed: null,
          versionId: null,
          error: 'Cairn closed before this answer was finished.',
        });
      }
      return { recovered: stale.length };
    },

    /** Every agent run of a conversation, newest first (seed 003's experiment log). */
    runs(conversationId: string) {
      return db
        .select()
        .from(agentRuns)
        .where(eq(agentRuns.conversationId, conversationId))
        .orderBy(desc(agentRuns.startedAt))
        .all();
    },

    /** Stops every turn (app shutdown). */
    close(): void {
      for (const controller of running.values()) controller.abort();
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
