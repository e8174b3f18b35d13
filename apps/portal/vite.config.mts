import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The portal is served by the gateway under /portal/, next to /graphql (same origin, no CORS). `npm run portal:build`
 * writes it to dist/apps/portal (PORTAL_OUT_DIR moves it); `npm run portal:dev` serves it with hot reload and sends
 * /graphql to PORTAL_GATEWAY_URL (default http://127.0.0.1:4000, the gateway of `npm start`).
 */
export default defineConfig({
  root: here,
  base: '/portal/',
  plugins: [react()],
  clearScreen: false,
  build: {
    outDir: process.env['PORTAL_OUT_DIR'] ?? path.resolve(here, '../../dist/apps/portal'),
    emptyOutDir: true,
    // React, recharts and graphql's printer in one bundle: ~700 KB, ~200 KB gzipped.
    chunkSizeWarningLimit: 1_000,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env['PORTAL_DEV_PORT'] ?? 4080),
    proxy: { '/graphql': process.env['PORTAL_GATEWAY_URL'] ?? 'http://127.0.0.1:4000' },
  },
});
