import { z } from 'zod';

export const idSchema = z.uuid();
export const timestampSchema = z.string();
export const createdBySchema = z.enum(['user', 'assistant', 'import']);
export type CreatedBy = z.infer<typeof createdBySchema>;
