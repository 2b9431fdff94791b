/**
 * How large a request body (HTTP) or stream start (WebSocket) the web host reads per channel.
 * Most calls carry ids and a few short fields; the default is far above any of them and far
 * below what would let one request tie up the process (zod reports every bad item of an array,
 * so parsing time grows with the body). The few calls that carry documents get more room.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

export const CHANNEL_BODY_LIMITS: Readonly<Record<string, number>> = {
  // A profile holds prompts up to 50,000 characters each and spaces with dataset lists.
  'profiles:create': 4 * 1024 * 1024,
  'profiles:update': 4 * 1024 * 1024,
  // A file of many exported profiles.
  'profiles:import': 16 * 1024 * 1024,
  // A recipe lists every operation of a dataset's history.
  'recipes:apply': 4 * 1024 * 1024,
};

/** The body limit of `channel`, never above the host's overall `ceiling`. */
export function bodyLimitFor(channel: string, ceiling: number): number {
  return Math.min(ceiling, CHANNEL_BODY_LIMITS[channel] ?? DEFAULT_BODY_LIMIT);
}
