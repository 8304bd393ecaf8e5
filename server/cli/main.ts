// Admin commands. Passwords come from standard input, never from the command line,
// where they would land in shell history and process lists.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../shared/case.ts';
import { activeInstitutions } from '../../shared/settings.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { connectRedis, type Redis } from '../redis/connect.ts';
import { seededSettings } from '../settings/settings-store.ts';
import { RedisMissingError, startLocalRedis, type LocalRedis } from '../redis/local-redis.ts';
import { UserError, UserStore } from '../store/user-store.ts';
import { SessionStore } from '../store/session-store.ts';
import { readPassword } from './read-password.ts';
import { AccountService } from '../services/account-service.ts';
import { PasswordLinkStore } from '../store/password-link-store.ts';
// Backup, restore and archive are loaded when used, so the account commands start as fast as before.
import { BackupFileError, BackupInterrupted, RestoreRefused } from '../backup/backup-file.ts';

const USAGE = `Usage:
  npx warroom user add <username> --role <${ROLES.join('|')}> [--name "Full Name"] [--institution <id>]
      reads the password from standard input (at least 8 characters)
  npx warroom user list
  npx warroom user disable <username>     ends the user's sessions and refuses new logins
  npx warroom user enable <username>
  npx warroom user link <username>        ends the user's password and sessions, prints a one-time link to set a new one
  npx warroom backup <file> [--with-passwords]
      writes the cases, events, accounts (without password hashes unless --with-passwords),
      roster, problems, notices, answers and audit trail to one file (gzipped if it ends in .gz),
      while the server runs
  npx warroom restore <file>              into an empty Redis only; start the server afterwards
  npx warroom archive [<dir>]             the end-of-rollout record: evaluering.html, sager.csv and
      haendelser.csv in <dir> (default ./archive-<date>)

Uses REDIS_URL, or the Redis in DATA_DIR (default ./data) that \`npm start\` runs.`;

class UsageError extends Error {}

async function withRedis<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
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
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      institution: { type: 'string' },
      'with-passwords': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [group, action, username] = positionals;
  if (values.help) throw new UsageError('');
  if (group === 'backup' || group === 'restore' || group === 'archive') {
    for (const option of ['role', 'name', 'institution'] as const) if (values[option] !== undefined) throw new UsageError(`--${option} belongs to user add, not ${group}`);
    return records(group, positionals.slice(1), values['with-passwords'] === true);
  }
  if (group !== 'user' || !action) throw new UsageError('Unknown command');
  const config = loadConfig();
  // The centres offered now, as the lead last saved them: the config file only seeds a new install.
  const centresIn = async (redis: Redis) => new Set(activeInstitutions((await seededSettings(redis, config.rollout)).settings).map((i) => i.id));

  if (action === 'add') {
    if (!username) throw new UsageError('user add needs a username');
    if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    // Before the password prompt, so nobody types a password for a command that cannot succeed.
    if (values.role === 'reporter' && !values.institution) throw new UserError('A reporter needs --institution <id>: the institution they submit cases for');
    const password = await readPassword(`Password for ${username}: `);
    const user = await withRedis(async (redis) =>
      new UserStore(redis).add({ username, password, role: values.role as Role, name: values.name, institution: values.institution ?? null }, await centresIn(redis)),
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
      const institutions = await centresIn(redis);
      const accounts = new AccountService({ redis, users, sessions: new SessionStore(redis, 1, 1), links: new PasswordLinkStore(redis), institutions: () => institutions });
      return (action === 'disable' ? await accounts.disable(username) : await accounts.enable(username)) !== null;
    });
    if (!found) throw new UserError(`No user "${username}"`);
    console.log(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${username}`);
    return;
  }
  if (action === 'link') {
    if (!username) throw new UsageError('user link needs a username');
    const issued = await withRedis(async (redis) => {
      const users = new UserStore(redis);
      const institutions = await centresIn(redis);
      const accounts = new AccountService({ redis, users, sessions: new SessionStore(redis, 1, 1), links: new PasswordLinkStore(redis), institutions: () => institutions });
      return accounts.reset(username);
    });
    if (!issued) throw new UserError(`No user "${username}"`);
    const origin = config.publicOrigin ?? `http://localhost:${config.port}`;
    console.log(`One-time link for ${issued.user.username}, valid until ${issued.link.expiresAt}:`);
    console.log(`${origin}/#/set-password/${issued.link.token}`);
    return;
  }
  throw new UsageError(`Unknown action "user ${action}"`);
}

async function records(command: 'backup' | 'restore' | 'archive', args: string[], withPasswords: boolean) {
  // A stray word or option is refused rather than ignored: "restore f --with-passwords" would
  // otherwise run as something other than what was typed.
  if (command === 'backup' && args.length > 1) throw new UsageError(`backup takes one file name, not ${args.length}`);
  if (command === 'restore' && args.length > 1) throw new UsageError(`restore takes one file name, not ${args.length}`);
  if (command === 'archive' && args.length > 1) throw new UsageError(`archive takes at most one folder, not ${args.length}`);
  if (command !== 'backup' && withPasswords) throw new UsageError(`--with-passwords belongs to backup, not ${command}`);
  const config = loadConfig();
  if (command === 'backup') {
    const { writeBackup } = await import('../backup/backup.ts');
    const [file] = args;
    if (!file) throw new UsageError('backup needs a file name');
    const { header, counts } = await withRedis((redis) => writeBackup(redis, file, { withPasswords }));
    console.log(`Wrote ${file}: ${counts.case ?? 0} cases and ${counts.event ?? 0} events up to event ${header.streamId}, ${counts.user ?? 0} accounts, ${counts.problem ?? 0} problems, ${counts.answer ?? 0} answers, ${counts.audit ?? 0} audit entries`);
    console.log(
      withPasswords
        ? 'The file holds the password hashes: keep it as safe as the database itself.'
        : 'Without password hashes: after a restore every account needs a new password link (npx warroom user link <username>).',
    );
    return;
  }
  if (command === 'restore') {
    const { restoreBackup } = await import('../backup/restore.ts');
    const [file] = args;
    if (!file) throw new UsageError('restore needs a file name');
    const { header, counts, withoutPassword } = await withRedis((redis) => restoreBackup(redis, file));
    console.log(`Restored ${file} (taken ${header.createdAt}): ${counts.case ?? 0} cases, ${counts.event ?? 0} events up to ${header.streamId}, ${counts.user ?? 0} accounts`);
    if (withoutPassword.length > 0) {
      console.log(`${withoutPassword.length} accounts have no password now and need a password link before they can log in:`);
      console.log(`  npx warroom user link <username>   (for a lead first; the lead can then reset the others under Accounts)`);
      console.log(`  ${withoutPassword.join(' ')}`);
    }
    console.log('Start the server on this Redis: it counts the statistics from the restored log and sets the SLA timers again.');
    return;
  }
  const { utcDay, writeArchive } = await import('../archive/archive.ts');
  const dir = args[0] ?? `archive-${new Date().toISOString().slice(0, 10)}`;
  const summary = await withRedis((redis) => writeArchive(redis, config, dir));
  console.log(`Wrote ${summary.files.map((f) => `${dir}/${f}`).join(', ')}: ${summary.cases} cases, ${summary.events} events${summary.erased > 0 ? `, ${summary.erased} of them erased on request` : ''}`);
  console.log(`Retention: the cases and events are due for deletion after ${utcDay(summary.retentionAt)} (${config.retentionDaysAfterRollout} days after the rollout's end, ${summary.rolloutEnd}); the archive says so too.`);
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof UsageError) {
    if (err.message) console.error(err.message + '\n');
    console.error(USAGE);
    process.exit(err.message ? 2 : 0);
  }
  if (err instanceof UserError || err instanceof ConfigError || err instanceof RedisMissingError || err instanceof RestoreRefused || err instanceof BackupFileError || err instanceof BackupInterrupted) {
    console.error(`warroom: ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
