// The exports' HTTP contract (GET /api/export/cases and /api/export/events) as JSON Schema (TypeBox).
import { Type, type Static } from 'typebox';
import { CaseSchema, ExportedEventSchema } from './schemas.ts';

// Free strings, checked by hand, so a mistake gets a message that says what to write.
export const ExportQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    format: Type.Optional(Type.String({ maxLength: 10, description: 'csv (the default) or json' })),
    // Danish Excel opens a double-clicked CSV with ";" as its separator; "," is RFC 4180's.
    separator: Type.Optional(Type.String({ maxLength: 10, description: 'comma (the default) or semicolon' })),
  },
  { additionalProperties: false },
);
export type ExportQueryValue = Static<typeof ExportQuery>;

/** A download, streamed: CSV (with a BOM, for spreadsheets) or, with format=json, one JSON object. */
const download = (key: string, item: Parameters<typeof Type.Array>[0]) => ({
  description: 'A file download (Content-Disposition: attachment)',
  content: {
    'text/csv': { schema: Type.String() },
    'application/json': { schema: Type.Object({ [key]: Type.Array(item) }) },
  },
});

export const CasesDownload = download('cases', CaseSchema);
export const EventsDownload = download('events', ExportedEventSchema);
