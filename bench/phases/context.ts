// What every phase gets: the running stack, the load generators, the accounts, and a
// place for notes that end up in the report.
import type { Params } from '../config.ts';
import type { WorkerHandle } from '../lib/ipc.ts';
import type { BenchRedis } from '../lib/redis-proc.ts';
import type { BenchServer } from '../lib/server-proc.ts';
import type { BenchUser } from '../lib/users.ts';

export interface Ctx {
  params: Params;
  tmpDir: string;
  clientDir: string;
  redis: BenchRedis;
  server: BenchServer;
  users: { intake: BenchUser; wall: BenchUser; members: BenchUser[] };
  clients: WorkerHandle[];
  intake: WorkerHandle;
  institutions: string[];
  /** Boards use socket.io-client instead of the protocol-level board (--real-clients). */
  realClients: boolean;
  /** Where CPU profiles go when --profile is given; null otherwise. */
  profileDir: string | null;
  /** Epoch ms by which the run must be done; phases shorten or skip steps to stay inside it. */
  deadline: number;
  notes: string[];
  log(msg: string): void;
}
