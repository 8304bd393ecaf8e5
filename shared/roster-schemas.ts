// The roster's HTTP contract as JSON Schema (TypeBox), beside the case schemas in schemas.ts.
import { Type, type Static } from 'typebox';
import { MAX_SHIFTS } from './roster.ts';

export const ShiftSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    // ISO date-times; on the way in also "2026-11-30 08:00" (Danish time), see shared/roster.ts.
    start: Type.String({ minLength: 1, maxLength: 40 }),
    end: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

export const RosterSchema = Type.Object({ shifts: Type.Array(ShiftSchema, { maxItems: MAX_SHIFTS }) }, { additionalProperties: false });
export type RosterBody = Static<typeof RosterSchema>;

/** The roster as a lead sends it: JSON (above) or the CSV straight from a spreadsheet. */
export const RosterCsvSchema = Type.String({ maxLength: 512 * 1024 });
export const ShiftParams = Type.Object({ id: Type.String({ minLength: 3, maxLength: 100 }) });

/** The bookable team (GET /api/roster/people): who can be on duty, and assigned a case. */
export const PeopleSchema = Type.Object({
  people: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), name: Type.String(), role: Type.String() })),
});

/** New times for one shift (PUT /api/roster/:id): moving it is giving it a new start and end. */
export const ShiftEditSchema = Type.Object({ start: ShiftSchema.properties.start, end: ShiftSchema.properties.end }, { additionalProperties: false });
export type ShiftEditBody = Static<typeof ShiftEditSchema>;
