// `npm start` (and `npm run demo`): a primary process that owns the port, the local Redis
// and its children (the web processes and the queue worker); each web process forked from
// here runs this file again and serves the API, the live streams and the built board.
import cluster from 'node:cluster';
import { ConfigError } from './config.ts';
import { RedisMissingError } from './redis/local-redis.ts';

async function main() {
  if (cluster.isPrimary) {
    const { runPrimary } = await import('./cluster/primary.ts');
    await runPrimary({ demo: process.argv.includes('--demo') });
  } else {
    const { runWebProcess } = await import('./cluster/web-process.ts');
    await runWebProcess();
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof RedisMissingError) {
    console.error(`Cannot start: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
