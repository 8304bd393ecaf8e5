// Institutions and categories come from the rollout's settings, as they are now; retired ones
// are listed (their cases keep their names) and marked. They are public: the poster and the
// login page name them, and they hold no personal data.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CategorySchema, InstitutionSchema } from '../../shared/schemas.ts';
import type { Services } from '../services/container.ts';

export async function catalogRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { settings } = services;
  const retired = (r: boolean | undefined) => (r ? { retired: true } : {});
  const institutions = () => settings.current.settings.institutions.map(({ id, name, retired: r }) => ({ id, name, ...retired(r) }));
  const categories = () => settings.current.settings.categories.map(({ id, da, en, retired: r }) => ({ id, da, en, ...retired(r) }));
  const reply = (schema: object) => ({ schema: { response: { 200: schema } } });
  app.get('/api/institutions', reply(Type.Object({ institutions: Type.Array(InstitutionSchema) })), async () => ({ institutions: institutions() }));
  app.get('/api/categories', reply(Type.Object({ categories: Type.Array(CategorySchema) })), async () => ({ categories: categories() }));
  app.get('/api/rollout', async () => {
    const { municipality, rollout } = settings.current.settings;
    return { municipality, rollout };
  });
}
