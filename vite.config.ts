import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  // The roster form checks a CSV file with the server's own reader (shared/csv.ts). csv-parse's
  // default build relies on Node's Buffer; the browser gets the build that brings its own.
  resolve: { alias: [{ find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' }] },
  build: { outDir: '../dist/client', emptyOutDir: true, target: 'es2022' },
  server: {
    // `npm run dev:client` talks to a server started with `npm start` on port 3000.
    proxy: { '/api': { target: 'http://localhost:3000', ws: true }, '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
});
