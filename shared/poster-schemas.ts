// The parents' poster's HTTP contract as JSON Schema (TypeBox): GET /api/poster/:institution.
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PosterParams = Type.Object({ institution: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' }) });

export const PosterSchema = Type.Object({
  municipality: Type.String(),
  institution: Type.Object({ id: Type.String(), name: Type.String() }),
  superusers: Type.Array(Type.String()),
  consultants: Type.Array(Type.Object({ name: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()) })),
  helpCafes: Type.Array(Type.Object({ start: Type.String(), end: Type.String(), place: Type.String(), note: Nullable(Type.String()) })),
  intakeUrl: Type.String(),
});
