import { ElMessage } from 'element-plus'
import type { Ref } from 'vue'

import { api } from './api'
import type { ExportReport } from './bindings/ExportReport'
import { showError } from './errors'
import { formatNumber } from './format'

/**
 * 导出Excel on any page: ask where to save the sheet (suggesting `defaultName`), write it with
 * `write`, and say how many rows went where. `unit` counts the rows (行, 人, 个证件 …); `busy` is
 * true while the sheet is written, for the button's spinner.
 */
export async function exportSheet(
  defaultName: string,
  write: (path: string) => Promise<ExportReport>,
  options: { unit?: string; busy?: Ref<boolean> } = {},
): Promise<void> {
  let path: string | null
  try {
    path = await api.pickExportPath(defaultName)
  } catch (e) {
    showError(e)
    return
  }
  if (!path) return
  if (options.busy) options.busy.value = true
  try {
    const report = await write(path)
    const sheets = report.sheets > 1 ? `（按单位分为 ${formatNumber(report.sheets)} 个工作表）` : ''
    ElMessage.success({
      message: `已导出 ${formatNumber(report.rows)} ${options.unit ?? '行'}到 ${report.path}${sheets}`,
      showClose: true,
      duration: 6000,
    })
  } catch (e) {
    showError(e)
  } finally {
    if (options.busy) options.busy.value = false
  }
}
