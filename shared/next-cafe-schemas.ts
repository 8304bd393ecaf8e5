// The next help cafés' HTTP contract as JSON Schema (TypeBox): GET /api/help-cafes/next.
import { Type, type Static } from 'typebox';

export const NextCafeSchema = Type.Object({
  /** ISO times: the café's local Danish times as moments. */
  start: Type.String(),
  end: Type.String(),
  place: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  /** Language codes ("ar", "so") help is offered in besides Danish; the reader's client names them. */
  languages: Type.Array(Type.String()),
  /** The centres it is for; empty when it is for every centre's parents. */
  institutions: Type.Array(Type.String()),
});
export type NextCafe = Static<typeof NextCafeSchema>;

export const NextCafesSchema = Type.Object(
  { cafes: Type.Array(NextCafeSchema) },
  { description: "The help cafés not yet ended, soonest first: for a superuser their centre's, for the team any centre's" },
);
