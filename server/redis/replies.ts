// node-redis types the replies of a pipeline and of a raw command loosely (a union of every
// reply, or none). Each reply here is checked against the shape its command gives, so a
// surprise fails loudly where it is read instead of travelling on under a wrong type.
import type { StreamEntry } from '../store/event-format.ts';

/** Checks one reply and gives it its type; throws ReplyShapeError when it is not that shape. */
export type ReplyShape<T> = (reply: unknown) => T;

export class ReplyShapeError extends Error {}

function expected(what: string, reply: unknown): never {
  const seen = reply === null ? 'null' : Array.isArray(reply) ? 'an array' : typeof reply;
  throw new ReplyShapeError(`Redis replied with ${seen} where ${what} was expected`);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStreamEntry = (value: unknown): value is StreamEntry =>
  isRecord(value) && isString(value.id) && isRecord(value.message) && Object.values(value.message).every(isString);

function listOf<T>(what: string, isItem: (value: unknown) => value is T): ReplyShape<T[]> {
  return (reply) => (Array.isArray(reply) && reply.every(isItem) ? reply : expected(what, reply));
}

export const shapes = {
  /** GET, HGET: a string, or null for an absent key or field. */
  stringOrNull: (reply: unknown): string | null => (reply === null || isString(reply) ? reply : expected('a string or null', reply)),
  /** SCARD, ZCARD and the like. */
  integer: (reply: unknown): number => (typeof reply === 'number' && Number.isInteger(reply) ? reply : expected('an integer', reply)),
  /** SMEMBERS, ZRANGE. */
  strings: listOf('a list of strings', isString),
  /** HMGET: one string or null per field asked for. */
  stringsOrNulls: listOf('a list of strings and nulls', (value): value is string | null => value === null || isString(value)),
  /** XRANGE, XREVRANGE. */
  streamEntries: listOf('a list of stream entries', isStreamEntry),
  /** XINFO and other replies that node-redis turns into a map. */
  record: (reply: unknown): Record<string, unknown> => (isRecord(reply) ? reply : expected('a map', reply)),
};

function eachReply<T>(replies: unknown, shape: ReplyShape<T>): T[] {
  if (!Array.isArray(replies)) return expected('a list of replies', replies);
  return replies.map((reply) => shape(reply));
}

/** Runs the commands as a pipeline whose replies all have one shape. */
export async function pipelineReplies<T>(multi: { execAsPipeline(): Promise<unknown> }, shape: ReplyShape<T>): Promise<T[]> {
  return eachReply(await multi.execAsPipeline(), shape);
}

/** Runs the commands as one transaction whose replies all have one shape. */
export async function transactionReplies<T>(multi: { exec(): Promise<unknown> }, shape: ReplyShape<T>): Promise<T[]> {
  return eachReply(await multi.exec(), shape);
}

/** A raw command whose reply node-redis leaves untyped. */
export async function commandReply<T>(redis: { sendCommand(args: string[]): Promise<unknown> }, args: string[], shape: ReplyShape<T>): Promise<T> {
  return shape(await redis.sendCommand(args));
}
