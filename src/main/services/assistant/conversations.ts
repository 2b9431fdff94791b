import { and, asc, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { AgentRun, ChatMessage, RunMetrics } from '../../../shared/chat';
import { RUN_STATUSES, runMetricsSchema } from '../../../shared/chat';
import type { AppDatabase } from '../../db/connection';
import { csvCell } from '../datasets/exports';
import { agentRuns, conversations, messages, type MessageRow } from '../../db/schema';

/**
 * Read-side queries of the chat: message pages, conversation lists and the agent-run log. They
 * take an already scoped conversation or workspace id; the service checks the scope first.
 */

function parseToolCalls(text: string | null): ChatMessage['toolCalls'] {
  if (text === null) return null;
  return JSON.parse(text) as ChatMessage['toolCalls'];
}

export function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    role: row.role,
    content: row.content,
    toolCalls: parseToolCalls(row.toolCalls),
    toolCallId: row.toolCallId,
    tokensUsed: row.tokensUsed,
    versionId: row.versionId,
    error: row.error,
    createdAt: row.createdAt,
  };
}

/** Up to `limit` messages before `beforeSeq` (or the newest), oldest first, and whether more exist. */
export function messagePage(
  db: AppDatabase,
  conversationId: string,
  limit: number,
  beforeSeq?: number,
): { messages: ChatMessage[]; hasOlder: boolean } {
  const where =
    beforeSeq === undefined
      ? eq(messages.conversationId, conversationId)
      : and(eq(messages.conversationId, conversationId), lt(messages.seq, beforeSeq));
  const rows = db
    .select()
    .from(messages)
    .where(where)
    .orderBy(desc(messages.seq))
    .limit(limit + 1)
    .all();
  const hasOlder = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasOlder };
}

export function messageSeq(db: AppDatabase, conversationId: string, messageId: string): number | null {
  const row = db
    .select({ seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
    .get();
  return row?.seq ?? null;
}

export function messageCounts(db: AppDatabase, conversationIds: string[]): Map<string, number> {
  if (conversationIds.length === 0) return new Map();
  const rows = db
    .select({ id: messages.conversationId, n: count() })
    .from(messages)
    .where(inArray(messages.conversationId, conversationIds))
    .groupBy(messages.conversationId)
    .all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

export function conversationsOf(db: AppDatabase, workspaceId: string, datasetId: string | null) {
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        datasetId === null ? isNull(conversations.datasetId) : eq(conversations.datasetId, datasetId),
      ),
    )
    .orderBy(desc(conversations.updatedAt), asc(conversations.createdAt))
    .all();
}

function parseMetrics(text: string | null): RunMetrics | null {
  if (text === null) return null;
  const parsed = runMetricsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

function parseParameters(text: string): AgentRun['parameters'] {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return { temperature: num(raw.temperature), maxTokens: num(raw.maxTokens), timeoutMs: num(raw.timeoutMs) };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RunFilter {
  workspaceId: string;
  experimentName?: string;
  profileId?: string;
  limit: number;
  offset: number;
}

/** The workspace's runs, newest first, with totals over every run that matches the filter. */
export function listRuns(db: AppDatabase, filter: RunFilter) {
  const all = db
    .select({ run: agentRuns, title: conversations.title, datasetId: conversations.datasetId })
    .from(agentRuns)
    .innerJoin(conversations, eq(conversations.id, agentRuns.conversationId))
    .where(eq(conversations.workspaceId, filter.workspaceId))
    .orderBy(desc(agentRuns.startedAt), desc(agentRuns.id))
    .all();
  const experiments = [...new Set(all.map((r) => r.run.experimentName))].sort();
  const profiles = new Map<string, { id: string | null; name: string }>();
  for (const { run } of all)
    profiles.set(`${run.profileId}:${run.profileName}`, { id: run.profileId, name: run.profileName });

  const matching = all.filter(
    ({ run }) =>
      (filter.experimentName === undefined || run.experimentName === filter.experimentName) &&
      (filter.profileId === undefined || run.profileId === filter.profileId),
  );
  const runs: AgentRun[] = matching.map(({ run, title, datasetId }) => ({
    id: run.id,
    conversationId: run.conversationId,
    conversationTitle: title,
    datasetId,
    profileId: run.profileId,
    profileName: run.profileName,
    experimentName: run.experimentName,
    provider: run.provider,
    model: run.model,
    parameters: parseParameters(run.parameters),
    status: run.status,
    metrics: parseMetrics(run.metrics),
    error: run.error,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
  }));

  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<
    (typeof RUN_STATUSES)[number],
    number
  >;
  const totals = { promptTokens: 0, completionTokens: 0, toolCalls: 0, versionsCreated: 0 };
  const latencies: number[] = [];
  for (const run of runs) {
    byStatus[run.status] += 1;
    if (!run.metrics) continue;
    totals.promptTokens += run.metrics.promptTokens;
    totals.completionTokens += run.metrics.completionTokens;
    totals.toolCalls += run.metrics.toolCalls;
    totals.versionsCreated += run.metrics.versionsCreated;
    if (run.status !== 'running') latencies.push(run.metrics.latencyMs);
  }
  return {
    runs: runs.slice(filter.offset, filter.offset + filter.limit),
    totals: { runs: runs.length, byStatus, ...totals, medianLatencyMs: median(latencies) },
    experiments,
    profiles: [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const RUN_COLUMNS: { name: string; numeric: boolean; value(run: AgentRun): string | number | null }[] = [
  { name: 'started_at', numeric: false, value: (r) => r.startedAt },
  { name: 'completed_at', numeric: false, value: (r) => r.completedAt },
  { name: 'status', numeric: false, value: (r) => r.status },
  { name: 'experiment', numeric: false, value: (r) => r.experimentName },
  { name: 'profile', numeric: false, value: (r) => r.profileName },
  { name: 'provider', numeric: false, value: (r) => r.provider },
  { name: 'model', numeric: false, value: (r) => r.model },
  { name: 'temperature', numeric: true, value: (r) => r.parameters.temperature },
  { name: 'max_tokens', numeric: true, value: (r) => r.parameters.maxTokens },
  { name: 'timeout_ms', numeric: true, value: (r) => r.parameters.timeoutMs },
  { name: 'latency_ms', numeric: true, value: (r) => r.metrics?.latencyMs ?? null },
  { name: 'prompt_tokens', numeric: true, value: (r) => r.metrics?.promptTokens ?? null },
  { name: 'completion_tokens', numeric: true, value: (r) => r.metrics?.completionTokens ?? null },
  { name: 'tool_calls', numeric: true, value: (r) => r.metrics?.toolCalls ?? null },
  { name: 'rounds', numeric: true, value: (r) => r.metrics?.rounds ?? null },
  { name: 'versions_created', numeric: true, value: (r) => r.metrics?.versionsCreated ?? null },
  { name: 'conversation', numeric: false, value: (r) => r.conversationTitle },
  { name: 'error', numeric: false, value: (r) => r.error },
  { name: 'run_id', numeric: false, value: (r) => r.id },
];

/** The runs as CSV; names people typed (titles, profiles) are guarded against spreadsheet formulas. */
export function runsCsv(runs: AgentRun[]): string {
  const lines = [RUN_COLUMNS.map((c) => c.name).join(',')];
  for (const run of runs) {
    lines.push(RUN_COLUMNS.map((c) => csvCell(c.value(run), c.numeric ? 'float' : 'text', true)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
