import { profileContentSchema, type Profile, type Provider } from '../../../shared/profiles';

/**
 * The editor's working copy. Numbers are kept as the text the person typed so that "2.5" or
 * "abc" can be shown back with a message instead of being silently coerced.
 */
export interface SpaceDraft {
  key: string;
  id?: string;
  name: string;
  instructions: string;
  allDatasets: boolean;
  datasetIds: string;
  isDefault: boolean;
}

export interface Draft {
  name: string;
  description: string;
  provider: Provider;
  baseUrl: string;
  model: string;
  temperature: string;
  maxTokens: string;
  timeoutSeconds: string;
  spaces: SpaceDraft[];
  experimentName: string;
  systemPrompt: string;
  editingInstructions: string;
  userTemplate: string;
}

let spaceKey = 0;
export function newSpaceKey(): string {
  spaceKey += 1;
  return `space-${spaceKey}`;
}

export function draftOf(profile: Profile): Draft {
  return {
    name: profile.name,
    description: profile.description,
    provider: profile.ai.provider,
    baseUrl: profile.ai.baseUrl,
    model: profile.ai.model,
    temperature: String(profile.ai.temperature),
    maxTokens: String(profile.ai.maxTokens),
    timeoutSeconds: String(profile.ai.timeoutMs / 1000),
    spaces: profile.spaces.map((s) => ({
      key: newSpaceKey(),
      id: s.id,
      name: s.name,
      instructions: s.instructions,
      allDatasets: s.datasetIds === null,
      datasetIds: (s.datasetIds ?? []).join('\n'),
      isDefault: s.isDefault,
    })),
    experimentName: profile.experimentName,
    systemPrompt: profile.prompts.systemPrompt,
    editingInstructions: profile.prompts.editingInstructions,
    userTemplate: profile.prompts.userTemplate,
  };
}

function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

export type FieldErrors = Record<string, string>;

/** Validates with the very schema the backend uses; errors are keyed by field path. */
export function contentOf(draft: Draft) {
  const candidate = {
    name: draft.name,
    description: draft.description,
    ai: {
      provider: draft.provider,
      baseUrl: draft.baseUrl,
      model: draft.model,
      temperature: toNumber(draft.temperature),
      maxTokens: toNumber(draft.maxTokens),
      timeoutMs: Math.round(toNumber(draft.timeoutSeconds) * 1000),
    },
    spaces: draft.spaces.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      name: s.name,
      instructions: s.instructions,
      datasetIds: s.allDatasets
        ? null
        : s.datasetIds
            .split(/[\s,]+/)
            .map((x) => x.trim())
            .filter(Boolean),
      isDefault: s.isDefault,
    })),
    experimentName: draft.experimentName,
    prompts: {
      systemPrompt: draft.systemPrompt,
      editingInstructions: draft.editingInstructions,
      userTemplate: draft.userTemplate,
    },
  };
  const parsed = profileContentSchema.safeParse(candidate);
  if (parsed.success) return { ok: true as const, content: parsed.data, errors: {} as FieldErrors };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    let key = issue.path.map(String).join('.');
    if (key === 'ai.timeoutMs') key = 'ai.timeoutSeconds';
    errors[key] ??= issue.message;
  }
  return { ok: false as const, content: null, errors };
}

export function sameDraft(a: Draft, b: Draft): boolean {
  const strip = (d: Draft) => ({ ...d, spaces: d.spaces.map(({ key: _key, ...rest }) => rest) });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
