import type { Result } from '../shared/result';
import type { StreamFrame } from '../shared/stream';

/** What the preload exposes as `window.cairn`: three verbs, allow-listed channels only. */
export interface CairnBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  stream(
    channel: string,
    requestId: string,
    input: unknown,
    onFrame: (frame: StreamFrame) => void,
  ): { cancel(): void };
  /** The path of a dropped or picked file (desktop only; the page never sees the file system otherwise). */
  pathForFile(file: File): string;
}
