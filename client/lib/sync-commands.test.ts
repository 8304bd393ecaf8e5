// The board's commands are the socket contract's: same names, same payloads, no list of its own.
// Mostly checked by the type checker (npm run typecheck fails when they drift apart).
import { Compile } from 'typebox/compile';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { NoteVisibility, Priority } from '../../shared/case.ts';
import {
  BOARD_COMMANDS,
  BOARD_COMMAND_NAMES,
  commandPayloadSchema,
  isBoardCommand,
  type BoardCommandName,
  type BoardCommandPayload,
  type ClientToServerEvents,
} from '../../shared/socket-contract.ts';
import type { CommandSender } from './actions.svelte.ts';
import type { CommandName, CommandPayload } from './sync.svelte.ts';

describe("the board's command list", () => {
  test("is the contract's, with the contract's payloads", () => {
    expectTypeOf<CommandName>().toEqualTypeOf<BoardCommandName>();
    expectTypeOf<CommandPayload>().toEqualTypeOf<BoardCommandPayload>();
    expectTypeOf<Parameters<CommandSender['command']>[0]>().toEqualTypeOf<BoardCommandName>();
    expectTypeOf<keyof ClientToServerEvents>().toEqualTypeOf<`case:${CommandName}` | 'presence:viewing'>();
    expectTypeOf<Parameters<ClientToServerEvents['case:resolve']>[0]>().toEqualTypeOf<CommandPayload['resolve']>();
  });

  test('payloads derived from the schemas keep their exact types', () => {
    expectTypeOf<CommandPayload>().toEqualTypeOf<{
      claim: { caseId: string };
      release: { caseId: string };
      resolve: { caseId: string; resolution: string; answerId?: string | null };
      reopen: { caseId: string; reason?: string | null };
      wait: { caseId: string; reason: string };
      resume: { caseId: string };
      escalate: { caseId: string; note: string; vendorRef?: string | null };
      'set-vendor-ref': { caseId: string; vendorRef: string };
      assign: { caseId: string; userId: string };
      prioritize: { caseId: string; priority: Priority };
      note: { caseId: string; text: string; visibility: NoteVisibility };
      link: { caseId: string; problemId: string };
      unlink: { caseId: string };
      'dismiss-suggestion': { caseId: string; problemId: string };
      recategorise: { caseId: string; category: string };
    }>();
  });

  test('the runtime list holds every name of the record, in its order', () => {
    expect(BOARD_COMMAND_NAMES).toEqual(Object.keys(BOARD_COMMANDS));
    expect(BOARD_COMMAND_NAMES.every(isBoardCommand)).toBe(true);
    expect(isBoardCommand('merge')).toBe(false);
    expect(isBoardCommand('toString')).toBe(false);
  });

  test("a payload schema takes the case id and the body's fields, nothing else", () => {
    const resolve = Compile(commandPayloadSchema('resolve'));
    expect(resolve.Check({ caseId: '7', resolution: 'Genstart appen', answerId: null })).toBe(true);
    expect(resolve.Check({ caseId: '7', resolution: 'Genstart appen' })).toBe(true);
    expect(resolve.Check({ resolution: 'Genstart appen' })).toBe(false);
    expect(resolve.Check({ caseId: '7', resolution: 'Genstart appen', extra: 1 })).toBe(false);
    expect(Compile(commandPayloadSchema('claim')).Check({ caseId: '7' })).toBe(true);
    expect(Compile(commandPayloadSchema('claim')).Check({ caseId: 'x' })).toBe(false);
  });
});
