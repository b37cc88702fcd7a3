/// <reference types="vitest/config" />
import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const outDir = resolve(import.meta.dirname, 'dist');

// The committed dist/.placeholder lets a clean checkout compile frontend/embed.go
// before npm has run. Vite's emptyOutDir would delete it, so empty dist here
// instead and keep the placeholder.
function keepPlaceholder(): Plugin {
  return {
    name: 'siteward-keep-placeholder',
    apply: 'build',
    buildStart() {
      let entries: string[] = [];
      try {
        entries = readdirSync(outDir);
      } catch {
        return;
      }
      for (const name of entries) {
        if (name !== '.placeholder') rmSync(resolve(outDir, name), { recursive: true, force: true });
      }
    },
  };
}

// `npm run dev` proxies the API to a running `siteward serve`
// (SITEWARD_API=http://127.0.0.1:PORT npm run dev).
const api = process.env.SITEWARD_API;

export default defineConfig({
  base: './',
  plugins: [svelte(), keepPlaceholder()],
  server: api ? { proxy: { '/api': { target: api, changeOrigin: false } } } : {},
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    // ECharts core alone is ~500 kB; it loads only on the portal.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        portal: resolve(import.meta.dirname, 'portal.html'),
      },
      output: {
        // Stable, readable chunk names: ECharts alone with its registration
        // (lib/echarts.ts; loaded by charts on first use, so never by a page
        // without one) and what both entries share.
        codeSplitting: {
          groups: [
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]|src[\\/]lib[\\/]echarts\.ts$/, priority: 2 },
            { name: 'shared', minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
