// The backup file: JSON lines, gzipped when the name ends in .gz. The first line is the header,
// then one record per line, then an `end` line with the count of each kind, so a restore can
// tell a whole file from a cut-off copy before it writes anything.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { rm } from 'node:fs/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

export const BACKUP_FORMAT = 'warroom-backup';
/** Version 2 added the rollout's settings; a version 1 file still restores (the server then seeds the config file's). */
export const BACKUP_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /**
   * The event stream's last id when the backup began. Cases and events are as they stood at
   * that id: every event up to it, each case as its last event up to it left it.
   */
  streamId: string;
  /** Whether the accounts' password hashes are in the file. */
  withPasswords: boolean;
}

/** A stream's counters, so a restored log tells a board that last saw a purged event to reload, as the original did. */
export interface StreamMeta {
  key: string;
  lastId: string;
  entriesAdded: number;
  maxDeletedId: string;
}

export type BackupRecord =
  | { kind: 'event'; id: string; fields: Record<string, string> }
  | { kind: 'audit'; id: string; fields: Record<string, string> }
  /** A "Det løste det" (deflection-store.ts), with its stream id: the time it was recorded. */
  | { kind: 'deflection'; id: string; fields: Record<string, string> }
  /** One minute's counts of anonymous refusals (audit-log.ts), with when they expire (ms), null if never. */
  | { kind: 'auditCounts'; key: string; fields: Record<string, string>; expiresAt: number | null }
  | { kind: 'stream'; meta: StreamMeta }
  /** A case as it stood at the stream id; `resolvedAt` is its place in the resolved indexes (ms), null while open. */
  | { kind: 'case'; id: string; json: string; version: number; eventIds: string[]; resolvedAt: number | null }
  | { kind: 'idempotency'; key: string; caseId: string }
  | { kind: 'user'; fields: Record<string, string> }
  | { kind: 'problem'; id: string; json: string; version: number; score: number }
  | { kind: 'answer'; id: string; json: string; version: number; score: number }
  | { kind: 'roster'; json: string }
  /** The rollout's settings as the lead saved them: the hash of settings-store.ts (doc, version, by, at). */
  | { kind: 'settings'; fields: Record<string, string> }
  | { kind: 'counter'; key: string; value: string };

export type RecordKind = BackupRecord['kind'];
export type Counts = Partial<Record<RecordKind, number>>;

export class BackupFileError extends Error {}

/** The backup had to start over too often (the log was rewritten under it each time). */
export class BackupInterrupted extends Error {}

/** The target of a restore is not empty. */
export class RestoreRefused extends Error {}

const gzipped = (file: string) => file.endsWith('.gz');

/**
 * Writes lines to a file, waiting when the disk falls behind. A stream error (a missing folder,
 * a full disk) becomes a rejected promise of the next line or of close(), never an unhandled
 * 'error' event.
 */
export class LineWriter {
  private readonly out: Writable;
  private readonly file: Writable;
  private readonly done: Promise<void>;
  private failed: BackupFileError | null = null;
  readonly counts: Counts = {};

  /**
   * `named`: the file's final name, which says whether to gzip (the writer may write to a
   * temporary name). A file already there is removed first: the file is made anew, so its
   * mode 0o600 applies (an existing file keeps its own).
   */
  static async open(path: string, named = path): Promise<LineWriter> {
    await rm(path, { force: true });
    return new LineWriter(path, named);
  }

  private constructor(
    private readonly path: string,
    named: string,
  ) {
    const fail = (err: Error) => {
      this.failed ??= new BackupFileError(`${named} cannot be written: ${err.message}`);
    };
    // 'wx': a file that appeared since it was removed is not written into.
    this.file = createWriteStream(path, { mode: 0o600, flags: 'wx' }).on('error', fail);
    if (gzipped(named)) {
      const gzip = createGzip().on('error', fail);
      this.out = gzip;
      this.done = pipeline(gzip, this.file);
    } else {
      this.out = this.file;
      this.done = finished(this.file);
    }
    this.done.catch(fail);
  }

  async line(value: unknown): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.out.write(JSON.stringify(value) + '\n')) await Promise.race([once(this.out, 'drain'), this.done]).catch(() => {});
    if (this.failed) throw this.failed;
  }

  async record(r: BackupRecord): Promise<void> {
    this.counts[r.kind] = (this.counts[r.kind] ?? 0) + 1;
    await this.line(r);
  }

  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    this.out.end();
    await this.done.catch(() => {});
    if (this.failed) throw this.failed;
  }

  /** Closes without waiting for the rest (after a failure), and removes the file: a part of a backup may hold personal data. */
  async discard(): Promise<void> {
    this.out.destroy();
    this.file.destroy();
    await rm(this.path, { force: true });
  }
}

/** Every line of the file, parsed; names the line that is not JSON. */
export async function* readLines(path: string): AsyncGenerator<unknown> {
  const raw = createReadStream(path);
  let input: Readable = raw;
  if (gzipped(path)) {
    // pipeline passes an error of the file (missing, unreadable) on to the gunzip, which the lines below read.
    const gunzip = createGunzip();
    input = gunzip;
    pipeline(raw, gunzip).catch(() => {});
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line === '') continue;
      try {
        yield JSON.parse(line);
      } catch {
        throw new BackupFileError(`${path}: line ${n} is not JSON; the file is damaged`);
      }
    }
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new BackupFileError(`${path} cannot be read: ${(err as Error).message}`);
  } finally {
    lines.close();
    raw.destroy();
    input.destroy();
  }
}

/** The header, checked: this program's format and a version it knows. */
export function checkHeader(value: unknown, path: string): BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw new BackupFileError(`${path} is not a war-room backup (its first line has no "format": "${BACKUP_FORMAT}")`);
  if (!READABLE_VERSIONS.includes(h.version as number)) throw new BackupFileError(`${path} is a backup of version ${String(h.version)}; this version of warroom restores versions ${READABLE_VERSIONS.join(' and ')} only`);
  if (typeof h.streamId !== 'string' || typeof h.createdAt !== 'string') throw new BackupFileError(`${path}: the header lacks its streamId or createdAt`);
  return h as BackupHeader;
}
