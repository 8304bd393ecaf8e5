// Address parameters that shape how the board looks, not which cards it shows. The filter
// rewrites its own parameters and must keep these.
export const VIEW_PARAMS = ['density'] as const;

/** The view parameters of a query ("density=compact"), in a fixed order; '' when there are none. */
export function viewQuery(query: string): string {
  const from = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const key of VIEW_PARAMS) {
    const value = from.get(key);
    if (value !== null) out.set(key, value);
  }
  return out.toString();
}

/** The query with one parameter set (or removed for null), every other parameter kept. */
export function withParam(query: string, key: string, value: string | null): string {
  const p = new URLSearchParams(query);
  if (value === null) p.delete(key);
  else p.set(key, value);
  return p.toString();
}
