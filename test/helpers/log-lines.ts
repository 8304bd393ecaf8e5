/** The JSON log lines (pino) in a process's captured output; other lines are skipped. */
export type LogLine = { pid: number; msg: string; [k: string]: unknown };

export function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
}
