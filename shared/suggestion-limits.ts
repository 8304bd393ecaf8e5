// The limits of answers before sending, alone in a file so the board's bundle takes them without the matching.
export const SUGGESTION_LIMITS = {
  /** The query: what the form holds, title and description together. */
  text: 3000,
  /** Fewer letters than this say nothing yet; the answer is an empty list. */
  minLetters: 3,
  /** At most this many suggestions. */
  results: 5,
} as const;
