// The HTTP contract of problems, notices and the answer library (TypeBox).
import { Type, type Static } from 'typebox';
import { LIMITS } from './case.ts';
import { PROBLEM_LIMITS } from './problem.ts';
import { ActorRefSchema, AnswerIdSchema, CaseIdSchema, ProblemIdSchema } from './schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const AnswerRefSchema = Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() });

export const ProblemSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolving'), Type.Literal('resolved')]),
  vendorRef: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  answer: Nullable(AnswerRefSchema),
  notice: Nullable(Type.Object({ message: Type.String(), at: Type.String(), by: ActorRefSchema })),
  resolvedBy: Nullable(Type.Object({ id: Type.String(), username: Type.String(), name: Type.String(), role: Type.String() })),
  createdAt: Type.String(),
  createdBy: ActorRefSchema,
  updatedAt: Type.String(),
  version: Type.Integer(),
});

/** The answer to a write of one problem. */
export const ProblemReplySchema = Type.Object({ problem: ProblemSchema });

export const ProblemViewSchema = Type.Object({
  problem: ProblemSchema,
  caseIds: Type.Array(Type.String()),
  openCaseIds: Type.Array(Type.String()),
  institutions: Type.Array(Type.String()),
  firstAt: Nullable(Type.String()),
  lastAt: Nullable(Type.String()),
});

export const ProblemParams = Type.Object({ id: ProblemIdSchema });
export const AnswerParams = Type.Object({ id: AnswerIdSchema });

const Title = Type.String({ minLength: 1, maxLength: PROBLEM_LIMITS.title });
const VendorRef = Nullable(Type.String({ maxLength: LIMITS.vendorRef }));

export const CreateProblemBody = Type.Object(
  { title: Title, vendorRef: Type.Optional(VendorRef), caseIds: Type.Optional(Type.Array(CaseIdSchema, { maxItems: 500 })) },
  { additionalProperties: false },
);
export const UpdateProblemBody = Type.Object({ title: Type.Optional(Title), vendorRef: Type.Optional(VendorRef) }, { additionalProperties: false });
export const ResolveProblemBody = Type.Object(
  { resolution: Type.String({ minLength: 1, maxLength: LIMITS.resolution }), answerId: Type.Optional(Nullable(AnswerIdSchema)) },
  { additionalProperties: false },
);
export const NoticeBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: PROBLEM_LIMITS.notice }) }, { additionalProperties: false });

export const NoticeViewSchema = Type.Object({ problemId: Type.String(), title: Type.String(), message: Type.String(), at: Type.String() });

const Language = Type.Union([Type.Literal('da'), Type.Literal('en')]);
export const AnswerBody = Type.Object(
  {
    title: Title,
    url: Type.String({ minLength: 1, maxLength: PROBLEM_LIMITS.url }),
    languages: Type.Array(Language, { minItems: 1, maxItems: 2 }),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: PROBLEM_LIMITS.tag }), { maxItems: PROBLEM_LIMITS.tags })),
  },
  { additionalProperties: false },
);

export const AnswerSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  url: Type.String(),
  languages: Type.Array(Language),
  tags: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  createdBy: ActorRefSchema,
});

/** The answer to a write of one answer. */
export const AnswerReplySchema = Type.Object({ answer: AnswerSchema });

/** A recurring problem, or a group of similar cases nobody has made a problem of yet, with no answer. */
export const UnansweredSchema = Type.Object({
  kind: Type.Union([Type.Literal('problem'), Type.Literal('similar')]),
  problemId: Nullable(Type.String()),
  title: Type.String(),
  caseIds: Type.Array(Type.String()),
  institutions: Type.Array(Type.String()),
});

/** An answer with how many resolved cases cite it. */
export const LibraryAnswerSchema = Type.Intersect([AnswerSchema, Type.Object({ uses: Type.Integer() })]);

export const LibrarySchema = Type.Object({
  answers: Type.Array(LibraryAnswerSchema),
  unanswered: Type.Array(UnansweredSchema),
});

// The answer library's types, one declaration for the server, the board and the archive.
export type Answer = Static<typeof AnswerSchema>;
export type AnswerInput = Static<typeof AnswerBody>;
export type LibraryAnswer = Static<typeof LibraryAnswerSchema>;
export type Unanswered = Static<typeof UnansweredSchema>;
export type Library = Static<typeof LibrarySchema>;
