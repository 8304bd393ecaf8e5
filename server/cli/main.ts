// Admin commands. Passwords come from standard input, never from the command line,
// where they would land in shell history and process lists.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../shared/case.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectRedis } from '../redis/connect.ts';
import { RedisMissingError, startLocalRedis, type LocalRedis } from '../redis/local-redis.ts';
import { UserError, UserStore } from '../store/user-store.ts';
import { SessionStore } from '../store/session-store.ts';
import { readPassword } from './read-password.ts';
import { AccountService } from '../services/account-service.ts';
import { PasswordLinkStore } from '../store/password-link-store.ts';

const USAGE = `Usage:
  npx warroom user add <username> --role <${ROLES.join('|')}> [--name "Full Name"] [--institution <id>]
      reads the password from standard input (at least 8 characters)
  npx warroom user list
  npx warroom user disable <username>     ends the user's sessions and refuses new logins
  npx warroom user enable <username>

Uses REDIS_URL, or the Redis in DATA_DIR (default ./data) that \`npm start\` runs.`;

class UsageError extends Error {}

async function withRedis<T>(fn: (redis: Awaited<ReturnType<typeof connectRedis>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let local: LocalRedis | null = null;
  if (!config.redisUrl) local = await startLocalRedis({ dataDir: config.dataDir });
  const redis = await connectRedis({ url: config.redisUrl ?? local!.url });
  try {
    return await fn(redis);
  } finally {
    await redis.close();
    await local?.stop();
  }
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, institution: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [group, action, username] = positionals;
  if (values.help || group !== 'user' || !action) throw new UsageError(values.help ? '' : 'Unknown command');
  const config = loadConfig();
  const institutions = new Set(config.rollout.institutions.map((i) => i.id));

  if (action === 'add') {
    if (!username) throw new UsageError('user add needs a username');
    if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    // Before the password prompt, so nobody types a password for a command that cannot succeed.
    if (values.role === 'reporter' && !values.institution) throw new UserError('A reporter needs --institution <id>: the institution they submit cases for');
    const password = await readPassword(`Password for ${username}: `);
    const user = await withRedis((redis) =>
      new UserStore(redis).add({ username, password, role: values.role as Role, name: values.name, institution: values.institution ?? null }, institutions),
    );
    console.log(`Added ${user.role} ${user.username} (${user.name})${user.institution ? ` for ${user.institution}` : ''}`);
    return;
  }
  if (action === 'list') {
    const users = await withRedis((redis) => new UserStore(redis).list());
    for (const u of users) console.log([u.username, u.role, u.name, u.institution ?? ''].join('\t'));
    return;
  }
  if (action === 'disable' || action === 'enable') {
    if (!username) throw new UsageError(`user ${action} needs a username`);
    const found = await withRedis(async (redis) => {
      const users = new UserStore(redis);
      const accounts = new AccountService({ redis, users, sessions: new SessionStore(redis, 1, 1), links: new PasswordLinkStore(redis), institutions });
      return (action === 'disable' ? await accounts.disable(username) : await accounts.enable(username)) !== null;
    });
    if (!found) throw new UserError(`No user "${username}"`);
    console.log(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${username}`);
    return;
  }
  throw new UsageError(`Unknown action "user ${action}"`);
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    if (err.message) console.error(err.message + '\n');
    console.error(USAGE);
    process.exit(err.message ? 2 : 0);
  }
  if (err instanceof UserError || err instanceof ConfigError || err instanceof RedisMissingError) {
    console.error(`warroom: ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
