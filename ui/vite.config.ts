import vue from '@vitejs/plugin-vue'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'

// Tauri embeds dist/ at compile time; everything must load from relative paths, offline.
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> tag (and v-loading) in a template becomes an import of
    // that one component and its CSS, so a page's chunk brings only what the page shows. What is
    // called from script (ElMessage, ElMessageBox) is imported by name; main.ts loads its CSS.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      // Only Element Plus: the app's own components are imported explicitly.
      dirs: [],
      // Template types come from element-plus/global (tsconfig), no generated components.d.ts.
      dts: false,
    }),
  ],
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    target: 'es2021',
    // The largest chunk is the assessment page with ECharts (~550 kB); nothing else comes near.
    chunkSizeWarningLimit: 600,
    // WebKitGTK knows <link rel=modulepreload>; the polyfill would fetch() chunks, which the CSP's
    // connect-src (IPC only) refuses.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    // The slowest test takes about 2 s alone; with two cores shared by the other test files (and
    // by a build), one was seen past 15 s. The limit catches a test that hangs, not a slow one.
    testTimeout: 60000,
    css: false,
    server: {
      deps: {
        inline: ['element-plus'],
      },
    },
  },
})
