// Vite: the React app, a dev proxy for the API and the live WebSocket, and Vitest's settings.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const api = process.env.FRONTLINE_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      // The server refuses cookie-authenticated changes from a foreign Origin: in development the
      // page's origin is Vite's, so the proxy presents the API's own origin instead.
      '/api': {
        target: api,
        changeOrigin: true,
        ws: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (request) => request.setHeader('origin', api));
          proxy.on('proxyReqWs', (request) => request.setHeader('origin', api));
        },
      },
    },
  },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 400 },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
