import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          start: resolve('src-main/cli/start.ts'),
          'writer-worker': resolve('src-main/store/writer-worker.ts'),
          'checkpoint-worker': resolve('src-main/store/checkpoint-worker.ts'),
          'archive-worker': resolve('src-main/archives/archive-worker.ts'),
          'read-worker': resolve('src-main/server/read-worker.ts'),
          'core-entry': resolve('src-main/electron/core-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve('src-main/electron/preload.ts') } },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: {
      outDir: resolve('out/renderer'),
      // electron-vite leaves the renderer unminified; minified, the page parses in less time before the first rows.
      minify: 'esbuild',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
