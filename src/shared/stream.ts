import { z } from 'zod';
import { errorInfoSchema } from './result-schema';

/** Frames of a running stream, as they travel over either transport. */
export const streamFrameSchema = z.discriminatedUnion('type', [
  z.object({ requestId: z.string(), type: z.literal('chunk'), data: z.unknown() }),
  z.object({ requestId: z.string(), type: z.literal('end'), data: z.unknown() }),
  z.object({ requestId: z.string(), type: z.literal('error'), error: errorInfoSchema }),
]);

export type StreamFrame = z.infer<typeof streamFrameSchema>;

export const streamStartSchema = z.object({
  requestId: z.string().min(1).max(100),
  channel: z.string().max(200),
  // Optional: a stream without input gets the channel's own answer (its defaults, or VALIDATION).
  input: z.unknown().optional(),
});

export const streamCancelSchema = z.object({ requestId: z.string().min(1).max(100) });

/** Fixed transport channel names (not contracts: they carry contracts). */
export const TRANSPORT = {
  invoke: 'cairn:invoke',
  event: 'cairn:event',
  streamStart: 'cairn:stream:start',
  streamCancel: 'cairn:stream:cancel',
  streamFrame: 'cairn:stream:frame',
} as const;
