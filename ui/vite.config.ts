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
    // `quire serve --port 7878` during development: the UI calls /api on its own origin.
    proxy: { '/api': loadEnv(mode, '.', 'QUIRE_').QUIRE_API ?? 'http://127.0.0.1:7878' },
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
