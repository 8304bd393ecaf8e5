// 7. Bundle: what a browser downloads for the board, raw and gzipped (zlib's default level,
// what a server compressing on the fly sends).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function measureBundle(clientDir: string) {
  const files: { file: string; bytes: number; gzipBytes: number }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|css|html|svg|woff2?)$/.test(name)) {
        const data = readFileSync(full);
        files.push({ file: path.relative(clientDir, full), bytes: data.length, gzipBytes: gzipSync(data).length });
      }
    }
  };
  walk(clientDir);
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  const total = files.reduce((s, f) => s + f.gzipBytes, 0);
  return {
    files: files.map((f) => ({ file: f.file, kb: kb(f.bytes), gzipKB: kb(f.gzipBytes) })),
    totalKB: kb(files.reduce((s, f) => s + f.bytes, 0)),
    gzipKB: kb(total),
    jsGzipKB: kb(files.filter((f) => f.file.endsWith('.js')).reduce((s, f) => s + f.gzipBytes, 0)),
  };
}
