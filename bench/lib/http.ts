// A keep-alive JSON client on node:http: cheaper per request than fetch, which matters
// when one process has to send a thousand intake requests a second.
import http from 'node:http';
import { nowMs } from './clock.ts';

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  bytes: number;
  ms: number;
  setCookie: string[];
}

export class JsonClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    public cookie = '',
    maxSockets = 64,
  ) {
    this.url = new URL(baseUrl);
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(this.url.hostname)) {
      throw new Error(`the bench only talks to loopback addresses, not ${this.url.hostname}`);
    }
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<JsonResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = nowMs();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            let parsed: unknown = null;
            try {
              parsed = raw.length ? JSON.parse(raw.toString('utf8')) : null;
            } catch {
              parsed = raw.toString('utf8');
            }
            const sc = res.headers['set-cookie'];
            resolve({ status: res.statusCode ?? 0, body: parsed as T, bytes: raw.length, ms: nowMs() - started, setCookie: sc ? [sc].flat() : [] });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Logs in like a browser and returns the session cookie. */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const client = new JsonClient(baseUrl);
  try {
    const res = await client.request('POST', '/api/session', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.setCookie.map((c) => c.split(';')[0]).join('; ');
  } finally {
    client.close();
  }
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
export async function mapLimit<T, R>(items: readonly T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}
