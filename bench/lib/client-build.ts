// The board as a browser gets it. By default it is built fresh from client/ into the
// bench's temp directory, so the bundle size and the browser phase measure today's source
// and never touch a dist/ that someone else's server or tests may be using.
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export async function prepareClient(opts: { reuse: string | null; tmpDir: string }): Promise<{ dir: string; built: boolean; ms: number }> {
  const started = Date.now();
  if (opts.reuse) {
    const dir = path.resolve(root, opts.reuse);
    if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`--client-dir ${opts.reuse} has no index.html; build it with npx vite build`);
    return { dir, built: false, ms: 0 };
  }
  const dir = path.join(opts.tmpDir, 'client');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'client'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  return { dir, built: true, ms: Date.now() - started };
}
