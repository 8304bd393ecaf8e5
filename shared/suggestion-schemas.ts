// The HTTP contract of answers before sending (TypeBox): GET /api/suggestions and the
// "Det løste det" deflections, and how the statistics count them.
import { Type, type Static } from 'typebox';
import { AnswerIdSchema, ProblemIdSchema } from './schemas.ts';
import { SUGGESTION_LIMITS } from './suggestion-limits.ts';

const Kind = Type.Union([Type.Literal('answer'), Type.Literal('notice')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SuggestionQuery = Type.Object({ text: Type.String({ minLength: 1, maxLength: SUGGESTION_LIMITS.text }) }, { additionalProperties: false });

export const SuggestionSchema = Type.Object({
  kind: Kind,
  id: Type.String(),
  title: Type.String(),
  url: Nullable(Type.String()),
  message: Nullable(Type.String()),
  score: Type.Number(),
});
export const SuggestionsReply = Type.Object({ suggestions: Type.Array(SuggestionSchema) });

/** Exactly one of the two: the answer, or the notice (its problem's id), that solved it. */
export const DeflectionBody = Type.Object({ answerId: Type.Optional(AnswerIdSchema), noticeId: Type.Optional(ProblemIdSchema) }, { additionalProperties: false });
export const DeflectionReply = Type.Object({ deflection: Type.Object({ kind: Kind, id: Type.String(), title: Type.String(), institution: Type.String(), at: Type.String() }) });

export const DeflectionCountsSchema = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  byTarget: Type.Array(Type.Object({ kind: Kind, id: Type.String(), title: Type.String(), count: Type.Integer({ minimum: 0 }) })),
  byInstitution: Type.Array(Type.Object({ institution: Type.String(), count: Type.Integer({ minimum: 0 }) })),
});

export type SuggestionsResponse = Static<typeof SuggestionsReply>;
export type DeflectionResponse = Static<typeof DeflectionReply>;
