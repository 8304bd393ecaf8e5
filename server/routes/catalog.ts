// Institutions and categories come from the rollout config. They are public: the poster
// and the login page name them, and they hold no personal data.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CategorySchema, InstitutionSchema, RolloutInfoSchema } from '../../shared/schemas.ts';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { services } = app;
  const { rollout } = services.config;
  const institutions = rollout.institutions.map(({ id, name }) => ({ id, name }));
  const categories = rollout.categories.map(({ id, da, en }) => ({ id, da, en }));
  app.get('/api/institutions', { schema: { response: { 200: Type.Object({ institutions: Type.Array(InstitutionSchema) }) } } }, async () => ({ institutions }));
  app.get('/api/categories', { schema: { response: { 200: Type.Object({ categories: Type.Array(CategorySchema) }) } } }, async () => ({ categories }));
  app.get('/api/rollout', { schema: { response: { 200: RolloutInfoSchema } } }, async () => ({ municipality: rollout.municipality, rollout: rollout.rollout }));
}
