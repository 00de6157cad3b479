// The progress of a bundle being written, fed by the shell's `bundle-progress` events.
import { ref } from 'vue'
import type { UnlistenFn } from '@tauri-apps/api/event'

import { onBundleProgress } from './api'
import type { ExportProgress } from './bindings/ExportProgress'

export function useBundleProgress() {
  /** The latest report while an export runs; null otherwise. */
  const progress = ref<ExportProgress | null>(null)

  /** Run `work` (an export) with the progress followed; the bar goes away when it ends. */
  async function track<T>(work: () => Promise<T>): Promise<T> {
    progress.value = { stage: '正在准备', done: 0, total: 0 }
    let stop: UnlistenFn | null = null
    try {
      stop = await onBundleProgress((p) => {
        progress.value = p
      })
    } catch {
      // Without the events the export still runs; the bar just stays at its first stage.
      stop = null
    }
    try {
      return await work()
    } finally {
      stop?.()
      progress.value = null
    }
  }

  return { progress, track }
}
