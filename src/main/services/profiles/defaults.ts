import type { ProfileContent } from '../../../shared/profiles';

export const DEFAULT_SYSTEM_PROMPT = [
  'You are Cairn’s data assistant. You help a person understand and clean a table of data.',
  'Use the tools to look at the data before answering; never invent values.',
  'Every change you make creates a new version that the person can undo.',
].join(' ');

export const DEFAULT_EDITING_INSTRUCTIONS =
  'Prefer the smallest operation that does what was asked. Say what you changed and how many rows it affected.';

export const DEFAULT_USER_TEMPLATE = '{{question}}';

const prompts = {
  systemPrompt: DEFAULT_SYSTEM_PROMPT,
  editingInstructions: DEFAULT_EDITING_INSTRUCTIONS,
  userTemplate: DEFAULT_USER_TEMPLATE,
};

/** The profiles every installation starts with (created once, on first start). */
export const OFFLINE_PROFILE: ProfileContent = {
  name: 'Offline (built-in)',
  description: 'The built-in assistant: plain commands, no model, works without a network.',
  ai: { provider: 'builtin', baseUrl: '', model: '', temperature: 0, maxTokens: 2048, timeoutMs: 60_000 },
  spaces: [{ name: 'All datasets', instructions: '', datasetIds: null, isDefault: true }],
  experimentName: 'offline',
  prompts,
};

export const LOCAL_MODEL_PROFILE: ProfileContent = {
  name: 'Local model',
  description: 'A model served on this machine by Ollama (or any OpenAI-compatible server).',
  ai: {
    provider: 'openai_compatible',
    baseUrl: 'http://127.0.0.1:11434/v1',
    model: 'llama3.2',
    temperature: 0.2,
    maxTokens: 2048,
    timeoutMs: 120_000,
  },
  spaces: [{ name: 'All datasets', instructions: '', datasetIds: null, isDefault: true }],
  experimentName: 'local-model',
  prompts,
};
