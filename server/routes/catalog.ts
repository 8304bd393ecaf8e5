// Institutions and categories come from the rollout's settings, as they are now; retired ones
// are listed (their cases keep their names) and marked. They are public: the poster and the
// login page name them, and they hold no personal data.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CategorySchema, InstitutionSchema, RolloutInfoSchema } from '../../shared/schemas.ts';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { settings } = app.services;
  const retired = (r: boolean | undefined) => (r ? { retired: true } : {});
  const institutions = () => settings.current.settings.institutions.map(({ id, name, goLive, retired: r }) => ({ id, name, ...(goLive ? { goLive } : {}), ...retired(r) }));
  const categories = () => settings.current.settings.categories.map(({ id, da, en, retired: r }) => ({ id, da, en, ...retired(r) }));
  app.get('/api/institutions', { schema: { response: { 200: Type.Object({ institutions: Type.Array(InstitutionSchema) }) } } }, async () => ({ institutions: institutions() }));
  app.get('/api/categories', { schema: { response: { 200: Type.Object({ categories: Type.Array(CategorySchema) }) } } }, async () => ({ categories: categories() }));
  app.get('/api/rollout', { schema: { response: { 200: RolloutInfoSchema } } }, async () => {
    const { municipality, rollout } = settings.current.settings;
    return { municipality, rollout };
  });
}
