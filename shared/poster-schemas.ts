// The parents' poster's HTTP contract as JSON Schema (TypeBox): GET /api/poster/:institution
// and GET /api/posters.
import { Type } from 'typebox';
import { POSTER_LANGUAGES, POSTER_TEXT_FIELDS, type PosterLanguage, type PosterTexts } from './poster-texts.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PosterParams = Type.Object({ institution: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' }) });

/** `lang` is one of the shipped poster languages; Danish when left out. */
export const PosterQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 20, description: `One of ${POSTER_LANGUAGES.join(', ')}` })) });

const PosterLanguageSchema = Type.Unsafe<PosterLanguage>(Type.Union(POSTER_LANGUAGES.map((l) => Type.Literal(l))));
const PosterTextsSchema = Type.Unsafe<PosterTexts>(Type.Object(Object.fromEntries(POSTER_TEXT_FIELDS.map((f) => [f, Type.String()]))));

export const PosterSchema = Type.Object({
  municipality: Type.String(),
  institution: Type.Object({ id: Type.String(), name: Type.String() }),
  superusers: Type.Array(Type.String()),
  consultants: Type.Array(Type.Object({ name: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()) })),
  helpCafes: Type.Array(
    Type.Object({
      start: Type.String(),
      end: Type.String(),
      place: Type.String(),
      note: Nullable(Type.String()),
      /** Danish first, then what the café offers besides, named in the poster's language. */
      languages: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    }),
  ),
  intakeUrl: Type.String(),
  lang: PosterLanguageSchema,
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
  texts: PosterTextsSchema,
  languages: Type.Array(PosterLanguageSchema),
});

/** The centres whose posters the asker may print, each with the languages the lead chose. */
export const PosterListSchema = Type.Object({
  posters: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), languages: Type.Array(PosterLanguageSchema) })),
});
