// `npm start` (and `npm run demo`): one process serving the API, the live streams and the
// built board on one port, with its own Redis when REDIS_URL is not set.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { RedisMissingError, startLocalRedis, type LocalRedis } from './redis/local-redis.ts';

const root = path.resolve(import.meta.dirname, '..');
const demo = process.argv.includes('--demo');

async function ensureClientBuilt(clientDir: string) {
  if (existsSync(path.join(clientDir, 'index.html'))) return;
  console.log('Building the board (first start)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: clientDir } });
}

async function main() {
  // The demo keeps its own data, so its accounts and cases never mix with a real board's.
  const config = loadConfig(demo && !process.env.DATA_DIR ? { ...process.env, DATA_DIR: path.join(root, 'data-demo') } : process.env);
  let local: LocalRedis | null = null;
  if (!config.redisUrl) {
    local = await startLocalRedis({ dataDir: config.dataDir });
    if (local.owned) console.log(`Started redis-server (AOF, appendfsync everysec) with data in ${config.dataDir}`);
  }
  const redisUrl = config.redisUrl ?? local!.url;
  await ensureClientBuilt(config.clientDir);

  const { app, services } = await buildApp({ config, redisUrl }).catch(async (err) => {
    await local?.stop();
    throw err;
  });
  let demoStop: (() => Promise<void>) | null = null;
  if (demo) {
    const { startDemo } = await import('./demo/demo.ts');
    demoStop = await startDemo(services, app.log);
  }

  let closingSince = 0;
  const shutdown = async (signal: string) => {
    if (closingSince) {
      // npm and the terminal may both pass on one Ctrl-C; only a later one means "now".
      if (Date.now() - closingSince < 2000) return;
      app.log.warn('second signal: exiting now');
      process.exit(1);
    }
    closingSince = Date.now();
    app.log.info({ signal }, 'shutting down');
    await demoStop?.();
    await app.close();
    await local?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`War-room board on http://${shown}:${(app.server.address() as { port: number }).port}`);
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof RedisMissingError) {
    console.error(`Cannot start: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
