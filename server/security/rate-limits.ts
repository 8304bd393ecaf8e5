// Request budgets for the routes someone could hammer: logins (password guessing), case
// intake (flooding the board) and every other change a signed-in account makes over HTTP (the
// same budget a board connection has for its commands, one bucket per account for all those
// routes). Counted in Redis, so the budget is per cluster, not per node.
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RateLimits } from '../config.ts';
import { normalizeUsername } from '../../shared/accounts.ts';
import { sendError } from '../http-errors.ts';
import { textField } from '../request-fields.ts';
import type { Redis } from '../redis/connect.ts';
import { MOVES } from '../services/moves.ts';
import type { MoveBudget } from './move-budget.ts';
import { redisRateStore } from './redis-rate-store.ts';

const MINUTE = 60_000;

interface Limit {
  name: string;
  max: number;
  key: (request: FastifyRequest) => string | null;
  /** What the person was doing, for the message: "Too many <what>; try again in N seconds". */
  what: string;
}

type Check = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; max: number; remaining: number; ttlInSeconds: number }>;

function loginUsername(request: FastifyRequest): string | null {
  const name = textField(request.body, 'username');
  // The name the login itself looks up: a space, a tab or a capital must not buy a fresh budget.
  return name === null ? null : normalizeUsername(name);
}

/** Which limits a route has; keyed by "METHOD url". */
function limitsByRoute(limits: RateLimits): Map<string, Limit[]> {
  return new Map([
    [
      'POST /api/session',
      [
        { name: 'login-ip', max: limits.loginPerIp, key: (r) => r.ip, what: 'login attempts' },
        // Per username *and* IP: per username alone, anyone could lock a colleague out.
        { name: 'login-user', max: limits.loginPerUser, key: (r) => (loginUsername(r) === null ? null : `${loginUsername(r)}|${r.ip}`), what: 'login attempts' },
      ],
    ],
    ['POST /api/cases', [{ name: 'intake', max: limits.intakePerUser, key: (r) => r.actor?.id ?? null, what: 'cases submitted' }]],
  ]);
}

const MOVE_ROUTES = new Set(MOVES.map((move) => `POST /api/cases/:id/${move.path}`));
const WRITING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Logging in has its own budgets, and logging out must always work. */
const OWN_BUDGET = new Set(['POST /api/session', 'DELETE /api/session']);

function addPreHandler(route: RouteOptions, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
  route.preHandler = [...existing, handler] as RouteOptions['preHandler'];
}

/**
 * Registers the plugin without a global limit and adds the checks to the listed routes as
 * they are registered, so route files need not know about them. Call before the routes.
 * The checks run as the last preHandler: after the session check (intake is per user)
 * and after the body is validated (the login limit is per username).
 */
export async function installRateLimits(app: FastifyInstance, opts: { redis: Redis; limits: RateLimits; changes: MoveBudget }) {
  await app.register(fastifyRateLimit, { global: false, store: redisRateStore(opts.redis) as never, skipOnError: false });
  const byRoute = limitsByRoute(opts.limits);
  const checks = new Map<string, { limit: Limit; check: Check }[]>();
  for (const [route, list] of byRoute) {
    checks.set(
      route,
      list.map((limit) => ({
        limit,
        check: app.createRateLimit({
          max: limit.max,
          timeWindow: MINUTE,
          keyGenerator: (r: FastifyRequest) => limit.key(r) ?? 'none',
          ...({ limitName: limit.name } as object),
        }),
      })),
    );
  }

  const { changes } = opts;
  const changeGuard = (what: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    // The session check before this one has answered 401 when there is no actor; a route
    // without a session (a password link) has no account to count against.
    if (!request.actor) return;
    const result = await changes.take(request.actor.id);
    if (result.allowed) return;
    reply.header('retry-after', result.retryAfterSeconds);
    return sendError(reply, 429, 'rate_limited', `Too many ${what}; try again in ${result.retryAfterSeconds} seconds`, { params: { limit: 'moves', seconds: result.retryAfterSeconds } });
  };
  const moveGuard = changeGuard('moves on cases');
  const writeGuard = changeGuard('changes');

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => MOVE_ROUTES.has(`${m} ${route.url}`))) addPreHandler(route, moveGuard);
    else if (methods.some((m) => WRITING_METHODS.has(m) && !OWN_BUDGET.has(`${m} ${route.url}`))) addPreHandler(route, writeGuard);
    const found = methods.flatMap((m) => checks.get(`${m} ${route.url}`) ?? []);
    if (found.length === 0) return;
    const guard = async (request: FastifyRequest, reply: FastifyReply) => {
      for (const { limit, check } of found) {
        if (limit.key(request) === null) continue;
        const result = await check(request);
        if (result.isAllowed) continue;
        if (!result.isExceeded) {
          reply.header('x-ratelimit-limit', result.max).header('x-ratelimit-remaining', result.remaining);
          continue;
        }
        const seconds = Math.max(1, result.ttlInSeconds);
        reply.header('retry-after', seconds).header('x-ratelimit-limit', result.max).header('x-ratelimit-remaining', 0);
        return sendError(reply, 429, 'rate_limited', `Too many ${limit.what}; try again in ${seconds} seconds`, { params: { limit: limit.name, seconds } });
      }
    };
    addPreHandler(route, guard);
  });
}
