import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import {
  ANALYSIS_STATUSES,
  GOAL_TYPES,
  INSIGHT_STATUSES,
  INSIGHT_TYPES,
  SEVERITIES,
} from '../../shared/analysis';
import {
  BOARD_AUTHORS,
  MAX_TASK_DEPTH,
  PRIORITIES,
  PROJECT_STATUSES,
  TASK_STATUSES,
} from '../../shared/boards';
import { MESSAGE_ROLES, RUN_STATUSES } from '../../shared/chat';
import { DATASET_STATUSES, VERSION_STORAGE } from '../../shared/datasets';
import { CREATED_BY } from '../../shared/ids';
import { HISTORY_ACTIONS, PROVIDERS } from '../../shared/profiles';

/**
 * App metadata schema. Changing it means `npm run db:generate` (drizzle-kit writes the SQL into
 * `drizzle/`); migrations are applied at start-up after a backup. Never edit generated SQL.
 * Every enum is defined once in src/shared (the contracts validate with the same list) and
 * becomes a CHECK here.
 */

/** `(‘a’, ‘b’)` for a CHECK … IN, from the one definition of an enum in src/shared. */
function sqlList(values: readonly string[]) {
  return sql.raw(`(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    // Two active workspaces may not share a name, whatever its case; archived ones may.
    uniqueIndex('workspaces_active_name_unique')
      .on(sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} IS NULL`),
    index('workspaces_archived_at_idx').on(t.archivedAt),
    check('workspaces_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export type WorkspaceRow = typeof workspaces.$inferSelect;

/* ---------- Configuration profiles (seed 003) ---------- */

export const configProfiles = sqliteTable(
  'config_profiles',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('config_profiles_name_unique').on(sql`lower(${t.name})`),
    // At most one default, enforced by SQLite itself; the service keeps it at exactly one.
    uniqueIndex('config_profiles_one_default')
      .on(t.isDefault)
      .where(sql`${t.isDefault} = 1`),
    check('config_profiles_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export const aiSettings = sqliteTable(
  'ai_settings',
  {
    profileId: text('profile_id')
      .primaryKey()
      .references(() => configProfiles.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    baseUrl: text('base_url').notNull().default(''),
    model: text('model').notNull().default(''),
    temperature: real('temperature').notNull(),
    maxTokens: integer('max_tokens').notNull(),
    timeoutMs: integer('timeout_ms').notNull(),
    /** Where the encrypted key is kept in the secret store; never the key itself. */
    apiKeyRef: text('api_key_ref'),
  },
  (t) => [
    check('ai_settings_provider', sql`${t.provider} IN ${sqlList(PROVIDERS)}`),
    check('ai_settings_temperature_range', sql`${t.temperature} >= 0 AND ${t.temperature} <= 2`),
    check('ai_settings_max_tokens_positive', sql`${t.maxTokens} > 0`),
    check('ai_settings_timeout_positive', sql`${t.timeoutMs} > 0`),
  ],
);

export const profileSpaces = sqliteTable(
  'profile_spaces',
  {
    id: text('id').primaryKey(),
    profileId: text('profile_id')
      .notNull()
      .references(() => configProfiles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    instructions: text('instructions').notNull().default(''),
    /** JSON array of dataset ids; NULL means every dataset of the workspace. */
    datasetIds: text('dataset_ids'),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    uniqueIndex('profile_spaces_name_unique').on(t.profileId, sql`lower(${t.name})`),
    uniqueIndex('profile_spaces_one_default')
      .on(t.profileId)
      .where(sql`${t.isDefault} = 1`),
    check('profile_spaces_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export const profileExperiments = sqliteTable('profile_experiments', {
  profileId: text('profile_id')
    .primaryKey()
    .references(() => configProfiles.id, { onDelete: 'cascade' }),
  experimentName: text('experiment_name').notNull().default(''),
});

export const profilePrompts = sqliteTable('profile_prompts', {
  profileId: text('profile_id')
    .primaryKey()
    .references(() => configProfiles.id, { onDelete: 'cascade' }),
  systemPrompt: text('system_prompt').notNull().default(''),
  editingInstructions: text('editing_instructions').notNull().default(''),
  userTemplate: text('user_template').notNull().default(''),
});

/**
 * Every change to a profile with its state before and after (secrets redacted). Not tied to
 * the profile by a foreign key on purpose: the history of a deleted profile is what restores it.
 */
export const profileHistory = sqliteTable(
  'profile_history',
  {
    id: text('id').primaryKey(),
    profileId: text('profile_id').notNull(),
    profileName: text('profile_name').notNull(),
    action: text('action', { enum: HISTORY_ACTIONS }).notNull(),
    summary: text('summary').notNull(),
    beforeJson: text('before_json'),
    afterJson: text('after_json'),
    createdAt: text('created_at').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    index('profile_history_profile_idx').on(t.profileId, t.seq),
    uniqueIndex('profile_history_seq_unique').on(t.seq),
    check('profile_history_action', sql`${t.action} IN ${sqlList(HISTORY_ACTIONS)}`),
  ],
);

/* ---------- Datasets and their version tree (seeds 000 and 001) ---------- */

export const datasets = sqliteTable(
  'datasets',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sourceName: text('source_name').notNull(),
    sourceSize: integer('source_size').notNull(),
    encoding: text('encoding').notNull(),
    delimiter: text('delimiter').notNull(),
    status: text('status', { enum: DATASET_STATUSES }).notNull(),
    error: text('error'),
    /** The version rows are the commit point; these point into them. */
    rootVersionId: text('root_version_id'),
    currentVersionId: text('current_version_id'),
    /** JSON array of what the import noticed and handled. */
    importNotes: text('import_notes').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    archivedAt: text('archived_at'),
  },
  (t) => [
    index('datasets_workspace_idx').on(t.workspaceId, t.archivedAt),
    check('datasets_status', sql`${t.status} IN ${sqlList(DATASET_STATUSES)}`),
    check('datasets_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export const versions = sqliteTable(
  'versions',
  {
    id: text('id').primaryKey(),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    parentId: text('parent_id').references((): AnySQLiteColumn => versions.id),
    /** The operation (JSON) that produced this version from its parent; NULL for the root. */
    operation: text('operation'),
    summary: text('summary').notNull(),
    label: text('label'),
    createdBy: text('created_by', { enum: CREATED_BY }).notNull(),
    rowCount: integer('row_count').notNull(),
    columnCount: integer('column_count').notNull(),
    /** JSON array of { name, type }. */
    columns: text('columns').notNull(),
    /** JSON profile snapshot, filled by profiling. */
    profile: text('profile'),
    /** How the rows are kept in the dataset's data file: a table, a view, or evicted (rebuilt on read). */
    storage: text('storage', { enum: VERSION_STORAGE }).notNull(),
    relation: text('relation').notNull(),
    createdAt: text('created_at').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    index('versions_dataset_idx').on(t.datasetId, t.seq),
    index('versions_parent_idx').on(t.parentId),
    check('versions_created_by', sql`${t.createdBy} IN ${sqlList(CREATED_BY)}`),
    check('versions_storage', sql`${t.storage} IN ${sqlList(VERSION_STORAGE)}`),
    check('versions_root_has_no_operation', sql`(${t.parentId} IS NULL) = (${t.operation} IS NULL)`),
  ],
);

/** Redo memory: the child of a version that was current most recently. */
export const versionNavigation = sqliteTable('version_navigation', {
  versionId: text('version_id')
    .primaryKey()
    .references(() => versions.id, { onDelete: 'cascade' }),
  lastChildId: text('last_child_id')
    .notNull()
    .references(() => versions.id, { onDelete: 'cascade' }),
});

export type DatasetRow = typeof datasets.$inferSelect;
export type VersionRow = typeof versions.$inferSelect;

/* ---------- Profiling, quality and insights (seed 001) ---------- */

export const analyses = sqliteTable(
  'analyses',
  {
    id: text('id').primaryKey(),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    versionId: text('version_id')
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    goalType: text('goal_type', { enum: GOAL_TYPES }).notNull(),
    status: text('status', { enum: ANALYSIS_STATUSES }).notNull(),
    qualityScore: real('quality_score'),
    /** JSON of the score's components. */
    quality: text('quality'),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    error: text('error'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('analyses_version_goal_unique').on(t.versionId, t.goalType),
    index('analyses_dataset_idx').on(t.datasetId),
    index('analyses_status_idx').on(t.status),
    check('analyses_goal_type', sql`${t.goalType} IN ${sqlList(GOAL_TYPES)}`),
    check('analyses_status', sql`${t.status} IN ${sqlList(ANALYSIS_STATUSES)}`),
    check(
      'analyses_quality_range',
      sql`${t.qualityScore} IS NULL OR (${t.qualityScore} >= 0 AND ${t.qualityScore} <= 100)`,
    ),
  ],
);

export const columnProfiles = sqliteTable(
  'column_profiles',
  {
    id: text('id').primaryKey(),
    analysisId: text('analysis_id')
      .notNull()
      .references(() => analyses.id, { onDelete: 'cascade' }),
    columnName: text('column_name').notNull(),
    inferredType: text('inferred_type').notNull(),
    nullCount: integer('null_count').notNull(),
    uniqueCount: integer('unique_count').notNull(),
    minValue: text('min_value'),
    maxValue: text('max_value'),
    mean: real('mean'),
    median: real('median'),
    /** JSON: histogram bins or top values. */
    distribution: text('distribution'),
  },
  (t) => [index('column_profiles_analysis_idx').on(t.analysisId, t.columnName)],
);

export const insights = sqliteTable(
  'insights',
  {
    id: text('id').primaryKey(),
    analysisId: text('analysis_id')
      .notNull()
      .references(() => analyses.id, { onDelete: 'cascade' }),
    /** JSON array of the column names concerned. */
    columns: text('columns').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    type: text('type', { enum: INSIGHT_TYPES }).notNull(),
    rule: text('rule').notNull(),
    description: text('description').notNull(),
    recommendation: text('recommendation').notNull(),
    /** The operation (JSON) that fixes it, if there is one. */
    fix: text('fix'),
    codeSuggestion: text('code_suggestion'),
    status: text('status', { enum: INSIGHT_STATUSES }).notNull().default('open'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('insights_analysis_idx').on(t.analysisId),
    index('insights_severity_idx').on(t.severity),
    check('insights_severity', sql`${t.severity} IN ${sqlList(SEVERITIES)}`),
    check('insights_type', sql`${t.type} IN ${sqlList(INSIGHT_TYPES)}`),
    check('insights_status', sql`${t.status} IN ${sqlList(INSIGHT_STATUSES)}`),
  ],
);

export type AnalysisRow = typeof analyses.$inferSelect;
export type InsightRow = typeof insights.$inferSelect;

/* ---------- Chat and the assistant (seeds 000, 003 and 004) ---------- */

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** NULL: a general conversation, not about one dataset. */
    datasetId: text('dataset_id').references(() => datasets.id, { onDelete: 'cascade' }),
    /** The profile this conversation talks through; NULL follows the default profile. */
    profileId: text('profile_id').references(() => configProfiles.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('conversations_scope_idx').on(t.workspaceId, t.datasetId, t.updatedAt)],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MESSAGE_ROLES }).notNull(),
    content: text('content').notNull(),
    /** JSON array of { id, name, arguments } the assistant asked for. */
    toolCalls: text('tool_calls'),
    /** On a tool message: the call it answers. */
    toolCallId: text('tool_call_id'),
    tokensUsed: integer('tokens_used'),
    /** The dataset version current when the message was made. */
    versionId: text('version_id').references(() => versions.id, { onDelete: 'set null' }),
    error: text('error'),
    createdAt: text('created_at').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_unique').on(t.conversationId, t.seq),
    check('messages_role', sql`${t.role} IN ${sqlList(MESSAGE_ROLES)}`),
    check('messages_tool_has_call', sql`(${t.role} = 'tool') = (${t.toolCallId} IS NOT NULL)`),
    check('messages_tokens_not_negative', sql`${t.tokensUsed} IS NULL OR ${t.tokensUsed} >= 0`),
  ],
);

/** One row per assistant turn (seed 003's MLflow runs, kept locally). */
export const agentRuns = sqliteTable(
  'agent_runs',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** Kept as text, not a foreign key: a run outlives the profile it ran with. */
    profileId: text('profile_id'),
    profileName: text('profile_name').notNull(),
    experimentName: text('experiment_name').notNull(),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    model: text('model').notNull(),
    /** JSON: temperature, max tokens, timeout. */
    parameters: text('parameters').notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    /** JSON: latency, tokens, tool calls, versions created. */
    metrics: text('metrics'),
    error: text('error'),
    startedAt: text('started_at').notNull(),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('agent_runs_conversation_idx').on(t.conversationId, t.startedAt),
    index('agent_runs_experiment_idx').on(t.experimentName, t.startedAt),
    check('agent_runs_provider', sql`${t.provider} IN ${sqlList(PROVIDERS)}`),
    check('agent_runs_status', sql`${t.status} IN ${sqlList(RUN_STATUSES)}`),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/* ---------- Boards: projects, nested tasks, patch sets (seeds 002 and 004) ---------- */

export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: PROJECT_STATUSES }).notNull(),
    priority: text('priority', { enum: PRIORITIES }).notNull(),
    /** JSON array of strings. */
    tags: text('tags').notNull().default('[]'),
    /** JSON object. */
    metadata: text('metadata').notNull().default('{}'),
    /** JSON object: external system → id. */
    integrationIds: text('integration_ids').notNull().default('{}'),
    createdBy: text('created_by', { enum: BOARD_AUTHORS }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    deletedAt: text('deleted_at'),
    /** The soft delete that hid this row: a restore brings back exactly that batch. */
    deleteBatchId: text('delete_batch_id'),
  },
  (t) => [
    uniqueIndex('projects_live_name_unique')
      .on(t.workspaceId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} IS NULL`),
    index('projects_workspace_idx').on(t.workspaceId, t.deletedAt),
    index('projects_delete_batch_idx').on(t.deleteBatchId),
    check('projects_name_not_blank', sql`length(trim(${t.name})) > 0`),
    check('projects_status', sql`${t.status} IN ${sqlList(PROJECT_STATUSES)}`),
    check('projects_priority', sql`${t.priority} IN ${sqlList(PRIORITIES)}`),
    check('projects_created_by', sql`${t.createdBy} IN ${sqlList(BOARD_AUTHORS)}`),
    check('projects_deleted_has_batch', sql`(${t.deletedAt} IS NULL) = (${t.deleteBatchId} IS NULL)`),
  ],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    parentId: text('parent_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: TASK_STATUSES }).notNull(),
    priority: text('priority', { enum: PRIORITIES }).notNull(),
    assignee: text('assignee'),
    /** A day, YYYY-MM-DD. */
    dueDate: text('due_date'),
    estimatedMinutes: integer('estimated_minutes'),
    actualMinutes: integer('actual_minutes'),
    tags: text('tags').notNull().default('[]'),
    metadata: text('metadata').notNull().default('{}'),
    createdBy: text('created_by', { enum: BOARD_AUTHORS }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    completedAt: text('completed_at'),
    depth: integer('depth').notNull(),
    /** Order within the project's status column; fractional so a move rewrites one row. */
    position: real('position').notNull(),
    deletedAt: text('deleted_at'),
    deleteBatchId: text('delete_batch_id'),
    datasetId: text('dataset_id').references(() => datasets.id, { onDelete: 'set null' }),
    versionId: text('version_id').references(() => versions.id, { onDelete: 'set null' }),
    insightId: text('insight_id').references(() => insights.id, { onDelete: 'set null' }),
  },
  (t) => [
    // The target of the composite key below: a parent is named with its project.
    uniqueIndex('tasks_id_project_unique').on(t.id, t.projectId),
    // A task's project is its parent's: the pair must exist as a task. Moving a parent to
    // another project carries its subtree along (ON UPDATE CASCADE); deleting it, the subtree.
    foreignKey({
      name: 'tasks_parent_same_project_fk',
      columns: [t.parentId, t.projectId],
      foreignColumns: [t.id, t.projectId],
    })
      .onDelete('cascade')
      .onUpdate('cascade'),
    index('tasks_board_idx').on(t.projectId, t.deletedAt, t.status, t.position),
    index('tasks_parent_idx').on(t.parentId, t.position),
    index('tasks_due_idx').on(t.dueDate),
    index('tasks_assignee_idx').on(t.assignee),
    index('tasks_dataset_idx').on(t.datasetId),
    index('tasks_delete_batch_idx').on(t.deleteBatchId),
    check('tasks_title_not_blank', sql`length(trim(${t.title})) > 0`),
    check('tasks_status', sql`${t.status} IN ${sqlList(TASK_STATUSES)}`),
    check('tasks_priority', sql`${t.priority} IN ${sqlList(PRIORITIES)}`),
    check('tasks_created_by', sql`${t.createdBy} IN ${sqlList(BOARD_AUTHORS)}`),
    check('tasks_depth_range', sql`${t.depth} >= 0 AND ${t.depth} <= ${sql.raw(String(MAX_TASK_DEPTH))}`),
    check('tasks_top_level_depth', sql`(${t.parentId} IS NULL) = (${t.depth} = 0)`),
    check('tasks_not_own_parent', sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
    check(
      'tasks_minutes_not_negative',
      sql`(${t.estimatedMinutes} IS NULL OR ${t.estimatedMinutes} >= 0) AND (${t.actualMinutes} IS NULL OR ${t.actualMinutes} >= 0)`,
    ),
    check('tasks_deleted_has_batch', sql`(${t.deletedAt} IS NULL) = (${t.deleteBatchId} IS NULL)`),
  ],
);

/** Every applied patch set: who, what, the result, and the rows before and after (for revert). */
export const patchSets = sqliteTable(
  'patch_sets',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    author: text('author', { enum: BOARD_AUTHORS }).notNull(),
    summary: text('summary').notNull(),
    /** JSON: the patches as given. */
    patches: text('patches').notNull(),
    /** JSON: created/updated/deleted ids. */
    result: text('result').notNull(),
    /** JSON: each row the set changed, before and after — what a revert restores and checks. */
    changes: text('changes').notNull(),
    agentRunId: text('agent_run_id').references(() => agentRuns.id, { onDelete: 'set null' }),
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    revertOfId: text('revert_of_id').references((): AnySQLiteColumn => patchSets.id, {
      onDelete: 'set null',
    }),
    revertedById: text('reverted_by_id').references((): AnySQLiteColumn => patchSets.id, {
      onDelete: 'set null',
    }),
    createdAt: text('created_at').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [
    uniqueIndex('patch_sets_seq_unique').on(t.seq),
    index('patch_sets_workspace_idx').on(t.workspaceId, t.seq),
    index('patch_sets_conversation_idx').on(t.conversationId),
    check('patch_sets_author', sql`${t.author} IN ${sqlList(BOARD_AUTHORS)}`),
  ],
);

export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type PatchSetRow = typeof patchSets.$inferSelect;
