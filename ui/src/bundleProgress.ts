// The progress of a bundle being written, fed by the shell's `bundle-progress` events.
import type { UnlistenFn } from '@tauri-apps/api/event'
import { ref } from 'vue'

import { api, onBundleProgress } from './api'
import type { ExportProgress } from './bindings/ExportProgress'
import type { ExportRecord } from './bindings/ExportRecord'
import { showError } from './errors'

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

  /** True while an export runs; the record of the last one that succeeded. */
  const exporting = ref(false)
  const result = ref<ExportRecord | null>(null)

  /**
   * Ask for a folder (the USB stick) and run `work` there with the progress followed. Returns
   * the export's record, or null when the clerk cancelled or the export failed (its error shown).
   */
  async function exportToFolder(work: (dir: string) => Promise<ExportRecord>): Promise<ExportRecord | null> {
    let dir: string | null
    try {
      dir = await api.pickFolder()
    } catch (e) {
      showError(e)
      return null
    }
    if (!dir) return null
    const chosen = dir
    exporting.value = true
    result.value = null
    try {
      result.value = await track(() => work(chosen))
    } catch (e) {
      showError(e)
    } finally {
      exporting.value = false
    }
    return result.value
  }

  return { progress, track, exporting, result, exportToFolder }
}
