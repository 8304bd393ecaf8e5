// The rollout's settings in Redis: one hash with the document, its version, who saved it and
// when. A save is a compare-and-set on the version, written in one script with its audit entry
// and the announcement to every node, so a change is all there or not at all.
import type { RolloutSettings } from '../../shared/settings.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { AUDIT_STREAM } from '../audit/audit-log.ts';
import type { Redis } from '../redis/connect.ts';
import { keys } from '../store/keys.ts';
import { runScript } from '../store/scripts.ts';

/** Carries the new version; each node reads the document itself (a message is small and may be missed). */
export const SETTINGS_CHANNEL = 'wr:settings-changed';

export interface StoredSettings {
  version: number;
  settings: RolloutSettings;
}

/** KEYS: the settings hash. ARGV: the document. Writes version 1 unless settings are stored already. */
const SEED = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'doc', ARGV[1], 'version', '1', 'by', 'config file', 'at', ARGV[2])
return 1
`;

/**
 * KEYS: the settings hash, the audit stream. ARGV: the expected version, the document, the
 * channel, the audit trail's oldest id to keep, then the audit entry's fields.
 * Replies {'ok', version} or {'stale', current version}.
 */
const SAVE = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return {'stale', tostring(current)} end
local version = tostring(current + 1)
local fields = {}
for i = 5, #ARGV do fields[#fields + 1] = ARGV[i] end
local by, at = '', ''
for i = 1, #fields, 2 do
  if fields[i] == 'username' then by = fields[i + 1] end
  if fields[i] == 'at' then at = fields[i + 1] end
end
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'version', version, 'by', by, 'at', at)
redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[4], '*', unpack(fields))
redis.call('PUBLISH', ARGV[3], version)
return {'ok', version}
`;

/** The document without its version: the version is the hash's own field. */
function docOf(settings: RolloutSettings): string {
  const { version: _version, ...doc } = settings;
  return JSON.stringify(doc);
}

/** What the lead saved last, or null on an install not yet started (then the config file holds). */
export async function readStoredSettings(redis: Redis): Promise<StoredSettings | null> {
  const [doc, version] = await redis.hmGet(keys.settings, ['doc', 'version']);
  if (!doc || !version) return null;
  return { version: Number(version), settings: JSON.parse(doc) as RolloutSettings };
}

/**
 * The settings in force: what is stored, or on a new install the config file's, stored first
 * (as the server's start does), so every reader agrees with the running server.
 */
export async function seededSettings(redis: Redis, fromFile: RolloutSettings): Promise<StoredSettings> {
  await runScript(redis, SEED, [keys.settings], [docOf(fromFile), new Date().toISOString()]);
  const stored = await readStoredSettings(redis);
  if (!stored) throw new Error('The settings were seeded but cannot be read back');
  return stored;
}

export class SettingsStore {
  constructor(
    private readonly redis: Redis,
    private readonly audit: AuditLog,
  ) {}

  /** A new install starts from the config file; an existing one keeps what the lead saved. */
  seed(fromFile: RolloutSettings): Promise<StoredSettings> {
    return seededSettings(this.redis, fromFile);
  }

  read(): Promise<StoredSettings | null> {
    return readStoredSettings(this.redis);
  }

  /** Saves a checked document if the stored version is still `expected`. */
  async save(
    expected: number,
    settings: RolloutSettings,
    who: { actor: { id: string; username: string }; ip: string | null },
  ): Promise<{ ok: true; version: number } | { ok: false; current: number }> {
    const { fields, minId } = this.audit.entry({ actor: who.actor, action: 'settings.change', target: `settings version ${expected + 1}`, outcome: 'ok', ip: who.ip });
    const reply = (await runScript(this.redis, SAVE, [keys.settings, AUDIT_STREAM], [String(expected), docOf(settings), SETTINGS_CHANNEL, String(minId), ...Object.entries(fields).flat()])) as [string, string];
    return reply[0] === 'ok' ? { ok: true, version: Number(reply[1]) } : { ok: false, current: Number(reply[1]) };
  }
}
