// Builds the board once per test run for the browser tests, into a folder of its own: a
// developer's dist/client is left alone, and two test runs at once do not pull each other's
// files away mid-test.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

export default async function setup() {
  const root = path.resolve(import.meta.dirname, '..');
  const parent = path.join(root, 'dist/test-client');
  mkdirSync(parent, { recursive: true });
  const outDir = mkdtempSync(path.join(parent, 'run-'));
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  // Test workers start after this and inherit the environment.
  process.env.WARROOM_TEST_CLIENT_DIR = outDir;
  return () => rmSync(outDir, { recursive: true, force: true });
}
