import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Tauri embeds dist/ at compile time; everything must load from relative paths, offline.
export default defineConfig({
  plugins: [vue()],
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    target: 'es2021',
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 15000,
    css: false,
    server: {
      deps: {
        inline: ['element-plus'],
      },
    },
  },
})
