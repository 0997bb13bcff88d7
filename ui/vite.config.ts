/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, loadEnv } from 'vite';

// The same build serves the desktop app (embedded by Tauri) and `quire serve`;
// both load it from their own origin, so asset paths stay absolute from `/`.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // During development the UI calls /api and /photos on its own origin; forward them to
    // `quire serve` (default port 7839, or QUIRE_API=http://127.0.0.1:PORT). That server only
    // answers requests addressed to itself, so Host and Origin are rewritten to its own.
    proxy: Object.fromEntries(
      ['/api', '/photos'].map((path) => {
        const target = loadEnv(mode, '.', 'QUIRE_').QUIRE_API ?? 'http://127.0.0.1:7839';
        return [path, { target, changeOrigin: true, headers: { origin: target } }];
      }),
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every supported webview has module preload; the polyfill is just more script.
    modulePreload: { polyfill: false },
  },
  test: {
    // Logic only; anything with layout is tested in real Chromium by tests/e2e.test.mjs.
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
