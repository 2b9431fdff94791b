import { z } from 'zod';
import { defineEvent, defineInvoke } from './contract';
import { idSchema, timestampSchema } from './ids';
import { nameSchema } from './names';

/**
 * Configuration profiles for the assistant (seed 003): AI settings, spaces, an experiment name
 * and prompts, with a change history. The same limits are CHECK constraints in the database;
 * these schemas give the person a readable message before a request is even sent.
 */

export const PROVIDERS = ['builtin', 'openai_compatible'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const TEMPERATURE_MIN = 0;
export const TEMPERATURE_MAX = 2;
export const TIMEOUT_MAX_MS = 10 * 60_000;
export const PROFILE_NAME_MAX = 80;
export const PROFILES_EXPORT_MAX = 1000;

/** Placeholders a user template may use; anything else in `{{…}}` is refused on save. */
export const TEMPLATE_PLACEHOLDERS = ['question', 'profile', 'dataset', 'schema', 'space'] as const;

export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  const found = [...template.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
  return [...new Set(found.filter((name) => !known.has(name)))];
}

export const profileNameSchema = nameSchema('A profile', PROFILE_NAME_MAX);

export const temperatureSchema = z
  .number({ error: 'Temperature must be a number.' })
  .min(TEMPERATURE_MIN, `Temperature must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}.`)
  .max(TEMPERATURE_MAX, `Temperature must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}.`);

export const maxTokensSchema = z
  .number({ error: 'Max tokens must be a number.' })
  .int('Max tokens must be a whole number.')
  .positive('Max tokens must be greater than 0.');

export const timeoutMsSchema = z
  .number({ error: 'The timeout must be a number.' })
  .int('The timeout must be a whole number of milliseconds.')
  .min(1000, 'The timeout must be at least 1 second.')
  .max(TIMEOUT_MAX_MS, 'The timeout must be at most 10 minutes.');

export const baseUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    if (value === '') return true;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'The base URL must be an http:// or https:// address.');

export const aiSettingsSchema = z.object({
  provider: z.enum(PROVIDERS),
  baseUrl: baseUrlSchema,
  model: z.string().trim().max(200),
  temperature: temperatureSchema,
  maxTokens: maxTokensSchema,
  timeoutMs: timeoutMsSchema,
});
export type AiSettingsInput = z.infer<typeof aiSettingsSchema>;

/** An OpenAI-compatible endpoint needs an address and a model; the built-in one needs neither. */
function checkEndpoint(ai: AiSettingsInput, ctx: z.RefinementCtx): void {
  if (ai.provider !== 'openai_compatible') return;
  if (ai.baseUrl === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['ai', 'baseUrl'],
      message: 'An OpenAI-compatible provider needs a base URL.',
    });
  }
  if (ai.model === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['ai', 'model'],
      message: 'An OpenAI-compatible provider needs a model name.',
    });
  }
}

export const spaceInputSchema = z.object({
  id: idSchema.optional(),
  name: nameSchema('A space', 80),
  instructions: z.string().max(20_000).default(''),
  /** null: every dataset of the workspace; otherwise only these. */
  datasetIds: z.array(z.string().min(1)).max(10_000).nullable().default(null),
  isDefault: z.boolean().default(false),
});

export const promptsSchema = z.object({
  systemPrompt: z.string().max(50_000),
  editingInstructions: z.string().max(50_000),
  userTemplate: z
    .string()
    .max(50_000)
    .superRefine((template, ctx) => {
      const unknown = unknownPlaceholders(template);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{{${u}}}`).join(', ')}. Use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
        });
      }
    }),
});

export const spaceSchema = z.object({
  id: idSchema,
  name: z.string(),
  instructions: z.string(),
  datasetIds: z.array(z.string()).nullable(),
  isDefault: z.boolean(),
});
export type Space = z.infer<typeof spaceSchema>;

export const profileSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  isDefault: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  ai: aiSettingsSchema.extend({ apiKeySet: z.boolean() }),
  spaces: z.array(spaceSchema),
  experimentName: z.string(),
  prompts: z.object({ systemPrompt: z.string(), editingInstructions: z.string(), userTemplate: z.string() }),
});
export type Profile = z.infer<typeof profileSchema>;

/** Everything a person can edit, as one document: what create, update, import and restore take. */
export const profileContentSchema = z
  .object({
    name: profileNameSchema,
    description: z.string().trim().max(2000).default(''),
    ai: aiSettingsSchema,
    spaces: z
      .array(spaceInputSchema)
      .max(100)
      .refine((spaces) => spaces.filter((s) => s.isDefault).length <= 1, 'Only one space can be the default.')
      .refine(
        (spaces) => new Set(spaces.map((s) => s.name.toLowerCase())).size === spaces.length,
        'Two spaces of a profile cannot share a name.',
      )
      .default([]),
    experimentName: z.string().trim().max(200).default(''),
    prompts: promptsSchema,
  })
  .superRefine((content, ctx) => checkEndpoint(content.ai, ctx));
export type ProfileContent = z.input<typeof profileContentSchema>;

export const HISTORY_ACTIONS = [
  'create',
  'update',
  'delete',
  'set_default',
  'restore',
  'import',
  'api_key',
] as const;
export const historyActionSchema = z.enum(HISTORY_ACTIONS);

export const historyEntrySchema = z.object({
  id: idSchema,
  profileId: idSchema,
  profileName: z.string(),
  action: historyActionSchema,
  summary: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  createdAt: timestampSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const secretsInfoSchema = z.object({
  backend: z.enum(['os', 'os_weak', 'key_file']),
  /** Shown beside the key field: how safe the stored key is on this machine. */
  note: z.string(),
});
export type SecretsInfo = z.infer<typeof secretsInfoSchema>;

const byId = z.object({ id: idSchema });

export const profilesList = defineInvoke('profiles:list', {
  input: z.object({}).default({}),
  output: z.array(profileSchema),
});

export const profilesGet = defineInvoke('profiles:get', { input: byId, output: profileSchema });

export const profilesCreate = defineInvoke('profiles:create', {
  input: profileContentSchema,
  output: profileSchema,
});

export const profilesUpdate = defineInvoke('profiles:update', {
  input: z.object({ id: idSchema, content: profileContentSchema }),
  output: profileSchema,
});

export const profilesDuplicate = defineInvoke('profiles:duplicate', { input: byId, output: profileSchema });

export const profilesDelete = defineInvoke('profiles:delete', {
  input: byId,
  output: z.object({ id: idSchema }),
});

export const profilesSetDefault = defineInvoke('profiles:setDefault', { input: byId, output: profileSchema });

export const profilesSetApiKey = defineInvoke('profiles:setApiKey', {
  input: z.object({
    id: idSchema,
    apiKey: z.string().trim().min(1, 'Enter a key, or use “Remove key”.').max(4000),
  }),
  output: profileSchema,
});

export const profilesClearApiKey = defineInvoke('profiles:clearApiKey', {
  input: byId,
  output: profileSchema,
});

export const profilesHistory = defineInvoke('profiles:history', {
  input: z.object({ profileId: idSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }),
  output: z.array(historyEntrySchema),
});

export const profilesRestore = defineInvoke('profiles:restore', {
  input: z.object({ historyId: idSchema }),
  output: profileSchema,
});

export const profilesExport = defineInvoke('profiles:export', {
  // Bounded and without repeats: each id becomes a whole profile in the answer, so a long list
  // of one id was an amplifier (6,000 repeats in a 256 KB request, 13 MB out).
  input: z
    .object({
      ids: z
        .array(idSchema)
        .max(PROFILES_EXPORT_MAX, `Export at most ${PROFILES_EXPORT_MAX} profiles at once.`)
        .refine((ids) => new Set(ids).size === ids.length, 'A profile is listed twice.')
        .optional(),
    })
    .default({}),
  output: z.object({
    format: z.literal('cairn-profiles'),
    version: z.literal(1),
    profiles: z.array(z.unknown()),
  }),
});

export const profilesImport = defineInvoke('profiles:import', {
  input: z.object({ document: z.unknown() }),
  output: z.object({ imported: z.array(profileSchema) }),
});

export const profilesTestConnection = defineInvoke('profiles:testConnection', {
  input: z.object({
    id: idSchema,
    /** Unsaved settings to test; the saved ones when absent. */
    ai: aiSettingsSchema.optional(),
    /**
     * A key typed for this test only. Without it the stored key is sent only when the tested
     * base URL is the profile's saved one (a secret never follows an edited address).
     */
    apiKey: z.string().trim().min(1).max(4000).optional(),
  }),
  output: z.object({ ok: z.boolean(), message: z.string(), models: z.array(z.string()) }),
});

export const profilesSecretsInfo = defineInvoke('profiles:secretsInfo', {
  input: z.object({}).default({}),
  output: secretsInfoSchema,
});

export const profilesChanged = defineEvent('profiles:changed', {
  payload: z.object({ profileId: idSchema.nullable(), action: historyActionSchema }),
});

export const profileContracts = [
  profilesList,
  profilesGet,
  profilesCreate,
  profilesUpdate,
  profilesDuplicate,
  profilesDelete,
  profilesSetDefault,
  profilesSetApiKey,
  profilesClearApiKey,
  profilesHistory,
  profilesRestore,
  profilesExport,
  profilesImport,
  profilesTestConnection,
  profilesSecretsInfo,
  profilesChanged,
] as const;
