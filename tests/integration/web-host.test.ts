import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { defineRegistry, defineStream } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import type { StreamFrame } from '../../src/shared/stream';
import type { CairnApp } from '../../src/main/app';
import { EventBus } from '../../src/main/events';
import { Handlers } from '../../src/main/ipc/handlers';
import { startWebHost, type WebHost } from '../../src/main/ipc/web-host';
import { createTestApp } from '../helpers/app';
import { json, request, type HttpRequest, type HttpResponse } from '../helpers/http';
import { useCleanup, useTempDirs } from '../helpers/temp';
import { closeSocket, nextMessage, openSocket } from '../helpers/ws';

const tempDir = useTempDirs();
const onCleanup = useCleanup();

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
const INDEX_HTML = '<!doctype html><title>Cairn test shell</title><div id="root"></div>';

/** Every response of this file, to prove no CORS header is ever sent. */
const seen: HttpResponse[] = [];

interface Env {
  host: WebHost;
  app: CairnApp;
  rendererDir: string;
  origin: string;
  cookie: string;
  send(req: HttpRequest): Promise<HttpResponse>;
  /** POST /api/invoke/<channel> as the renderer in a browser does it: cookie + Origin + JSON. */
  invoke(channel: string, body: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
}

async function startEnv(options: { maxBodyBytes?: number; token?: string | null } = {}): Promise<Env> {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("cairn");');
  // A file next to (not inside) the renderer folder that traversal must not reach.
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'top secret');
  const app = await createTestApp(path.join(dir, 'data'));
  onCleanup(() => app.close());
  const token = options.token === null ? undefined : (options.token ?? TOKEN);
  const host = await startWebHost({
    handlers: app.handlers,
    events: app.events,
    rendererDir,
    port: 0,
    ...(token !== undefined ? { token } : {}),
    ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  onCleanup(() => host.close());
  const origin = `http://127.0.0.1:${host.port}`;
  const cookie = `cairn_token_${host.port}=${host.token}`;
  const send = (req: HttpRequest): Promise<HttpResponse> => request(host.port, req, seen);
  return {
    host,
    app,
    rendererDir,
    origin,
    cookie,
    send,
    invoke: (channel, body, headers = {}) =>
      send({
        method: 'POST',
        path: `/api/invoke/${channel}`,
        headers: { origin, cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };
}

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});

afterAll(() => {
  for (const response of seen) {
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  }
});

describe('web host: start', () => {
  it('listens on 127.0.0.1 on a free port and prints a tokenised URL', () => {
    expect(env.host.port).toBeGreaterThan(0);
    expect(env.host.url).toBe(`http://127.0.0.1:${env.host.port}/?token=${TOKEN}`);
  });

  it('makes up a long random token per launch when none is given', async () => {
    const a = await startEnv({ token: null });
    const b = await startEnv({ token: null });
    expect(a.host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.host.token).not.toBe(b.host.token);
  });

  it('refuses a port that is already taken', async () => {
    await expect(
      startWebHost({
        handlers: env.app.handlers,
        events: env.app.events,
        rendererDir: env.rendererDir,
        port: env.host.port,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('web host: token', () => {
  it('refuses an API call without a token with 401', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: { origin: env.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(json(res)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Missing or wrong access token.' },
    });
  });

  it('refuses an API call with a wrong Bearer token or a wrong cookie with 401', async () => {
    const bearer = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: { authorization: `Bearer ${TOKEN}x`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(bearer.status).toBe(401);
    const cookie = await env.invoke('workspaces:list', {}, { cookie: `cairn_token_${env.host.port}=wrong` });
    expect(cookie.status).toBe(401);
    const otherPortCookie = await env.invoke('workspaces:list', {}, { cookie: `cairn_token_1=${TOKEN}` });
    expect(otherPortCookie.status).toBe(401);
  });

  it('answers a call with the right Bearer token (no Origin: a non-browser client) with a 200 envelope', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(res)).toEqual({ ok: true, value: [] });
  });

  it('refuses the static shell without a token with a 401 page', async () => {
    const res = await env.send({ path: '/' });
    expect(res.status).toBe(401);
    expect(res.body).toContain('Cairn needs its access link');
    expect(res.body).not.toContain('Cairn test shell');
  });

  it('swaps ?token= for an HttpOnly SameSite=Strict cookie named after the port, and the cookie then serves index.html', async () => {
    const res = await env.send({ path: `/?token=${TOKEN}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['cache-control']).toBe('no-store');
    const setCookie = res.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    const parts = (setCookie[0] as string).split(';').map((p) => p.trim());
    expect(parts[0]).toBe(`cairn_token_${env.host.port}=${TOKEN}`);
    expect(parts).toContain('HttpOnly');
    expect(parts).toContain('SameSite=Strict');
    expect(parts).toContain('Path=/');

    const page = await env.send({ path: '/', headers: { cookie: parts[0] as string } });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuses a wrong ?token= with 401 and sets no cookie', async () => {
    const res = await env.send({ path: '/?token=nope' });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('serves other renderer files with their content type to an authenticated browser', async () => {
    const res = await env.send({ path: '/assets/app.js', headers: { cookie: env.cookie } });
    expect(res.status).toBe(200);
    expect(res.body).toBe('console.log("cairn");');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('web host: Host header (DNS rebinding)', () => {
  it.each([
    ['another host name', (port: number) => `evil.example:${port}`],
    ['127.0.0.1 with another port', (port: number) => `127.0.0.1:${port + 1}`],
    ['no port at all', () => '127.0.0.1'],
  ])('refuses HTTP with %s, even with the right token', async (_what, hostOf) => {
    const host = hostOf(env.host.port);
    const page = await env.send({ path: '/', headers: { host, cookie: env.cookie } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('Cairn test shell');
    const api = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: { host, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(421);
    expect(json(api)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This host name is not allowed.' },
    });
    const swap = await env.send({ path: `/?token=${TOKEN}`, headers: { host } });
    expect(swap.status).toBe(421);
    expect(swap.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a WebSocket upgrade with a foreign Host', async () => {
    const opened = await openSocket(env.host.port, {
      host: `evil.example:${env.host.port}`,
      origin: env.origin,
      cookie: env.cookie,
    });
    expect(opened).toEqual({ status: 421 });
  });

  it('accepts localhost:<port> as the Host too', async () => {
    const res = await env.send({
      path: '/',
      headers: { host: `localhost:${env.host.port}`, cookie: env.cookie },
    });
    expect(res.status).toBe(200);
  });
});

describe('web host: Origin and content type on calls', () => {
  it('refuses a call from a foreign Origin with 403 even with the right cookie, and runs nothing', async () => {
    const res = await env.invoke('workspaces:create', { name: 'Evil' }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(json(res)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This request came from a page that is not Cairn.' },
    });
    expect(env.app.services.workspaces.list({ includeArchived: true })).toEqual([]);
  });

  it('refuses a call from the same host on another port (another local app) with 403', async () => {
    const res = await env.invoke('workspaces:list', {}, { origin: `http://127.0.0.1:${env.host.port + 1}` });
    expect(res.status).toBe(403);
  });

  it('refuses the opaque Origin "null" (sandboxed frames, file pages) with 403', async () => {
    const res = await env.invoke('workspaces:create', { name: 'Opaque' }, { origin: 'null' });
    expect(res.status).toBe(403);
    expect(env.app.services.workspaces.list({ includeArchived: true })).toEqual([]);
  });

  it('refuses a foreign Origin even with the right Bearer token', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: {
        origin: 'http://evil.example',
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('refuses a cookie-authenticated call without an Origin with 403', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:create',
      headers: { cookie: env.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'No origin' }),
    });
    expect(res.status).toBe(403);
    expect(env.app.services.workspaces.list({ includeArchived: true })).toEqual([]);
  });

  it('answers a call from its own origin with the cookie', async () => {
    const res = await env.invoke('workspaces:create', { name: 'Mine' });
    expect(res.status).toBe(200);
    const body = json<Result<{ name: string }>>(res);
    expect(body.ok && body.value.name).toBe('Mine');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses the content type %s with 415, as an HTML form would send',
    async (type) => {
      const res = await env.invoke('workspaces:create', { name: 'Form' }, { 'content-type': type });
      expect(res.status).toBe(415);
      expect(json(res)).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: 'Requests must be JSON.' },
      });
      expect(env.app.services.workspaces.list({ includeArchived: true })).toEqual([]);
    },
  );

  it('refuses GET on the API with 405', async () => {
    const res = await env.send({ path: '/api/invoke/workspaces:list', headers: { cookie: env.cookie } });
    expect(res.status).toBe(405);
  });

  it('answers OPTIONS (a CORS preflight) without any Access-Control header', async () => {
    for (const p of ['/api/invoke/workspaces:create', '/']) {
      const res = await env.send({
        method: 'OPTIONS',
        path: p,
        headers: {
          origin: 'http://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(res.status).toBe(405);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('web host: bodies', () => {
  it('answers invalid JSON with 400 and a VALIDATION envelope', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:create',
      headers: { origin: env.origin, cookie: env.cookie, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect(json(res)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers input that breaks the contract with 200 and a VALIDATION envelope naming the field', async () => {
    const res = await env.invoke('workspaces:create', { name: '' });
    expect(res.status).toBe(200);
    const body = json<Result<unknown>>(res);
    expect(!body.ok && body.error.code).toBe('VALIDATION');
    expect(!body.ok && body.error.message).toBe('name: A workspace needs a name.');
  });

  it('treats an empty body as no input, so defaults apply', async () => {
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/workspaces:list',
      headers: { origin: env.origin, cookie: env.cookie, 'content-type': 'application/json' },
      body: '',
    });
    expect(json(res)).toEqual({ ok: true, value: [] });
  });

  it('answers an unknown channel with a NOT_FOUND envelope', async () => {
    const res = await env.invoke('workspaces:explode', {});
    expect(json(res)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no call named "workspaces:explode".' },
    });
  });

  it('answers a malformed percent-encoding in the channel with 404, not a server error', async () => {
    const res = await env.invoke('%E0%A4%A', {});
    expect(res.status).toBe(404);
    expect(json<Result<unknown>>(res).ok).toBe(false);
  });

  it('answers a body over maxBodyBytes with 413 and calls nothing', async () => {
    const small = await startEnv({ maxBodyBytes: 1024 });
    const res = await small.invoke('workspaces:create', { name: 'Big', description: 'x'.repeat(1900) });
    expect(res.status).toBe(413);
    expect(json(res)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'The request is too large: workspaces:create accepts at most 1.0 KB.',
      },
    });
    expect(small.app.services.workspaces.list({ includeArchived: true })).toEqual([]);
    // The host keeps serving afterwards.
    const ok = await small.invoke('workspaces:create', { name: 'Small' });
    expect(json<Result<{ name: string }>>(ok).ok).toBe(true);
  });

  it('answers a much larger body with 413 too', async () => {
    const small = await startEnv({ maxBodyBytes: 1024 });
    const res = await small.invoke('workspaces:create', { name: 'Huge', description: 'x'.repeat(2_000_000) });
    expect(res.status).toBe(413);
  });
});

describe('web host: bounded answers and per-channel limits', () => {
  it('answers 2 MB of wrong ids to profiles:export with a short 413, fast, and the host stays responsive', async () => {
    const ids = `[${'0,'.repeat(1024 * 1024 - 1)}0]`;
    const started = Date.now();
    const res = await env.send({
      method: 'POST',
      path: '/api/invoke/profiles:export',
      headers: { origin: env.origin, cookie: env.cookie, 'content-type': 'application/json' },
      body: `{"ids":${ids}}`,
    });
    expect(res.status).toBe(413);
    expect(res.body.length).toBeLessThan(500);
    expect(json(res)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: 'The request is too large: profiles:export accepts at most 256 KB.',
      },
    });
    // Generous bound: the old answer took 8 s; this one never parses the body at all.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(json<Result<unknown>>(await env.invoke('system:info', {})).ok).toBe(true);
  });

  it('lists only the first few issues, each short, when a body under the limit is wrong everywhere', async () => {
    const res = await env.invoke('profiles:export', { ids: new Array<number>(999).fill(0) });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeLessThan(2000);
    const body = json<{ ok: false; error: { code: string; message: string; details: unknown[] } }>(res);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.details).toHaveLength(5);
    expect(body.error.message).toMatch(/^ids\.0: .*\(and 998 more problems\)$/);
  });

  it('gives a document-carrying call more room than the default', async () => {
    const doc = { format: 'cairn-profiles', version: 1, profiles: [], padding: 'x'.repeat(300_000) };
    const res = await env.invoke('profiles:import', { document: doc });
    expect(res.status).toBe(200);
    const small = await env.invoke('workspaces:create', { name: 'A', description: 'x'.repeat(300_000) });
    expect(small.status).toBe(413);
  });
});

describe('web host: files on this machine', () => {
  it('refuses a path source as FORBIDDEN, the same for a file that exists and one that does not, importing nothing', async () => {
    const ws = env.app.services.workspaces.create({ name: 'W', description: '' });
    const real = path.join(tempDir(), 'real.csv');
    fs.writeFileSync(real, 'a,b\n1,2\n');
    const answers = [];
    for (const file of [real, '/nonexistent/nowhere.csv', '../../etc/passwd', '/dev/zero']) {
      const res = await env.invoke('imports:start', {
        workspaceId: ws.id,
        source: { kind: 'path', path: file },
      });
      answers.push(json(res));
    }
    const expected = {
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'This window cannot open files by path. Upload the file (choose it or drop it) instead.',
      },
    };
    expect(answers).toEqual([expected, expected, expected, expected]);
    await env.app.services.datasets.idle();
    expect(env.app.services.datasets.list({ workspaceId: ws.id, includeArchived: true })).toEqual([]);
  });
});

describe('web host: static files and headers', () => {
  it('sends the CSP (no inline script, sockets only to itself) and other hardening headers on HTML', async () => {
    for (const res of [
      await env.send({ path: '/', headers: { cookie: env.cookie } }),
      await env.send({ path: '/index.html', headers: { cookie: env.cookie } }),
      await env.send({ path: '/' }),
    ]) {
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain(
        `connect-src 'self' ws://127.0.0.1:${env.host.port} ws://localhost:${env.host.port}`,
      );
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/../package.json',
    '/%2e%2e/%2e%2e/package.json',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
  ])('answers %s with 404, never a file outside the renderer', async (p) => {
    const res = await env.send({ path: p, headers: { cookie: env.cookie } });
    expect(res.status).toBe(404);
    expect(res.body).toBe('Not found');
  });
});

describe('web host: WebSocket', () => {
  type EventMessage = {
    type: 'event';
    channel: string;
    payload: { reason: string; workspace: { name: string } };
  };

  async function openOk(headers: Record<string, string>): Promise<{ ws: WebSocket; messages: unknown[] }> {
    const opened = await openSocket(env.host.port, headers);
    if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
    onCleanup(() => closeSocket(opened.ws));
    return opened;
  }

  it('refuses an upgrade from a foreign Origin, even with the right cookie', async () => {
    expect(await openSocket(env.host.port, { origin: 'http://evil.example', cookie: env.cookie })).toEqual({
      status: 403,
    });
  });

  it('refuses a cookie-authenticated upgrade without an Origin', async () => {
    expect(await openSocket(env.host.port, { cookie: env.cookie })).toEqual({ status: 403 });
  });

  it('refuses an upgrade from the right Origin without a valid token', async () => {
    expect(await openSocket(env.host.port, { origin: env.origin })).toEqual({ status: 401 });
    expect(
      await openSocket(env.host.port, { origin: env.origin, cookie: `cairn_token_${env.host.port}=wrong` }),
    ).toEqual({ status: 401 });
  });

  it('refuses an upgrade on any other path', async () => {
    expect(await openSocket(env.host.port, { origin: env.origin, cookie: env.cookie }, '/ws')).toEqual({
      status: 404,
    });
  });

  it('accepts the right Origin and cookie, and forwards workspaces:changed when a workspace is created by a call', async () => {
    const { messages } = await openOk({ origin: env.origin, cookie: env.cookie });
    const res = await env.invoke('workspaces:create', { name: 'Live' });
    expect(res.status).toBe(200);
    const event = await nextMessage<EventMessage>(messages, (m) => m.type === 'event');
    expect(event.channel).toBe('workspaces:changed');
    expect(event.payload.reason).toBe('created');
    expect(event.payload.workspace).toEqual(json<{ value: unknown }>(res).value);
  });

  it('sends every event to every open socket', async () => {
    const a = await openOk({ origin: env.origin, cookie: env.cookie });
    const b = await openOk({ origin: env.origin, cookie: env.cookie });
    await env.invoke('workspaces:create', { name: 'Both' });
    for (const { messages } of [a, b]) {
      const event = await nextMessage<EventMessage>(messages, (m) => m.type === 'event');
      expect(event.payload.workspace.name).toBe('Both');
    }
  });

  it('answers an unrecognised message with a VALIDATION error and stays open', async () => {
    const { ws, messages } = await openOk({ origin: env.origin, cookie: env.cookie });
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'stream:launch' }));
    await nextMessage(messages, () => messages.length >= 2);
    expect(messages).toEqual([
      { type: 'error', error: { code: 'VALIDATION', message: 'Unrecognised message.' } },
      { type: 'error', error: { code: 'VALIDATION', message: 'Unrecognised message.' } },
    ]);
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('closes a socket that sends a message over maxBodyBytes with 1009, and keeps serving others', async () => {
    const small = await startEnv({ maxBodyBytes: 1024 });
    const headers = { origin: small.origin, cookie: small.cookie };
    const opened = await openSocket(small.host.port, headers);
    if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
    const closed = new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code)));
    opened.ws.send(JSON.stringify({ type: 'stream:cancel', requestId: 'x'.repeat(4000) }));
    expect(await closed).toBe(1009);
    const again = await openSocket(small.host.port, headers);
    expect('ws' in again).toBe(true);
    if ('ws' in again) await closeSocket(again.ws);
    const res = await small.invoke('workspaces:list', {});
    expect(res.status).toBe(200);
  });

  it('closes every socket when the host closes', async () => {
    const { ws } = await openOk({ origin: env.origin, cookie: env.cookie });
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await env.host.close();
    await closed;
    expect(ws.readyState).toBe(ws.CLOSED);
  });
});

describe('web host: streams over WebSocket', () => {
  const count = defineStream('test:count', {
    input: z.object({ to: z.number().int().min(0) }),
    chunk: z.number(),
    result: z.object({ counted: z.number() }),
  });
  const forever = defineStream('test:forever', { input: z.object({}), chunk: z.string(), result: z.null() });
  const flood = defineStream('test:flood', { input: z.object({}), chunk: z.string(), result: z.null() });
  const streamRegistry = defineRegistry([count, forever, flood] as const);

  interface StreamHost {
    port: number;
    headers: Record<string, string>;
    aborted: string[];
  }

  async function startStreamHost(hostOptions: { maxBufferedBytes?: number } = {}): Promise<StreamHost> {
    const handlers = new Handlers(streamRegistry);
    const aborted: string[] = [];
    handlers.handleStream(count, async (input, ctx) => {
      for (let n = 1; n <= input.to; n++) {
        ctx.send(n);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return { counted: input.to };
    });
    handlers.handleStream(forever, (_input, ctx) => {
      ctx.send('started');
      return new Promise<null>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          aborted.push('forever');
          resolve(null);
        });
      });
    });
    handlers.handleStream(flood, async (_input, ctx) => {
      const part = 'x'.repeat(100_000);
      while (!ctx.signal.aborted) {
        ctx.send(part);
        await new Promise((resolve) => setImmediate(resolve));
      }
      aborted.push('flood');
      return null;
    });
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
    const host = await startWebHost({
      handlers,
      events: new EventBus(),
      rendererDir,
      port: 0,
      token: TOKEN,
      ...hostOptions,
    });
    onCleanup(() => host.close());
    return {
      port: host.port,
      aborted,
      headers: { origin: `http://127.0.0.1:${host.port}`, cookie: `cairn_token_${host.port}=${TOKEN}` },
    };
  }

  type StreamMessage = { type: 'stream'; frame: StreamFrame };
  const framesOf = (messages: unknown[], requestId: string): StreamFrame[] =>
    (messages as StreamMessage[])
      .filter((m) => m.type === 'stream' && m.frame.requestId === requestId)
      .map((m) => m.frame);
  const terminal = (messages: unknown[], requestId: string) =>
    nextMessage<StreamMessage>(
      messages,
      (m) => m.type === 'stream' && m.frame.requestId === requestId && m.frame.type !== 'chunk',
    );

  async function open(sh: StreamHost): Promise<{ ws: WebSocket; messages: unknown[] }> {
    const opened = await openSocket(sh.port, sh.headers);
    if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
    onCleanup(() => closeSocket(opened.ws));
    return opened;
  }

  it('delivers the chunks in order, then one end frame with the result', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    ws.send(
      JSON.stringify({ type: 'stream:start', requestId: 'r1', channel: 'test:count', input: { to: 3 } }),
    );
    await terminal(messages, 'r1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(framesOf(messages, 'r1')).toEqual([
      { requestId: 'r1', type: 'chunk', data: 1 },
      { requestId: 'r1', type: 'chunk', data: 2 },
      { requestId: 'r1', type: 'chunk', data: 3 },
      { requestId: 'r1', type: 'end', data: { counted: 3 } },
    ]);
  });

  it('ends a cancelled stream with one CANCELLED error frame and aborts its handler', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'f1', channel: 'test:forever', input: {} }));
    await nextMessage<StreamMessage>(messages, (m) => m.type === 'stream' && m.frame.type === 'chunk');
    ws.send(JSON.stringify({ type: 'stream:cancel', requestId: 'f1' }));
    await terminal(messages, 'f1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(framesOf(messages, 'f1')).toEqual([
      { requestId: 'f1', type: 'chunk', data: 'started' },
      { requestId: 'f1', type: 'error', error: { code: 'CANCELLED', message: 'Cancelled.' } },
    ]);
    expect(sh.aborted).toEqual(['forever']);
  });

  it('closes a socket whose page stopped reading once too much waits unsent, and cancels its streams', async () => {
    const sh = await startStreamHost({ maxBufferedBytes: 2 * 1024 * 1024 });
    const { ws, messages } = await open(sh);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'w1', channel: 'test:flood', input: {} }));
    await nextMessage<StreamMessage>(messages, (m) => m.type === 'stream' && m.frame.type === 'chunk');
    // Stop reading: the frames pile up in the host's send buffer.
    ws.pause();
    while (!sh.aborted.includes('flood')) await new Promise((resolve) => setTimeout(resolve, 20));
    ws.resume();
    await closed;
    expect(ws.readyState).toBe(ws.CLOSED);
  });

  it('refuses a second stream with a request id that is still running, as CONFLICT', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    const start = JSON.stringify({
      type: 'stream:start',
      requestId: 'dup',
      channel: 'test:forever',
      input: {},
    });
    ws.send(start);
    await nextMessage<StreamMessage>(messages, (m) => m.type === 'stream' && m.frame.type === 'chunk');
    ws.send(start);
    const refused = await terminal(messages, 'dup');
    expect(refused.frame).toEqual({
      requestId: 'dup',
      type: 'error',
      error: { code: 'CONFLICT', message: 'That request id is already running.' },
    });
  });

  it('refuses an unknown stream and invalid input with one error frame each', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'u', channel: 'test:nothing', input: {} }));
    ws.send(
      JSON.stringify({ type: 'stream:start', requestId: 'v', channel: 'test:count', input: { to: -1 } }),
    );
    expect((await terminal(messages, 'u')).frame).toMatchObject({
      type: 'error',
      error: { code: 'NOT_FOUND' },
    });
    expect((await terminal(messages, 'v')).frame).toMatchObject({
      type: 'error',
      error: { code: 'VALIDATION' },
    });
    // A refused id is not kept: it can be used again.
    ws.send(
      JSON.stringify({ type: 'stream:start', requestId: 'v', channel: 'test:count', input: { to: 1 } }),
    );
    await nextMessage<StreamMessage>(messages, (m) => m.type === 'stream' && m.frame.type === 'end');
    expect(framesOf(messages, 'v').map((f) => f.type)).toEqual(['error', 'chunk', 'end']);
  });

  it('answers a start without input, or with a wrong shape, with an error frame carrying its request id', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'no-input', channel: 'test:count' }));
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'no-channel', input: { to: 1 } }));
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'bad-channel', channel: 7, input: {} }));
    for (const id of ['no-input', 'no-channel', 'bad-channel']) {
      expect((await terminal(messages, id)).frame).toMatchObject({
        requestId: id,
        type: 'error',
        error: { code: 'VALIDATION' },
      });
    }
  });

  it('refuses a stream start over its channel limit with an error frame, and keeps the socket', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    const padding = 'x'.repeat(300 * 1024);
    ws.send(
      JSON.stringify({
        type: 'stream:start',
        requestId: 'big',
        channel: 'test:count',
        input: { to: 1, padding },
      }),
    );
    expect((await terminal(messages, 'big')).frame).toEqual({
      requestId: 'big',
      type: 'error',
      error: { code: 'VALIDATION', message: 'The request is too large: test:count accepts at most 256 KB.' },
    });
    ws.send(
      JSON.stringify({ type: 'stream:start', requestId: 'ok', channel: 'test:count', input: { to: 1 } }),
    );
    expect((await terminal(messages, 'ok')).frame.type).toBe('end');
  });

  it('cancels the running streams of a socket that closes', async () => {
    const sh = await startStreamHost();
    const { ws, messages } = await open(sh);
    ws.send(JSON.stringify({ type: 'stream:start', requestId: 'c', channel: 'test:forever', input: {} }));
    await nextMessage<StreamMessage>(messages, (m) => m.type === 'stream' && m.frame.type === 'chunk');
    await closeSocket(ws);
    const until = Date.now() + 2000;
    while (sh.aborted.length === 0 && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sh.aborted).toEqual(['forever']);
  });
});
