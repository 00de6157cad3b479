import { ElMessage } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'

import { showError } from '../src/errors'
import { exportSheet } from '../src/sheets'
import { callsOf, mockCommands, payload } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('../src/errors', () => ({ showError: vi.fn() }))

afterEach(() => {
  vi.restoreAllMocks()
  vi.mocked(showError).mockReset()
})

describe('exportSheet', () => {
  it('writes where the clerk chose, spinning meanwhile, and says how many went where', async () => {
    mockCommands({ pick_export_path: () => '/home/clerk/花名册.xlsx' })
    const success = vi.spyOn(ElMessage, 'success')
    const busy = ref(false)
    const seen: boolean[] = []
    await exportSheet(
      '人员花名册.xlsx',
      async (path) => {
        seen.push(busy.value)
        return { path, rows: 1234, sheets: 1 }
      },
      { unit: '人', busy },
    )
    expect(callsOf('pick_export_path')).toEqual([{ defaultName: '人员花名册.xlsx' }])
    expect(seen).toEqual([true])
    expect(busy.value).toBe(false)
    expect(success).toHaveBeenCalledWith(expect.objectContaining({ message: '已导出 1,234 人到 /home/clerk/花名册.xlsx' }))
  })

  it('writes nothing when the clerk cancels the dialog', async () => {
    mockCommands({ pick_export_path: () => null })
    const write = vi.fn()
    await exportSheet('培训记录.xlsx', write)
    expect(write).not.toHaveBeenCalled()
  })

  it('shows a refused write and stops spinning', async () => {
    mockCommands({ pick_export_path: () => '/media/U盘/台账.xlsx' })
    const busy = ref(false)
    const refused = payload('E_IO', '写入“/media/U盘/台账.xlsx”失败：磁盘已满')
    await exportSheet('台账.xlsx', () => Promise.reject(refused), { busy })
    expect(showError).toHaveBeenCalledWith(refused)
    expect(busy.value).toBe(false)
  })
})
