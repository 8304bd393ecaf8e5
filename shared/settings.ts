// The rollout's settings: centres, categories, SLA targets, WIP limits, the support chain and
// the help cafés. One shape for the config file that seeds a new install and for
// GET/PUT /api/settings, so what the lead saves can be kept as a config file again.
import { Type, type Static, type TOptional, type TString } from 'typebox';
import { Value } from 'typebox/value';
import type { Priority } from './case.ts';
import { isPosterLanguage, POSTER_LANGUAGES, POSTER_TEXT_FIELDS, POSTER_TEXT_MAX, type PosterLanguage, type PosterTextField } from './poster-texts.ts';
import { parseRosterTime } from './roster.ts';
import type { SlaPolicy, SlaTargets } from './sla.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** Local Danish time, "2026-12-01T16:00". */
const LocalTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$' });
const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9-]+$' });
/** A language by its ISO 639 code: "da", "ar", "so". */
export const LanguageCode = Type.String({ pattern: '^[a-z]{2,3}$' });

const CategorySettings = Type.Object(
  {
    id: Id,
    da: Type.String({ minLength: 1, maxLength: 100 }),
    en: Type.String({ minLength: 1, maxLength: 100 }),
    keywords: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
    /** No longer offered for new cases; the cases filed under it keep it. */
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const InstitutionSettings = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** The centre's Aula superusers, by name, for the parents' poster. */
    superusers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }), { maxItems: 10 })),
    /** The day the centre goes live (its wave). */
    goLive: Type.Optional(Day),
    /** The languages its parents' poster is printed in (shared/poster-texts.ts); Danish alone when left out. */
    posterLanguages: Type.Optional(Type.Array(LanguageCode, { minItems: 1, maxItems: POSTER_LANGUAGES.length })),
    /** No longer offered for new cases; its cases stay in the history and the statistics. */
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Minutes = Type.Number({ exclusiveMinimum: 0, maximum: 60 * 24 * 30 });
const SlaTargetSettings = Type.Object(
  { claimMinutes: Type.Optional(Minutes), resolveMinutes: Type.Optional(Minutes) },
  { additionalProperties: false },
);

export const HelpCafeSchema = Type.Object(
  {
    start: LocalTime,
    end: LocalTime,
    place: Type.String({ minLength: 1, maxLength: 200 }),
    note: Type.Optional(Type.String({ maxLength: 300 })),
    /** Only for these centres' parents; all when left out. */
    institutions: Type.Optional(Type.Array(Id, { maxItems: 200 })),
    /** The languages help is offered in besides Danish. */
    languages: Type.Optional(Type.Array(LanguageCode, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

/** The lead's rewording of the poster's shipped texts: any field of any shipped language, and nothing else. */
const PosterTextEditsSchema = Type.Object(
  Object.fromEntries(
    POSTER_LANGUAGES.map((lang) => [
      lang,
      Type.Optional(
        Type.Object(Object.fromEntries(POSTER_TEXT_FIELDS.map((f) => [f, Type.Optional(Type.String({ minLength: 1, maxLength: POSTER_TEXT_MAX[f] }))])) as Record<PosterTextField, TOptional<TString>>, {
          additionalProperties: false,
        }),
      ),
    ]),
  ) as Record<PosterLanguage, TOptional<ReturnType<typeof Type.Object<Record<PosterTextField, TOptional<TString>>>>>>,
  { additionalProperties: false },
);

export const SettingsSchema = Type.Object(
  {
    /** Read with GET /api/settings and sent back with PUT: a PUT on an older version is refused (409). Ignored when seeding. */
    version: Type.Optional(Type.Integer({ minimum: 0 })),
    municipality: Type.String({ minLength: 1, maxLength: 200 }),
    rollout: Type.Object({ name: Type.String({ maxLength: 200 }), start: Day, end: Day }, { additionalProperties: false }),
    institutions: Type.Array(InstitutionSettings, { minItems: 1, maxItems: 1000 }),
    categories: Type.Array(CategorySettings, { minItems: 1, maxItems: 200 }),
    /** The support chain's last links and the help cafés for parents, for the poster. */
    support: Type.Optional(
      Type.Object(
        {
          consultants: Type.Array(
            Type.Object(
              { name: Type.String({ minLength: 1, maxLength: 120 }), phone: Type.Optional(Type.String({ maxLength: 40 })), email: Type.Optional(Type.String({ maxLength: 200 })) },
              { additionalProperties: false },
            ),
            { maxItems: 10 },
          ),
          helpCafes: Type.Array(HelpCafeSchema, { maxItems: 100 }),
        },
        { additionalProperties: false },
      ),
    ),
    /** Time to claim and to resolve per priority, in minutes (fractions allowed); a priority left out has no SLA. */
    sla: Type.Optional(
      Type.Object(
        { low: Type.Optional(SlaTargetSettings), normal: Type.Optional(SlaTargetSettings), high: Type.Optional(SlaTargetSettings), urgent: Type.Optional(SlaTargetSettings) },
        { additionalProperties: false },
      ),
    ),
    /** The parents' poster: the lead's own wording per language, over the shipped texts. */
    poster: Type.Optional(Type.Object({ texts: Type.Optional(PosterTextEditsSchema) }, { additionalProperties: false })),
    /** How many cases one member may have in progress at once; per-username exceptions. */
    wip: Type.Optional(
      Type.Object(
        { default: Type.Integer({ minimum: 1, maximum: 1000 }), members: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 1000 }))) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RolloutSettings = Static<typeof SettingsSchema>;
export type HelpCafeSettings = Static<typeof HelpCafeSchema>;

/** Why a field was refused; the client words each in Danish and English. */
export const SETTINGS_REASONS = [
  'required',
  'unknown_field',
  'wrong_type',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'format',
  'duplicate',
  'unknown_institution',
  'unknown_language',
  'end_before_start',
  'not_a_date',
  'removed',
  'none_active',
] as const;
export type SettingsReason = (typeof SETTINGS_REASONS)[number];

export type SettingsCheck =
  | { ok: true; settings: RolloutSettings }
  | { ok: false; field: string; reason: SettingsReason; message: string };

const REASON_OF_KEYWORD: Record<string, SettingsReason> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  // A field the schema does not know (additionalProperties: false) is reported at its own path.
  boolean: 'unknown_field',
  type: 'wrong_type',
  minLength: 'too_short',
  minItems: 'too_short',
  maxLength: 'too_long',
  maxItems: 'too_long',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  maximum: 'too_large',
  pattern: 'format',
};

const refuse = (field: string, reason: SettingsReason, message: string): SettingsCheck => ({ ok: false, field, reason, message });

/** The shape alone lets "2026-11-31" and "T25:00" through; the calendar does not. */
const isDay = (day: string) => parseRosterTime(`${day}T12:00`) !== null;
const isLocalTime = (time: string) => parseRosterTime(time) !== null;

/** The first day or time in the document that is on no calendar, as a JSON pointer. */
function impossibleDate(s: RolloutSettings): string | null {
  if (!isDay(s.rollout.start)) return '/rollout/start';
  if (!isDay(s.rollout.end)) return '/rollout/end';
  const centre = s.institutions.findIndex((i) => i.goLive !== undefined && !isDay(i.goLive));
  if (centre >= 0) return `/institutions/${centre}/goLive`;
  for (const [n, cafe] of (s.support?.helpCafes ?? []).entries()) {
    if (!isLocalTime(cafe.start)) return `/support/helpCafes/${n}/start`;
    if (!isLocalTime(cafe.end)) return `/support/helpCafes/${n}/end`;
  }
  return null;
}

/**
 * The whole document checked at once: its shape, then what the shape cannot say (ids once,
 * known centres, an end after its start). With `previous`, no centre or category may vanish:
 * cases name them, so they are retired instead. `field` is a JSON pointer such as "/institutions/3/name".
 */
export function checkSettings(doc: unknown, previous?: RolloutSettings | null): SettingsCheck {
  const [first] = [...Value.Errors(SettingsSchema, doc)];
  if (first) {
    const params = first.params as { requiredProperties?: string[]; additionalProperties?: string[] };
    const named = first.keyword === 'required' ? params.requiredProperties?.[0] : first.keyword === 'additionalProperties' ? params.additionalProperties?.[0] : undefined;
    const field = named ? `${first.instancePath}/${named}` : first.instancePath || '/';
    const reason = REASON_OF_KEYWORD[first.keyword] ?? 'wrong_type';
    return refuse(field, reason, reason === 'unknown_field' ? `${field} is not a known field` : reason === 'required' ? `${field} is required` : `${field} ${first.message}`);
  }
  const s = doc as RolloutSettings;
  const impossible = impossibleDate(s);
  if (impossible) return refuse(impossible, 'not_a_date', `${impossible} is not a day on the calendar`);
  if (s.rollout.end < s.rollout.start) return refuse('/rollout/end', 'end_before_start', '/rollout/end must not be before /rollout/start');
  for (const [list, name] of [[s.institutions, 'institutions'], [s.categories, 'categories']] as const) {
    const seen = new Set<string>();
    for (const [n, item] of list.entries()) {
      if (seen.has(item.id)) return refuse(`/${name}/${n}/id`, 'duplicate', `/${name}/${n}/id "${item.id}" is listed twice`);
      seen.add(item.id);
    }
    if (!list.some((item) => !item.retired)) return refuse(`/${name}`, 'none_active', `/${name} needs at least one that is not retired`);
    if (previous) {
      const gone = (previous[name] as { id: string }[]).find((p) => !seen.has(p.id));
      if (gone) return refuse(`/${name}`, 'removed', `/${name} no longer lists "${gone.id}"; cases name it, so retire it instead`);
    }
  }
  for (const [n, inst] of s.institutions.entries()) {
    const langs = inst.posterLanguages ?? [];
    const unknown = langs.findIndex((l) => !isPosterLanguage(l));
    if (unknown >= 0) return refuse(`/institutions/${n}/posterLanguages/${unknown}`, 'unknown_language', `/institutions/${n}/posterLanguages/${unknown} "${langs[unknown]}" has no poster texts; known: ${POSTER_LANGUAGES.join(', ')}`);
    const twice = langs.findIndex((l, k) => langs.indexOf(l) !== k);
    if (twice >= 0) return refuse(`/institutions/${n}/posterLanguages/${twice}`, 'duplicate', `/institutions/${n}/posterLanguages/${twice} "${langs[twice]}" is listed twice`);
  }
  const centres = new Set(s.institutions.map((i) => i.id));
  for (const [n, cafe] of (s.support?.helpCafes ?? []).entries()) {
    if (cafe.end <= cafe.start) return refuse(`/support/helpCafes/${n}/end`, 'end_before_start', `/support/helpCafes/${n}/end must be after its start`);
    const unknown = (cafe.institutions ?? []).findIndex((id) => !centres.has(id));
    if (unknown >= 0) return refuse(`/support/helpCafes/${n}/institutions/${unknown}`, 'unknown_institution', `/support/helpCafes/${n}/institutions/${unknown} is not a centre's id`);
    const langs = cafe.languages ?? [];
    const twice = langs.findIndex((l, k) => langs.indexOf(l) !== k);
    if (twice >= 0) return refuse(`/support/helpCafes/${n}/languages/${twice}`, 'duplicate', `/support/helpCafes/${n}/languages/${twice} "${langs[twice]}" is listed twice`);
  }
  for (const p of PRIORITY_ORDER) {
    const t = s.sla?.[p];
    if (t?.claimMinutes !== undefined && t.resolveMinutes !== undefined && t.resolveMinutes < t.claimMinutes) {
      return refuse(`/sla/${p}/resolveMinutes`, 'too_small', `/sla/${p}/resolveMinutes must not be shorter than its claimMinutes`);
    }
  }
  return { ok: true, settings: s };
}

const PRIORITY_ORDER: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

export function slaPolicy(settings: RolloutSettings): SlaPolicy {
  const targets = (p: Priority): SlaTargets => {
    const t = settings.sla?.[p];
    return { claimMs: t?.claimMinutes ? Math.round(t.claimMinutes * 60_000) : null, resolveMs: t?.resolveMinutes ? Math.round(t.resolveMinutes * 60_000) : null };
  };
  return { low: targets('low'), normal: targets('normal'), high: targets('high'), urgent: targets('urgent') };
}

/** The member's limit on cases in progress; null when the rollout sets none. */
export function wipLimitFor(settings: RolloutSettings, username: string): number | null {
  return settings.wip?.members?.[username] ?? settings.wip?.default ?? null;
}

/** The centres offered for new cases. */
export const activeInstitutions = (settings: RolloutSettings) => settings.institutions.filter((i) => !i.retired);
export const activeCategories = (settings: RolloutSettings) => settings.categories.filter((c) => !c.retired);
