import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Cross-origin isolation (SharedArrayBuffer) on `vite` dev and `vite preview`.
 * Static hosts that cannot set headers get them from public/coi-sw.js (see src/ui/isolation.ts). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
