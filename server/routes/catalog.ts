// Institutions and categories come from the rollout config. They are public: the poster
// and the login page name them, and they hold no personal data.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/container.ts';

export async function catalogRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const { rollout } = services.config;
  const institutions = rollout.institutions.map(({ id, name }) => ({ id, name }));
  const categories = rollout.categories.map(({ id, da, en }) => ({ id, da, en }));
  app.get('/api/institutions', async () => ({ institutions }));
  app.get('/api/categories', async () => ({ categories }));
  app.get('/api/rollout', async () => ({ municipality: rollout.municipality, rollout: rollout.rollout }));
}
