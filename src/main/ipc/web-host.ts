import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { contentSecurityPolicy } from '../../shared/csp';
import { fail } from '../../shared/result';
import { firstIssueMessage } from '../../shared/result-schema';
import { streamCancelSchema, streamStartSchema } from '../../shared/stream';
import type { EventBus } from '../events';
import { formatBytes } from '../../shared/text';
import { bodyLimitFor } from './body-limits';
import type { CallContext, Handlers, RunningStream } from './handlers';

export interface WebHostOptions {
  handlers: Handlers;
  events: EventBus;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  /** The ceiling on any request body or WebSocket message; per-channel limits sit below it. */
  maxBodyBytes?: number;
  /** Where uploaded files are streamed (browser imports); omitted: uploads are refused. */
  uploadsDir?: string;
  /** Finished CSV exports, served for download; omitted: no downloads. */
  exportsDir?: string;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes?: number;
  /**
   * How much may wait unsent for one WebSocket (a page that stopped reading) before the host
   * closes it and cancels its streams, rather than holding ever more of it in memory.
   */
  maxBufferedBytes?: number;
}

/** See `WebHostOptions.maxBufferedBytes`: several full frames, far below what would hurt. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface WebHost {
  port: number;
  token: string;
  /** The address to open, with the token; the host swaps it for a cookie on first load. */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8',
};

/** A browser's files arrive as uploads: no grant to name a path on this machine. */
const WEB_CONTEXT: CallContext = { transport: 'web' };

const tooLarge = (channel: string, limit: number): string =>
  `The request is too large: ${channel} accepts at most ${formatBytes(limit)}.`;

/** The request id of a message that failed to parse, when it names a usable one. */
function requestIdOf(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return null;
  const { type, requestId } = message as { type?: unknown; requestId?: unknown };
  const usable = typeof requestId === 'string' && requestId.length > 0 && requestId.length <= 100;
  return type === 'stream:start' && usable ? requestId : null;
}

const wsClientMessage = z.discriminatedUnion('type', [
  streamStartSchema.extend({ type: z.literal('stream:start') }),
  streamCancelSchema.extend({ type: z.literal('stream:cancel') }),
]);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** decodeURIComponent, or null for malformed percent-encoding (which it throws on). */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * Serves the renderer and the contracts to a browser on this machine only. Defences, each
 * tested: bound to 127.0.0.1; a per-launch token (URL once, then an HttpOnly SameSite=Strict
 * cookie); exact Host check against DNS rebinding; Origin check on every state-changing request
 * and WebSocket upgrade; no CORS headers at all; the desktop renderer's CSP.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const rendererDir = path.resolve(options.rendererDir);
  let port = 0;
  const cookieName = (): string => `cairn_token_${port}`;
  const allowedHosts = (): Set<string> => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> =>
    new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  const securityHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy({
      connect: [`ws://${LOOPBACK}:${port}`, `ws://localhost:${port}`],
    }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const send = (
    res: http.ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    extra: Record<string, string> = {},
  ): void => {
    res.writeHead(status, {
      ...securityHeaders(),
      'Content-Type': type,
      'Cache-Control': 'no-store',
      ...extra,
    });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown): void =>
    send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
  const refuse = (
    res: http.ServerResponse,
    status: number,
    message: string,
    code: 'FORBIDDEN' | 'VALIDATION' = 'FORBIDDEN',
  ): void => sendJson(res, status, fail(code, message));

  const hostAllowed = (req: http.IncomingMessage): boolean => allowedHosts().has(req.headers.host ?? '');
  const originAllowed = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin !== undefined && allowedOrigins().has(origin);
  };
  const bearer = (req: http.IncomingMessage): string | undefined => {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  };
  const authed = (req: http.IncomingMessage): boolean => {
    const fromHeader = bearer(req);
    if (fromHeader !== undefined) return safeEqual(fromHeader, token);
    const fromCookie = parseCookies(req.headers.cookie).get(cookieName());
    return fromCookie !== undefined && safeEqual(fromCookie, token);
  };
  /**
   * A browser always sends Origin on POST and on WebSocket upgrades, so a cookie-authenticated
   * request must carry ours. Only a non-browser client using the Bearer header may omit it.
   */
  const stateChangeAllowed = (req: http.IncomingMessage): boolean =>
    originAllowed(req) || (req.headers.origin === undefined && bearer(req) !== undefined);

  const readBody = (req: http.IncomingMessage, limit: number): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        // Past the limit the rest is read and dropped: destroying the request would reset the
        // connection before the 413 reached the client (only authenticated callers get here).
        if (tooLarge) return;
        size += chunk.length;
        if (size > limit) {
          tooLarge = true;
          chunks.length = 0;
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const unauthorizedPage = `<!doctype html><html><head><meta charset="utf-8"><title>Cairn</title></head><body><main><h1>Cairn needs its access link</h1><p>Open the address printed in the terminal where you ran <code>npm run serve</code>. It contains a one-time token that lets this browser in.</p></main></body></html>`;

  const serveStatic = async (res: http.ServerResponse, urlPath: string): Promise<void> => {
    const decoded = safeDecode(urlPath);
    if (decoded === null) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    const relative = urlPath === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    try {
      const body = await fs.promises.readFile(file);
      send(res, 200, body, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
    } catch {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
  };

  /**
   * Streams a browser's file to disk (never into memory), then answers with the id that
   * `imports:start` takes. A request that breaks off leaves no file behind.
   */
  const handleUpload = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!options.uploadsDir) return refuse(res, 404, 'Uploads are not available.', 'VALIDATION');
    const limit = options.maxUploadBytes ?? 20 * 1024 ** 3;
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) return refuse(res, 413, 'The file is too large to upload.', 'VALIDATION');
    await fs.promises.mkdir(options.uploadsDir, { recursive: true });
    const uploadId = randomBytes(18).toString('base64url');
    const file = path.join(options.uploadsDir, uploadId);
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) req.destroy(new Error('too large'));
        });
        req.on('error', reject);
        req.on('aborted', () => reject(new Error('aborted')));
        out.on('error', reject);
        out.on('finish', () => resolve());
        req.pipe(out);
      });
    } catch {
      out.destroy();
      await fs.promises.rm(file, { force: true });
      if (!res.headersSent && !res.destroyed)
        refuse(res, size > limit ? 413 : 400, 'The upload did not complete.', 'VALIDATION');
      return;
    }
    sendJson(res, 200, { ok: true, value: { uploadId, bytes: size } });
  };

  const serveExport = async (res: http.ServerResponse, name: string | null): Promise<void> => {
    if (!options.exportsDir || name === null || !/^[^/\\]+\.csv$/.test(name)) {
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    const file = path.join(options.exportsDir, name);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(stat.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  };

  const handleInvoke = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    channel: string,
  ): Promise<void> => {
    if (!stateChangeAllowed(req)) return refuse(res, 403, 'This request came from a page that is not Cairn.');
    const type = req.headers['content-type'] ?? '';
    // Requiring JSON keeps HTML forms (which cannot send it) from ever reaching a handler.
    if (!type.startsWith('application/json')) return refuse(res, 415, 'Requests must be JSON.', 'VALIDATION');
    const limit = bodyLimitFor(channel, maxBody);
    const body = await readBody(req, limit);
    if (body === null) return refuse(res, 413, tooLarge(channel, limit), 'VALIDATION');
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      return refuse(res, 400, 'The request body is not valid JSON.', 'VALIDATION');
    }
    const result = await options.handlers.invoke(channel, input, WEB_CONTEXT);
    sendJson(res, 200, result);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req)) return refuse(res, 421, 'This host name is not allowed.');
      const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
      if (url.pathname.startsWith('/api/invoke/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'Use POST.', 'VALIDATION');
        if (!authed(req)) return refuse(res, 401, 'Missing or wrong access token.');
        const channel = safeDecode(url.pathname.slice('/api/invoke/'.length));
        if (channel === null) return sendJson(res, 404, fail('NOT_FOUND', 'There is no such call.'));
        return handleInvoke(req, res, channel);
      }
      if (url.pathname === '/api/upload') {
        if (req.method !== 'POST') return refuse(res, 405, 'Use POST.', 'VALIDATION');
        if (!authed(req)) return refuse(res, 401, 'Missing or wrong access token.');
        if (!stateChangeAllowed(req))
          return refuse(res, 403, 'This request came from a page that is not Cairn.');
        return handleUpload(req, res);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return refuse(res, 405, 'Method not allowed.', 'VALIDATION');
      if (url.pathname.startsWith('/api/exports/')) {
        if (!authed(req)) return refuse(res, 401, 'Missing or wrong access token.');
        const name = safeDecode(url.pathname.slice('/api/exports/'.length));
        return serveExport(res, name);
      }
      const queryToken = url.searchParams.get('token');
      if (queryToken !== null && (url.pathname === '/' || url.pathname === '/index.html')) {
        if (!safeEqual(queryToken, token)) {
          return send(res, 401, unauthorizedPage, 'text/html; charset=utf-8');
        }
        // Swap the token in the address bar for a cookie, so it is not kept in history.
        res.writeHead(303, {
          ...securityHeaders(),
          'Set-Cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: '/',
          'Cache-Control': 'no-store',
        });
        res.end();
        return;
      }
      if (!authed(req)) return send(res, 401, unauthorizedPage, 'text/html; charset=utf-8');
      return serveStatic(res, url.pathname);
    })().catch((error: unknown) => {
      console.error('The web host failed to answer a request', error);
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Something went wrong inside Cairn.'));
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBody });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return reject(404, 'Not Found');
    if (!hostAllowed(req)) return reject(421, 'Misdirected Request');
    if (!stateChangeAllowed(req)) return reject(403, 'Forbidden');
    if (!authed(req)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    // A protocol violation (e.g. a message over maxPayload) arrives as 'error' and ws then closes
    // the socket itself; without a listener the event would be thrown and crash the host.
    ws.on('error', () => undefined);
    const streams = new Map<string, RunningStream>();
    const post = (message: unknown): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        // The page is not reading: drop it (its streams are cancelled on close) and keep the memory.
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const refuseStream = (requestId: string, message: string): void =>
      post({ type: 'stream', frame: { requestId, type: 'error', error: { code: 'VALIDATION', message } } });
    ws.on('message', (raw, isBinary) => {
      const text = isBinary ? null : String(raw);
      let message: unknown = null;
      try {
        message = text === null ? null : JSON.parse(text);
      } catch {
        // Not JSON: answered below as unrecognised.
      }
      const result = wsClientMessage.safeParse(message);
      if (!result.success) {
        // A start the renderer is waiting on gets its terminal frame, or its stream never ends.
        const requestId = requestIdOf(message);
        if (requestId !== null && !streams.has(requestId)) {
          refuseStream(requestId, `The stream request is not valid: ${firstIssueMessage(result.error)}`);
        } else post({ type: 'error', error: { code: 'VALIDATION', message: 'Unrecognised message.' } });
        return;
      }
      const parsed = result.data;
      if (parsed.type === 'stream:cancel') {
        streams.get(parsed.requestId)?.cancel();
        return;
      }
      if (streams.has(parsed.requestId)) {
        post({
          type: 'stream',
          frame: {
            requestId: parsed.requestId,
            type: 'error',
            error: { code: 'CONFLICT', message: 'That request id is already running.' },
          },
        });
        return;
      }
      const limit = bodyLimitFor(parsed.channel, maxBody);
      if (text !== null && Buffer.byteLength(text) > limit) {
        refuseStream(parsed.requestId, tooLarge(parsed.channel, limit));
        return;
      }
      let finished = false;
      const running = options.handlers.startStream(
        parsed.channel,
        parsed.requestId,
        parsed.input,
        WEB_CONTEXT,
        (frame) => {
          if (frame.type !== 'chunk') {
            finished = true;
            streams.delete(frame.requestId);
          }
          post({ type: 'stream', frame });
        },
      );
      // A stream refused up front has already sent its terminal frame.
      if (!finished) streams.set(parsed.requestId, running);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      for (const running of streams.values()) running.cancel();
      streams.clear();
    });
  });

  const unsubscribe = options.events.subscribe((channel, payload) => {
    const message = JSON.stringify({ type: 'event', channel, payload });
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > maxBuffered) ws.terminate();
      else ws.send(message);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
