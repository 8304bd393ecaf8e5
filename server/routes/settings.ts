// The rollout's settings: the team reads them, the lead replaces them whole. The body has the
// config file's shape plus the version it was read at; a change is checked as a whole and
// stored with who and when, or refused with the field to fix and nothing stored.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas.ts';
import { checkSettings, SettingsSchema, slaPolicy, type RolloutSettings } from '../../shared/settings.ts';
import { actorOf, requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import { retargetOpenCases } from '../settings/sla-retarget.ts';

/**
 * The body as the description shows it. It is checked by the handler (checkSettings), not by
 * Fastify's validator: a refusal then names the field and the reason in its params, in the
 * words the settings screen shows beside that field, and the check knows the retired entries.
 */
const SettingsBody = Type.Unsafe<unknown>({
  ...SettingsSchema,
  description: 'The whole settings document with the version GET /api/settings gave. Refused whole (400 settings_invalid, params.field and params.reason) or saved whole.',
});
const acceptAll = () => () => true;

export async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { sessions, users, settings, settingsStore } = services;
  const team = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const lead = requireRole(sessions, users, ['lead']);
  const withVersion = (s: RolloutSettings, version: number): RolloutSettings => ({ ...s, version });
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 413: ErrorSchema };

  app.get('/api/settings', { preHandler: team, schema: { response: { 200: SettingsSchema, ...errors } } }, async () =>
    withVersion(settings.current.settings, settings.current.version),
  );

  // A thousand centres with their superusers fit; the default body limit is for cases.
  app.put(
    '/api/settings',
    { preHandler: lead, bodyLimit: 1024 * 1024, validatorCompiler: acceptAll, schema: { body: SettingsBody, response: { 200: SettingsSchema, ...errors } } },
    async (request, reply) => {
      const checked = checkSettings(request.body, settings.current.settings);
      if (!checked.ok) {
        return sendError(reply, 400, 'settings_invalid', checked.message, { params: { field: checked.field, reason: checked.reason } });
      }
      const expected = checked.settings.version;
      if (expected === undefined) {
        return sendError(reply, 400, 'settings_invalid', '/version is required: send the version GET /api/settings gave', { params: { field: '/version', reason: 'required' } });
      }
      const actor = actorOf(request);
      // Read before the save: this node's own announcement may replace the settings any moment after it.
      const before = settings.current.sla;
      const saved = await settingsStore.save(expected, checked.settings, { actor: { id: actor.id, username: actor.username }, ip: request.ip });
      if (!saved.ok) {
        return sendError(reply, 409, 'settings_stale', `The settings were changed meanwhile (now version ${saved.current}); load them again`, { params: { version: saved.current } });
      }
      const { version: _sent, ...doc } = checked.settings;
      // This node at once; the others on the announcement the save published.
      settings.replace(doc, saved.version);
      // Once, by the node that saved: the open cases' clocks and timers follow new targets.
      const retargeted = await retargetOpenCases(services, before, slaPolicy(doc));
      if (retargeted > 0) request.log.info({ retargeted }, 'open cases given the new SLA targets');
      return withVersion(doc, saved.version);
    },
  );
}
