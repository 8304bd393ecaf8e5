// The API description is built from the routes' own schemas: every route the app registers must
// be in /api/docs/json with what it takes (path parameters, a body where it is written to) and
// what it answers (its success and its refusal shape), so a new route without schemas fails
// here. That the reference page renders under the app's CSP: test/browser/api-docs.browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_PATH } from '../server/docs/api-docs.ts';
import { PAGE_PATHS } from '../server/routes/pages.ts';
import { request } from './helpers/http.ts';
import { startStack, type Stack } from './helpers/stack.ts';

type Schema = { type?: string; properties?: Record<string, unknown> };
type Content = Record<string, { schema?: Schema }>;
interface Operation {
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Routes that are not part of the API, and why. */
const NOT_API: { test: (url: string) => boolean; why: string }[] = [
  { test: (url) => url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`), why: 'the description and its reference page themselves' },
  { test: (url) => url === '/*', why: "the built board's static files" },
  { test: (url) => (PAGE_PATHS as readonly string[]).includes(url), why: "the board's own pages (the wall screen)" },
  { test: (url) => url === '/metrics', why: 'for the Prometheus scraper, which knows the path; without its token it answers 404 like an unknown path, so the public description does not name it either' },
];

/** Answers that are not JSON: the content type the description must name for the success status. */
const NOT_JSON: Record<string, { status: string; type: string | null; why: string }> = {
  'GET /api/export/cases': { status: '200', type: 'text/csv', why: 'a spreadsheet download (JSON with format=json)' },
  'GET /api/export/events': { status: '200', type: 'text/csv', why: 'a spreadsheet download (JSON with format=json)' },
  'GET /api/poster/{institution}/qr.svg': { status: '200', type: 'image/svg+xml', why: 'an image' },
  'GET /api/feed': { status: '101', type: null, why: 'a WebSocket upgrade; plain HTTP gets the 426 refusal' },
  'DELETE /api/session': { status: '204', type: null, why: 'no content' },
};

/** Writes that take no body, and why. */
const NO_BODY: Record<string, string> = {
  'DELETE /api/session': 'logging out names nothing but the cookie',
  'DELETE /api/problems/{id}/notice': 'withdrawing the notice names nothing but the problem',
  'POST /api/users/{username}/disable': 'the path names the account; there is nothing else to say',
  'POST /api/users/{username}/enable': 'the path names the account; there is nothing else to say',
  'POST /api/users/{username}/reset': 'the path names the account; there is nothing else to say',
};

/** Routes that refuse nothing (there is no refusal shape to describe), and why. */
const NO_REFUSAL: Record<string, string> = {
  'GET /api/institutions': 'public, takes no input',
  'GET /api/categories': 'public, takes no input',
  'GET /api/rollout': 'public, takes no input',
  'DELETE /api/session': 'logging out always succeeds',
};

let stack: Stack;
let doc: Document;

beforeAll(async () => {
  stack = await startStack();
  const res = await request(stack.baseUrl, 'GET', `${DOCS_PATH}/json`);
  expect(res.status).toBe(200);
  doc = res.body as Document;
});
afterAll(() => stack?.close());

const apiRoutes = () =>
  stack.app.routes
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .filter((r) => !NOT_API.some((n) => n.test(r.url)))
    .map((r) => ({ method: r.method, path: r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') }));

describe('the OpenAPI description at /api/docs/json', () => {
  it('is OpenAPI 3 and lists the API routes', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(apiRoutes().length).toBeGreaterThan(40);
  });

  it('does not name /metrics, which answers a request without its token as an unknown path', () => {
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect(JSON.stringify(doc)).not.toContain('METRICS_TOKEN');
  });

  it('has every route the app registers, with what it takes and what it answers', () => {
    const missing: string[] = [];
    for (const { method, path } of apiRoutes()) {
      const key = `${method} ${path}`;
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op) {
        missing.push(`${key}: not in the description`);
        continue;
      }
      for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
        if (!op.parameters?.some((p) => p.in === 'path' && p.name === name && p.schema)) missing.push(`${key}: no schema for the path parameter ${name}`);
      }
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !(key in NO_BODY) && !Object.values(op.requestBody?.content ?? {}).some((c) => c.schema)) {
        missing.push(`${key}: no request body schema`);
      }
      const responses = op.responses ?? {};
      const special = NOT_JSON[key];
      if (special) {
        const answer = responses[special.status];
        if (!answer) missing.push(`${key}: no ${special.status} answer`);
        else if (special.type && !Object.keys(answer.content ?? {}).some((t) => t.startsWith(special.type!))) missing.push(`${key}: the ${special.status} answer does not name ${special.type}`);
      } else {
        const ok = Object.entries(responses).filter(([status]) => /^2/.test(status));
        if (!ok.some(([, r]) => r.content?.['application/json']?.schema)) missing.push(`${key}: no JSON schema for a success answer`);
      }
      if (!(key in NO_REFUSAL)) {
        const refusals = Object.entries(responses).filter(([status]) => /^[45]/.test(status));
        if (!refusals.some(([, r]) => r.content?.['application/json']?.schema?.properties?.error)) missing.push(`${key}: no refusal ({error}) answer`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names the session cookie as the way in, and who each route admits', () => {
    expect(JSON.stringify(doc)).toContain('wr_session');
    const users = doc.paths['/api/users/{username}/reset']?.post;
    expect(users?.security).toEqual([{ session: [] }]);
    expect(users?.description).toMatch(/^Signed in as: lead\./);
    expect(doc.paths['/api/cases']?.get?.description).toMatch(/^Signed in as: lead, member, reporter, viewer\./);
    expect(doc.paths['/api/health']?.get?.security).toBeUndefined();
  });
});

describe('the reference page at /api/docs', () => {
  it('answers HTML', async () => {
    const res = await fetch(stack.baseUrl + DOCS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('swagger-ui');
    // Its old address leads to it, also with a query string (once a redirect loop).
    const old = await fetch(`${stack.baseUrl}${DOCS_PATH}/static/index.html?from=bookmark`);
    expect(old.status).toBe(200);
    expect(old.url).toBe(`${stack.baseUrl}${DOCS_PATH}/`);
  });
});
