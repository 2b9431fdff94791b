import { WebSocket } from 'ws';

export type Opened = { ws: WebSocket; messages: unknown[] } | { status: number };

/**
 * Opens a WebSocket to the web host with exactly these headers (Host, Origin, Cookie…). Resolves
 * with the open socket and the list its messages are collected into, or with the HTTP status of
 * a refused upgrade.
 */
export function openSocket(
  port: number,
  headers: Record<string, string>,
  pathname = '/api/ws',
): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, {
      headers: { host: `127.0.0.1:${port}`, ...headers },
    });
    const messages: unknown[] = [];
    ws.on('message', (raw) => messages.push(JSON.parse(String(raw)) as unknown));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

/** Waits until a collected message satisfies `match`, and returns it. */
export async function nextMessage<T = unknown>(
  messages: unknown[],
  match: (message: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (messages as T[]).find(match);
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`No matching message; got ${JSON.stringify(messages)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Closes a socket and waits for the close to complete. */
export function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}
