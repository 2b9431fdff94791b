import type { Column, OperationInput } from '../../../shared/operations';
import type { TaskToolName } from './task-tools';

/**
 * The assistant's tools, shared by every provider: the built-in interpreter turns a plain
 * command into one of these calls, an OpenAI-compatible model asks for them by name. Either
 * way the same code runs them (tools.ts), inside the conversation's dataset and space.
 */
export const TOOL_NAMES = [
  'show_profile',
  'list_insights',
  'preview_rows',
  'list_versions',
  'apply_operation',
  'undo',
  'redo',
  'checkout',
  'diff_versions',
  'run_sql',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** Arguments per tool, as the tool's zod schema (tools.ts) accepts them. */
export interface ToolArguments {
  show_profile: Record<string, never>;
  list_insights: Record<string, never>;
  /** At most 50 rows of the current version; `filter` is an expression in Cairn's language. */
  preview_rows: { limit?: number; filter?: string };
  list_versions: Record<string, never>;
  /** Applied to the current version: a new child version becomes current. */
  apply_operation: { operation: OperationInput };
  undo: Record<string, never>;
  redo: Record<string, never>;
  checkout: { versionId: string };
  diff_versions: { from: string; to: string };
  /** One read-only SELECT over the current version, which it names `data`. */
  run_sql: { query: string };
}

export type ToolCallRequest = {
  [N in ToolName]: { name: N; arguments: ToolArguments[N] };
}[ToolName];

/** What the built-in interpreter sees of the conversation's dataset when it reads a command. */
export interface BuiltinContext {
  /** Columns of the current version, in order. Empty when the conversation has no dataset. */
  columns: Column[];
  /**
   * Values each column is known to hold (the profile's most common ones), so that "shipped" or
   * "boston" can be read as a value of the right column, spelt as stored.
   */
  values?: Readonly<Record<string, readonly string[]>>;
  /** Today, for dates in words ("before last month"); the clock's now when omitted. */
  today?: Date;
}

/**
 * The built-in interpreter's answer to one message: a tool to call, or a reply written at once
 * (help, or why the command could not be understood, naming what would work).
 */
export type BuiltinPlan =
  | {
      kind: 'tool';
      call: ToolCallRequest;
      /** Words the answer for people from the tool's rows (a question); the tool's text otherwise. */
      present?: (data: ToolData) => string;
    }
  | { kind: 'reply'; text: string };

/** The rows a read-only tool found, for the built-in assistant to word its answer. */
export interface ToolData {
  columns: string[];
  rows: (string | number | boolean | null)[][];
}

/** A call of a task tool (task-tools.ts); its arguments are validated there. */
export interface TaskToolCallRequest {
  name: TaskToolName;
  arguments: Record<string, unknown>;
}

/** What the chat runs for a built-in turn: the data interpreter's plan, or a task tool call. */
export type AssistantPlan = BuiltinPlan | { kind: 'tool'; call: TaskToolCallRequest };
