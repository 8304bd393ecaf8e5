// npm start's own redis-server, found again through the address recorded in its data
// directory: taken over only when it serves that directory and its starter is gone, and not
// stopped while another run still uses it. (test/process.test.ts covers a killed npm start.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { ping, startLocalRedis, type LocalRedis } from '../server/redis/local-redis.ts';

const dirs: string[] = [];
const servers: LocalRedis[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'warroom-local-redis-'));
  dirs.push(d);
  return d;
};
/** The id of a process that has exited: the starter of a run that was killed. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the local redis-server of a data directory', () => {
  it('is not taken over when the recorded address is another directory’s Redis: a new one is started, the other left alone', async () => {
    const other = await startLocalRedis({ dataDir: tempDir(), reuse: false });
    servers.push(other);
    const dir = tempDir();
    // As after a reboot: the address is stale and another Redis (the demo's, say) has its port.
    writeFileSync(path.join(dir, 'redis.url'), `${other.url}\n`);
    writeFileSync(path.join(dir, 'redis.owner'), `${deadPid()}\n`);
    const mine = await startLocalRedis({ dataDir: dir, adoptOrphan: true });
    servers.push(mine);
    expect(mine.url).not.toBe(other.url);
    expect(mine.owned).toBe(true);
    expect(mine.adopted).toBeFalsy();
    await mine.stop();
    expect(await ping(other.url)).toBe(true);
  });

  it('is taken over when its starter is gone, but not stopped while another client still uses it', async () => {
    const dir = tempDir();
    const first = await startLocalRedis({ dataDir: dir, reuse: false });
    servers.push(first);
    writeFileSync(path.join(dir, 'redis.owner'), `${deadPid()}\n`);
    const adopted = await startLocalRedis({ dataDir: dir, adoptOrphan: true });
    servers.push(adopted);
    expect(adopted).toMatchObject({ url: first.url, owned: true, adopted: true });
    // Another run on the same data still has it open.
    const user = createClient({ url: first.url });
    await user.connect();
    await adopted.stop();
    expect(await ping(first.url)).toBe(true);
    expect(existsSync(path.join(dir, 'redis.url'))).toBe(true);
    await user.close();
  });

  it('a CLI-style reuse leaves a server whose starter is gone running and its files in place', async () => {
    const dir = tempDir();
    const first = await startLocalRedis({ dataDir: dir, reuse: false });
    servers.push(first);
    writeFileSync(path.join(dir, 'redis.owner'), `${deadPid()}\n`);
    const reused = await startLocalRedis({ dataDir: dir });
    servers.push(reused);
    expect(reused).toMatchObject({ url: first.url, owned: false });
    await reused.stop();
    expect(await ping(first.url)).toBe(true);
  });
});
