import type { CairnBridge } from '../../preload/api';
import type { ImportSource } from '../../shared/datasets';
import { CairnError, type ErrorInfo, type Result } from '../../shared/result';
import type { StreamFrame } from '../../shared/stream';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** How the renderer reaches the main process: Electron IPC or the local web host. */
export interface Transport {
  readonly kind: 'electron' | 'web';
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  stream(
    channel: string,
    requestId: string,
    input: unknown,
    onFrame: (frame: StreamFrame) => void,
  ): { cancel(): void };
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /**
   * Turns a dropped or picked file into an import source: its path on the desktop, an upload
   * streamed to the web host in a browser (with progress as a fraction 0–1).
   */
  sourceForFile(file: File, onProgress?: (fraction: number) => void): Promise<ImportSource>;
  /** Starts a browser download of a file the backend wrote (web host only). */
  download(downloadPath: string, fileName: string): void;
}

const unreachable: { ok: false; error: ErrorInfo } = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'Cairn’s backend is not reachable. Is it still running?' },
};

export function electronTransport(bridge: CairnBridge): Transport {
  return {
    kind: 'electron',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (channel, listener) => bridge.on(channel, listener),
    stream: (channel, requestId, input, onFrame) => bridge.stream(channel, requestId, input, onFrame),
    onStatus: (listener) => {
      listener('connected');
      return () => undefined;
    },
    sourceForFile: (file) => Promise.resolve({ kind: 'path', path: bridge.pathForFile(file) }),
    download: () => undefined,
  };
}

/** The browser transport: HTTP for calls, one WebSocket (reconnecting) for events and streams. */
export function webTransport(location: Location = window.location): Transport {
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const streamListeners = new Map<string, (frame: StreamFrame) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let retry = 0;
  const queue: string[] = [];

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const failOpenStreams = (): void => {
    for (const [requestId, listener] of streamListeners) {
      listener({ requestId, type: 'error', error: unreachable.error });
    }
    streamListeners.clear();
  };

  const connect = (): void => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      setStatus('connected');
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (event) => {
      let message: { type: string; channel?: string; payload?: unknown; frame?: StreamFrame };
      try {
        message = JSON.parse(String(event.data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === 'event' && message.channel) {
        for (const listener of eventListeners.get(message.channel) ?? []) listener(message.payload);
      } else if (message.type === 'stream' && message.frame) {
        const listener = streamListeners.get(message.frame.requestId);
        if (!listener) return;
        if (message.frame.type !== 'chunk') streamListeners.delete(message.frame.requestId);
        listener(message.frame);
      }
    };
    ws.onclose = () => {
      socket = null;
      setStatus('disconnected');
      failOpenStreams();
      retry += 1;
      setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(retry, 5)));
    };
  };
  connect();

  const sendOrQueue = (message: unknown): void => {
    const text = JSON.stringify(message);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };

  return {
    kind: 'web',
    invoke: async (channel, input) => {
      let response: Response;
      try {
        response = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
          credentials: 'same-origin',
        });
      } catch {
        return unreachable;
      }
      if (response.status === 401) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message:
              'This browser is no longer signed in to Cairn. Open the address printed by `npm run serve` again.',
          },
        };
      }
      try {
        return (await response.json()) as Result<unknown>;
      } catch {
        return unreachable;
      }
    },
    on: (channel, listener) => {
      const set = eventListeners.get(channel) ?? new Set();
      set.add(listener);
      eventListeners.set(channel, set);
      return () => set.delete(listener);
    },
    stream: (channel, requestId, input, onFrame) => {
      streamListeners.set(requestId, onFrame);
      sendOrQueue({ type: 'stream:start', requestId, channel, input });
      return { cancel: () => sendOrQueue({ type: 'stream:cancel', requestId }) };
    },
    onStatus: (listener) => {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    sourceForFile: (file, onProgress) =>
      new Promise<ImportSource>((resolve, reject) => {
        // XMLHttpRequest, not fetch: only it reports upload progress.
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress?.(event.loaded / event.total);
        };
        xhr.onerror = () => reject(new CairnError('UNAVAILABLE', 'The file could not be sent to Cairn.'));
        xhr.onload = () => {
          let body: Result<{ uploadId: string }> | null = null;
          try {
            body = JSON.parse(xhr.responseText) as Result<{ uploadId: string }>;
          } catch {
            body = null;
          }
          if (body?.ok) resolve({ kind: 'upload', uploadId: body.value.uploadId, fileName: file.name });
          else reject(CairnError.fromInfo(body && !body.ok ? body.error : unreachable.error));
        };
        xhr.send(file);
      }),
    download: (downloadPath, fileName) => {
      const a = document.createElement('a');
      a.href = downloadPath;
      a.download = fileName;
      a.click();
    },
  };
}
