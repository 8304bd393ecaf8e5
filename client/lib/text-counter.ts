// A counter under a text field with a limit, so nothing is cut off unseen: the browser stops
// typing at `maxlength` and a pasted text is shortened without a word.

export interface TextCount {
  used: number;
  max: number;
  /** The last tenth of the limit: the counter stands out. */
  near: boolean;
}

/** Counts as `maxlength` and the server do: UTF-16 code units (String.length). */
export function textCount(text: string, max: number): TextCount {
  const used = text.length;
  return { used, max, near: used >= max * 0.9 };
}
