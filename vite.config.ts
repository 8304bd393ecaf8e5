import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: { outDir: '../dist/client', emptyOutDir: true, target: 'es2022' },
  server: {
    // `npm run dev:client` talks to a server started with `npm start` on port 3000.
    proxy: { '/api': { target: 'http://localhost:3000', ws: true }, '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
});
