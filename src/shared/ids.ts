import { z } from 'zod';

export const idSchema = z.uuid();
export const timestampSchema = z.string();
/** Who made a version. */
export const CREATED_BY = ['user', 'assistant', 'import'] as const;
export const createdBySchema = z.enum(CREATED_BY);
export type CreatedBy = z.infer<typeof createdBySchema>;
