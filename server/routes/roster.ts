// The war-room roster: the team reads it, the lead replaces it (JSON, or the CSV straight
// from a spreadsheet). A bad line stores nothing, so a roster is never half imported.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { readCsv } from '../../shared/csv.ts';
import { checkShiftList, type Shift } from '../../shared/roster.ts';
import { parseRosterCsv } from '../../shared/roster-csv.ts';
import { editShift, type EditResult } from '../../shared/roster-edit.ts';
import { PeopleSchema, RosterCsvSchema, RosterSchema, ShiftEditSchema, ShiftParams, ShiftSchema, type RosterBody } from '../../shared/roster-schemas.ts';
import { ErrorSchema, LineErrorSchema } from '../../shared/schemas.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { RefusalParams } from '../../shared/refusal-codes.ts';

const BOOKABLE = new Set(['lead', 'member']);

export async function rosterRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { sessions, users } = services;
  const { roster } = services;
  const team = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const lead = requireRole(sessions, users, ['lead']);
  // Only in this plugin: elsewhere a CSV body stays a 415.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const refused = { 401: ErrorSchema, 403: ErrorSchema };
  app.get('/api/roster', { preHandler: team, schema: { response: { 200: RosterSchema, ...refused } } }, async () => ({ shifts: await roster.get() }));

  // Names for the "on duty" strip: members and the wall screen may not list accounts, but
  // they see their colleagues' names on the cards anyway.
  // The bookable team is also who a case can be assigned to, so the id comes along.
  app.get('/api/roster/people', { preHandler: team, schema: { response: { 200: PeopleSchema, ...refused } } }, async () => {
    const all = await users.team();
    return { people: all.filter((u) => BOOKABLE.has(u.role) && !u.disabled).map(({ id, username, name, role }) => ({ id, username, name, role })) };
  });

  // The body is one of the two schemas below, by its Content-Type.
  app.put<{ Body: RosterBody | string }>(
    '/api/roster',
    {
      // Checked before the body is read: nobody else gets to upload 2,000 shifts.
      onRequest: lead,
      bodyLimit: 512 * 1024,
      schema: {
        body: { content: { 'application/json': { schema: RosterSchema }, 'text/csv': { schema: RosterCsvSchema } } },
        response: { 200: RosterSchema, 400: LineErrorSchema, ...refused },
      },
    },
    async (request, reply) => {
      // Without a Content-Type neither body schema applies, so an empty request gets this far.
      if (request.body === undefined || request.body === null) {
        return sendError(reply, 400, 'invalid', 'Send the roster: JSON {"shifts":[…]} or CSV lines username,start,end with Content-Type: text/csv');
      }
      const body = request.body;
      const csv = typeof body === 'string' ? body : null;
      const checked = typeof body === 'string' ? parseRosterCsv(body) : checkShiftList(body.shifts);
      if (!checked.ok) {
        const params = checked.params ?? (csv !== null ? { line: checked.line } : {});
        return sendError(reply, 400, checked.code ?? 'roster_invalid', checked.message, { line: checked.line, params });
      }
      const sent = typeof body === 'string' ? [] : body.shifts;
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
        params: ShiftParams,
        body: ShiftEditSchema,
        response: { 200: Type.Object({ shift: ShiftSchema, shifts: RosterSchema.properties.shifts }), 400: ErrorSchema, 404: ErrorSchema, ...refused },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const times = request.body;
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
