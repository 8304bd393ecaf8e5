// Hooks that run on every route see a request whose body and params no schema has typed: they
// read one text field, if it is there, without assuming the shape.
export function textField(value: unknown, name: string): string | null {
  if (typeof value !== 'object' || value === null || !(name in value)) return null;
  const field: unknown = Reflect.get(value, name);
  return typeof field === 'string' ? field : null;
}
