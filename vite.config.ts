import { defineConfig } from 'vite';
import path from 'node:path';
import react from '@vitejs/plugin-react';

// BANSO_WEB_DIST lets two builds on one machine (parallel browser-test runs) keep apart.
const outDir = path.resolve(process.env.BANSO_WEB_DIST ?? 'dist/web');

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
});
