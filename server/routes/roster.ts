// The war-room roster: the team reads it, the lead replaces it (JSON, or the CSV straight
// from a spreadsheet). A bad line stores nothing, so a roster is never half imported.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { readCsv } from '../../shared/csv.ts';
import { checkShiftList, type Shift } from '../../shared/roster.ts';
import { parseRosterCsv } from '../../shared/roster-csv.ts';
import { editShift, type EditResult } from '../../shared/roster-edit.ts';
import { RosterSchema, ShiftEditSchema, ShiftSchema, type RosterBody, type ShiftEditBody } from '../../shared/roster-schemas.ts';
import { ErrorSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { RefusalParams } from '../../shared/refusal-codes.ts';

const BOOKABLE = new Set(['lead', 'member']);

export async function rosterRoutes(app: FastifyInstance) {
  const { services } = app;
  const { sessions, users } = services;
  const { roster } = services;
  const team = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const lead = requireRole(sessions, users, ['lead']);
  // Only in this plugin: elsewhere a CSV body stays a 415.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get('/api/roster', { preHandler: team, schema: { response: { 200: RosterSchema } } }, async () => ({ shifts: await roster.get() }));

  // Names for the "on duty" strip: members and the wall screen may not list accounts, but
  // they see their colleagues' names on the cards anyway.
  // The bookable team is also who a case can be assigned to, so the id comes along.
  const PeopleSchema = Type.Object({
    people: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), name: Type.String(), role: Type.String() })),
  });
  app.get('/api/roster/people', { preHandler: team, schema: { response: { 200: PeopleSchema } } }, async () => {
    const all = await users.team();
    return { people: all.filter((u) => BOOKABLE.has(u.role) && !u.disabled).map(({ id, username, name, role }) => ({ id, username, name, role })) };
  });

  app.put(
    '/api/roster',
    {
      // Checked before the body is read: nobody else gets to upload 2,000 shifts.
      onRequest: lead,
      bodyLimit: 512 * 1024,
      schema: {
        body: { content: { 'application/json': { schema: RosterSchema }, 'text/csv': { schema: Type.String({ maxLength: 512 * 1024 }) } } },
        response: { 200: RosterSchema, 400: Type.Object({ error: ErrorSchema.properties.error, line: Type.Optional(Type.Integer()) }) },
      },
    },
    async (request, reply) => {
      // Without a Content-Type neither body schema applies, so an empty request gets this far.
      if (request.body === undefined || request.body === null) {
        return sendError(reply, 400, 'invalid', 'Send the roster: JSON {"shifts":[…]} or CSV lines username,start,end with Content-Type: text/csv');
      }
      const csv = typeof request.body === 'string' ? request.body : null;
      const checked = csv !== null ? parseRosterCsv(csv) : checkShiftList((request.body as RosterBody).shifts);
      if (!checked.ok) {
        const params = checked.params ?? (csv !== null ? { line: checked.line } : {});
        return sendError(reply, 400, checked.code ?? 'roster_invalid', checked.message, { line: checked.line, params });
      }
      const sent = csv === null ? (request.body as RosterBody).shifts : [];
      const where = (username: string) =>
        csv !== null
          ? { label: `Line ${lineOf(csv, username)}`, line: lineOf(csv, username) }
          : { label: null, line: sent.findIndex((s) => s.username.trim().toLowerCase() === username) + 1 };
      const refused = await unbookable(checked.shifts, where);
      if (refused) return sendError(reply, 400, 'roster_invalid', refused.message, { line: refused.line, params: refused.params });
      await roster.replace(checked.shifts);
      services.broadcast.rosterChanged(checked.shifts);
      return { shifts: checked.shifts };
    },
  );

  // One shift moved or given new times; the person stays. Checked like a whole roster, and
  // stored only over the roster it was checked against.
  app.put(
    '/api/roster/:id',
    {
      onRequest: lead,
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 3, maxLength: 100 }) }),
        body: ShiftEditSchema,
        response: { 200: Type.Object({ shift: ShiftSchema, shifts: RosterSchema.properties.shifts }), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const times = request.body as ShiftEditBody;
      const { changed, result } = await roster.change<EditResult>((shifts) => {
        const edited = editShift(shifts, id, times);
        return edited.ok ? { shifts: edited.shifts, result: edited } : { shifts: null, result: edited };
      });
      if (!result.ok) {
        if ('notFound' in result) return sendError(reply, 404, 'not_found', `No shift "${id}" in the roster; it may have been moved or removed meanwhile`);
        return sendError(reply, 400, result.code ?? 'roster_invalid', result.message, { params: result.params ?? {} });
      }
      if (changed) services.broadcast.rosterChanged(result.shifts);
      return { shift: result.shift, shifts: result.shifts };
    },
  );

  /** The first shift whose person cannot be booked: no such account, or not on the team. */
  async function unbookable(shifts: Shift[], where: (username: string) => { label: string | null; line: number }): Promise<{ line: number; message: string; params: RefusalParams } | null> {
    const names = [...new Set(shifts.map((s) => s.username))];
    const accounts = await Promise.all(names.map((n) => users.get(n)));
    for (const [i, account] of accounts.entries()) {
      const username = names[i];
      const problem = !account
        ? `there is no account "${username}"; create it under Accounts first, or correct the name`
        : !BOOKABLE.has(account.role)
          ? `"${username}" is a ${account.role}; only leads and members are booked into the war room`
          : null;
      if (!problem) continue;
      const { label, line } = where(username);
      return label === null ? { line, message: problem, params: { username } } : { line, message: `${label}: ${problem}`, params: { username, line } };
    }
    return null;
  }
}

function lineOf(csv: string, username: string): number {
  const read = readCsv(csv);
  return (read.ok && read.rows.find((r) => r.fields[0]?.toLowerCase() === username)?.line) || 0;
}
