import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dashboard's build: Preact through esbuild's automatic JSX runtime (no plugin needed), served by the service at
 * /app/ from dist/web. `npx vite --config web/vite.config.ts` serves it with hot reload, the API proxied to :8000.
 */
export default defineConfig({
  root,
  base: '/app/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The service's CSP forbids inline scripts: no asset is inlined as a data: URL either.
    assetsInlineLimit: 0,
    sourcemap: true,
    // For `npm run web:size`: which chunks the first page loads.
    manifest: true,
  },
  server: {
    proxy: { '^/(?!app/).*': { target: `http://127.0.0.1:${process.env.PORT ?? '8000'}` } },
  },
});
