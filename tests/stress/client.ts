import fs from 'node:fs';
import http from 'node:http';
import { WebSocket } from 'ws';
import type { Result } from '../../src/shared/result';
import type { StreamFrame } from '../../src/shared/stream';

/** A non-browser client of the web host: the Bearer token, no Origin (as the host allows). */
export class HostClient {
  private ws: WebSocket | null = null;
  private readonly waiting = new Map<string, (frame: StreamFrame) => void>();
  private nextId = 0;

  constructor(
    readonly port: number,
    private readonly token: string,
  ) {}

  /** POSTs raw JSON text ('' for no body) and returns the status and parsed envelope. */
  post(
    path: string,
    body: string | fs.ReadStream,
    type = 'application/json',
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path,
          agent: false,
          headers: {
            host: `127.0.0.1:${this.port}`,
            authorization: `Bearer ${this.token}`,
            'content-type': type,
            ...(typeof body === 'string' ? { 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (typeof body === 'string') req.end(body);
      else body.pipe(req);
    });
  }

  async invokeRaw(channel: string, payload: string): Promise<Result<unknown>> {
    const res = await this.post(`/api/invoke/${channel}`, payload);
    return JSON.parse(res.body) as Result<unknown>;
  }

  async invoke<T>(channel: string, input: unknown): Promise<T> {
    const result = await this.invokeRaw(channel, JSON.stringify(input));
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  /** Streams a file to /api/upload; returns its upload id. */
  async upload(file: string): Promise<string> {
    const res = await this.post('/api/upload', fs.createReadStream(file), 'text/csv');
    const result = JSON.parse(res.body) as Result<{ uploadId: string }>;
    if (!result.ok) throw new Error(`upload: ${result.error.message}`);
    return result.value.uploadId;
  }

  private socket(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return Promise.resolve(this.ws);
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${this.port}/api/ws`, {
        headers: { host: `127.0.0.1:${this.port}`, authorization: `Bearer ${this.token}` },
      });
      ws.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { type: string; frame?: StreamFrame };
        if (message.type === 'stream' && message.frame && message.frame.type !== 'chunk') {
          this.waiting.get(message.frame.requestId)?.(message.frame);
        }
      });
      ws.once('open', () => {
        this.ws = ws;
        resolve(ws);
      });
      ws.once('error', reject);
      ws.once('close', () => {
        // Anyone still waiting hears that the socket is gone.
        for (const [id, done] of this.waiting)
          done({ requestId: id, type: 'error', error: { code: 'INTERNAL', message: 'socket closed' } });
        this.waiting.clear();
        if (this.ws === ws) this.ws = null;
      });
    });
  }

  /** Starts a stream with raw input JSON ('' for none) and resolves with its terminal frame. */
  async stream(channel: string, payload: string): Promise<StreamFrame> {
    const ws = await this.socket();
    const requestId = `s${++this.nextId}`;
    const done = new Promise<StreamFrame>((resolve) => this.waiting.set(requestId, resolve));
    const input = payload === '' ? '' : `,"input":${payload}`;
    ws.send(`{"type":"stream:start","requestId":"${requestId}","channel":"${channel}"${input}}`);
    const frame = await done;
    this.waiting.delete(requestId);
    return frame;
  }

  close(): void {
    this.ws?.terminate();
    this.ws = null;
  }
}
