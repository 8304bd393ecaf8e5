// Builds the board once per test run for the browser tests, into its own folder so a
// developer's dist/client is left alone.
import path from 'node:path';
import { build } from 'vite';

export default async function setup() {
  const root = path.resolve(import.meta.dirname, '..');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: path.join(root, 'dist/test-client'), emptyOutDir: true } });
}
