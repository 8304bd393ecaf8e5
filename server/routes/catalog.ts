// Institutions and categories come from the rollout config. They are public: the poster
// and the login page name them, and they hold no personal data.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CategorySchema, InstitutionSchema } from '../../shared/schemas.ts';

export async function catalogRoutes(app: FastifyInstance) {
  const { services } = app;
  const { rollout } = services.config;
  const institutions = rollout.institutions.map(({ id, name }) => ({ id, name }));
  const categories = rollout.categories.map(({ id, da, en }) => ({ id, da, en }));
  const reply = (schema: object) => ({ schema: { response: { 200: schema } } });
  app.get('/api/institutions', reply(Type.Object({ institutions: Type.Array(InstitutionSchema) })), async () => ({ institutions }));
  app.get('/api/categories', reply(Type.Object({ categories: Type.Array(CategorySchema) })), async () => ({ categories }));
  app.get('/api/rollout', async () => ({ municipality: rollout.municipality, rollout: rollout.rollout }));
}
