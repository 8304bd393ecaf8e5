// Stored bytes per event: one case is given its notes through the API, then one more note,
// and the stream entry that note became is read back from Redis. An entry that held a copy
// of the case would grow with every note before it; the first note's entry is read too.
import { connectRedis } from '../../server/redis/connect.ts';
import { keys } from '../../server/store/keys.ts';
import { sleep } from '../lib/clock.ts';
import { JsonClient } from '../lib/http.ts';
import { caseBody } from '../load/case-text.ts';
import type { Ctx } from './context.ts';
import type { StoreStack } from './store-stack.ts';

const WORDS = 'Forælderen har prøvet igen i dag efter opdateringen af appen, og fejlen kommer stadig frem på skærmen når hun logger ind. ';

/** A note of exactly `chars` characters, numbered so that no two are alike. */
export function noteText(n: number, chars: number): string {
  const head = `Note ${n}: `;
  return (head + WORDS.repeat(Math.ceil(chars / WORDS.length) + 1)).slice(0, chars);
}

type Entry = { id: string; message: Record<string, string> };
const entryBytes = (e: Entry) => Object.entries(e.message).reduce((s, [k, v]) => s + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

export async function eventSize(ctx: Ctx, stack: StoreStack) {
  const { priorNotes, noteChars } = ctx.params.eventSize;
  const api = new JsonClient(stack.server.baseUrl, stack.member.cookie, 4);
  const redis = await connectRedis({ url: stack.redis.url });
  try {
    const created = await api.request('POST', '/api/cases', caseBody(1, Date.now(), ctx.institutions));
    if (created.status !== 201) throw new Error(`POST /api/cases: ${created.status} ${JSON.stringify(created.body)}`);
    const caseId: string = created.body.case.id;
    // The intake's enrichment lands first, so the newest entry afterwards is the note's.
    const until = Date.now() + 15_000;
    while ((await stack.redis.queueDepth()) > 0 && Date.now() < until) await sleep(100);

    /** The case's newest stream entry; the stream holds this case's events and little else. */
    const newestOfCase = async (): Promise<Entry> => {
      const rows = (await redis.xRevRange(keys.events, '+', '-', { COUNT: 20 })) as Entry[];
      const row = rows.find((r) => r.message.caseId === caseId);
      if (!row) throw new Error(`no stream entry of case ${caseId} among the newest 20`);
      return row;
    };
    const addNote = async (n: number) => {
      const r = await api.request('POST', `/api/cases/${caseId}/notes`, { text: noteText(n, noteChars), visibility: 'internal' });
      // A 429 here is the account's change budget (SOCKET_COMMAND_BURST / SOCKET_COMMANDS_PER_SECOND).
      if (r.status !== 200) throw new Error(`note ${n} on case ${caseId}: ${r.status} ${JSON.stringify(r.body)}`);
      const e = await newestOfCase();
      if (e.message.type !== 'case.note_added') throw new Error(`the newest entry of case ${caseId} after note ${n} is ${e.message.type}, not case.note_added`);
      return e;
    };

    ctx.log(`event size: ${priorNotes} notes of ${noteChars} characters on case ${caseId}, then one more`);
    // Redis's own figure moves in allocation steps, so it is averaged over the last notes, this one included.
    const memory = async () => Number(await redis.sendCommand(['MEMORY', 'USAGE', keys.events, 'SAMPLES', '0']));
    const averagedOver = Math.min(50, priorNotes);
    let before = 0;
    let first: Entry | null = null;
    let last: Entry | null = null;
    for (let n = 1; n <= priorNotes + 1; n++) {
      if (n === priorNotes + 1 - averagedOver) before = await memory();
      last = await addNote(n);
      first ??= last;
    }
    const after = await memory();
    const read = await api.request('GET', `/api/cases/${caseId}`);
    if (read.status !== 200) throw new Error(`GET /api/cases/${caseId}: ${read.status}`);
    const fields = Object.fromEntries(Object.entries(last!.message).map(([k, v]) => [k, Buffer.byteLength(k) + Buffer.byteLength(v)]));
    return {
      caseId,
      priorNotes,
      noteChars,
      noteBytes: Buffer.byteLength(noteText(priorNotes + 1, noteChars)),
      notesOnCase: (read.body.case.notes as unknown[]).length,
      /** The stream entry of the note on a case that already had `priorNotes`: its fields' names and values, in bytes. */
      entryBytes: entryBytes(last!),
      fieldBytes: fields,
      firstNoteEntryBytes: entryBytes(first!),
      /** MEMORY USAGE of the whole stream (every node counted): its growth per note over the last notes, this one included. */
      streamMemoryPerNoteBytes: Math.round((after - before) / (averagedOver + 1)),
      streamMemoryAveragedOver: averagedOver + 1,
      caseJsonKB: Math.round((Buffer.byteLength(JSON.stringify(read.body.case)) / 1024) * 10) / 10,
      caseApiKB: Math.round((read.bytes / 1024) * 10) / 10,
    };
  } finally {
    api.close();
    await redis.close();
  }
}
