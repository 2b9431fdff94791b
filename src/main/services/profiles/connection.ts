import OpenAI from 'openai';
import type { AiSettingsInput } from '../../../shared/profiles';
import { plural } from '../../../shared/text';

export interface ConnectionResult {
  ok: boolean;
  message: string;
  models: string[];
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;

function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const e = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof e.code === 'string') return { code: e.code, message: String(e.message ?? '') };
    current = e.cause;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Explains a failed request the way a person needs it: what happened and what to check. */
export function explainConnectionError(error: unknown, baseUrl: string, timeoutMs: number): string {
  if (error instanceof OpenAI.AuthenticationError) {
    return 'The endpoint refused the API key (401 Unauthorized). Check the key, or set one if the server needs it.';
  }
  if (error instanceof OpenAI.PermissionDeniedError) {
    return 'The endpoint answered 403 Forbidden: this key may not list models.';
  }
  if (error instanceof OpenAI.NotFoundError) {
    return `The endpoint has no models list at ${baseUrl.replace(/\/$/, '')}/models. Is the base URL right? It usually ends in /v1.`;
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `No answer from ${baseUrl} within ${Math.round(timeoutMs / 1000)} s.`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = rootCause(error.cause ?? error);
    if (cause.code === 'ECONNREFUSED')
      return `Nothing is listening at ${baseUrl} (connection refused). Is the server running?`;
    if (cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN')
      return `The host in ${baseUrl} could not be found. Check the address.`;
    if (cause.code && TLS_CODES.test(cause.code)) {
      return `The server’s TLS certificate could not be verified (${cause.code}). Check the address, or the server’s certificate.`;
    }
    return `Could not reach ${baseUrl}: ${cause.code ?? cause.message}.`;
  }
  if (error instanceof OpenAI.APIError) {
    return `The endpoint answered ${error.status ?? 'with an error'}: ${error.message}`;
  }
  return `The connection test failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Lists the endpoint's models with the `openai` client: the cheapest call that proves the settings work. */
export async function testConnection(ai: AiSettingsInput, apiKey: string | null): Promise<ConnectionResult> {
  if (ai.provider === 'builtin') {
    return {
      ok: true,
      message: 'The built-in assistant runs inside Cairn and needs no connection.',
      models: [],
    };
  }
  const timeout = Math.min(ai.timeoutMs, 15_000);
  const client = new OpenAI({ baseURL: ai.baseUrl, apiKey: apiKey ?? 'no-key', timeout, maxRetries: 0 });
  try {
    const models: string[] = [];
    for await (const model of client.models.list()) {
      models.push(model.id);
      if (models.length >= 500) break;
    }
    const has = ai.model !== '' && models.includes(ai.model);
    const message =
      models.length === 0
        ? 'Connected, but the endpoint lists no models.'
        : has
          ? `Connected. ${plural(models.length, 'model')} available, including “${ai.model}”.`
          : `Connected. ${plural(models.length, 'model')} available, but not “${ai.model}”.`;
    return { ok: true, message, models };
  } catch (error) {
    return { ok: false, message: explainConnectionError(error, ai.baseUrl, timeout), models: [] };
  }
}
