// The rollout's settings: the team reads them, the lead replaces them whole. The body has the
// config file's shape plus the version it was read at; a change is checked as a whole and
// stored with who and when, or refused with the field to fix and nothing stored.
import type { FastifyInstance } from 'fastify';
import { checkSettings, slaPolicy, type RolloutSettings } from '../../shared/settings.ts';
import { requireRole } from '../auth/session-auth.ts';
import { sendError } from '../http-errors.ts';
import type { Services } from '../services/container.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { retargetOpenCases } from '../settings/sla-retarget.ts';

export async function settingsRoutes(app: FastifyInstance, { services, store }: { services: Services; store: SettingsStore }) {
  const { sessions, users, settings } = services;
  const team = requireRole(sessions, users, ['lead', 'member', 'viewer']);
  const lead = requireRole(sessions, users, ['lead']);
  const withVersion = (s: RolloutSettings, version: number): RolloutSettings => ({ ...s, version });

  app.get('/api/settings', { preHandler: team }, async () => withVersion(settings.current.settings, settings.current.version));

  // A thousand centres with their superusers fit; the default body limit is for cases.
  app.put('/api/settings', { preHandler: lead, bodyLimit: 1024 * 1024 }, async (request, reply) => {
    const body = request.body as { version?: unknown } | undefined;
    const checked = checkSettings(body, settings.current.settings);
    if (!checked.ok) {
      return sendError(reply, 400, 'settings_invalid', checked.message, { params: { field: checked.field, reason: checked.reason } });
    }
    const expected = checked.settings.version;
    if (expected === undefined) {
      return sendError(reply, 400, 'settings_invalid', '/version is required: send the version GET /api/settings gave', { params: { field: '/version', reason: 'required' } });
    }
    const actor = request.actor!;
    // Read before the save: this node's own announcement may replace the settings any moment after it.
    const before = settings.current.sla;
    const saved = await store.save(expected, checked.settings, { actor: { id: actor.id, username: actor.username }, ip: request.ip });
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
  });
}
