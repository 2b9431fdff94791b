import { z } from 'zod';
import { defineEvent, defineInvoke } from './contract';
import { idSchema, timestampSchema } from './ids';
import { nameSchema } from './names';

export const WORKSPACE_NAME_MAX = 80;
export const WORKSPACE_DESCRIPTION_MAX = 2000;

export const workspaceNameSchema = nameSchema('A workspace', WORKSPACE_NAME_MAX);

export const workspaceSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  archivedAt: timestampSchema.nullable(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

const byId = z.object({ id: idSchema });

export const workspacesList = defineInvoke('workspaces:list', {
  input: z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
  output: z.array(workspaceSchema),
});

export const workspacesGet = defineInvoke('workspaces:get', {
  input: byId,
  output: workspaceSchema,
});

export const workspacesCreate = defineInvoke('workspaces:create', {
  input: z.object({
    name: workspaceNameSchema,
    description: z.string().trim().max(WORKSPACE_DESCRIPTION_MAX).default(''),
  }),
  output: workspaceSchema,
});

export const workspacesRename = defineInvoke('workspaces:rename', {
  input: z.object({ id: idSchema, name: workspaceNameSchema }),
  output: workspaceSchema,
});

export const workspacesDescribe = defineInvoke('workspaces:describe', {
  input: z.object({ id: idSchema, description: z.string().trim().max(WORKSPACE_DESCRIPTION_MAX) }),
  output: workspaceSchema,
});

export const workspacesArchive = defineInvoke('workspaces:archive', {
  input: byId,
  output: workspaceSchema,
});

export const workspacesRestore = defineInvoke('workspaces:restore', {
  input: byId,
  output: workspaceSchema,
});

/** Sent after any change so every open window can refresh its list. */
export const workspacesChanged = defineEvent('workspaces:changed', {
  payload: z.object({
    reason: z.enum(['created', 'renamed', 'described', 'archived', 'restored']),
    workspace: workspaceSchema,
  }),
});

export const workspaceContracts = [
  workspacesList,
  workspacesGet,
  workspacesCreate,
  workspacesRename,
  workspacesDescribe,
  workspacesArchive,
  workspacesRestore,
  workspacesChanged,
] as const;
