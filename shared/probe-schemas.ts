// The operations probes' HTTP contract as JSON Schema (TypeBox): GET /api/health (liveness),
// GET /api/ready (readiness), in stable words for monitors and scripts, and GET /metrics' token.
import { Type } from 'typebox';

export const HealthSchema = Type.Object({ status: Type.Literal('ok') });
export const HealthDownSchema = Type.Object({
  status: Type.Literal('unavailable'),
  error: Type.Object({ code: Type.Literal('unavailable'), message: Type.String() }),
});

/** GET /metrics answers only this header; anything else gets the 404 of an unknown path. */
export const MetricsHeaders = Type.Object({ authorization: Type.Optional(Type.String({ description: 'Bearer <METRICS_TOKEN>' })) });

/** Each check's outcome. */
const Checks = Type.Object({
  redis: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  stream: Type.Union([Type.Literal('ok'), Type.Literal('behind'), Type.Literal('unknown')]),
  workers: Type.Union([Type.Literal('ok'), Type.Literal('stopped'), Type.Literal('unknown')]),
});

export const ReadySchema = Type.Object({ status: Type.Literal('ready'), checks: Checks });
export const NotReadySchema = Type.Object({
  status: Type.Literal('not_ready'),
  /** The checks that failed, in the order above: "redis", "stream", "workers". */
  failed: Type.Array(Type.Union([Type.Literal('redis'), Type.Literal('stream'), Type.Literal('workers')])),
  checks: Checks,
  error: Type.Object({ code: Type.Literal('unavailable'), message: Type.String() }),
});
