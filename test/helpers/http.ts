// A tiny HTTP client that keeps one user's session cookie, as a browser would.
export interface Session {
  cookie: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; the raw text is kept for the assertion message
  }
  return { status: res.status, body: parsed as any, headers: res.headers };
}

export async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(baseUrl + '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return {
    cookie,
    request: (method, path, body, headers = {}) => request(baseUrl, method, path, body, { cookie, ...headers }),
  };
}
