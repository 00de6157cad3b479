import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ImportReport } from '../src/bindings/ImportReport'
import ImportDialog from '../src/components/ImportDialog.vue'
import { callsOf, mockCommands, mountWithApp, resetStore, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const FILE = '/home/clerk/滕州分局重点任务台账.xlsx'

function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    file: FILE,
    sheet: 'Sheet1',
    header_row: 2,
    total_rows: 29,
    valid_rows: 29,
    rejected_rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    committed: false,
    ignored_columns: [],
    errors: [],
    ...over,
  }
}

const WITH_ERRORS = report({
  valid_rows: 27,
  rejected_rows: 2,
  ignored_columns: ['备注'],
  errors: [
    { row: 5, column: '具体任务', value: '', reason: '具体任务不能为空' },
    { row: 9, column: '状态', value: '搁置', reason: '状态只能是 未开始、进行中、已完成' },
  ],
})

function button(testid: string): HTMLButtonElement | null {
  return document.querySelector(`[data-testid=${testid}]`)
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

async function openDialog() {
  const { wrapper } = await mountWithApp(ImportDialog, { props: { year: 2024 } })
  await (wrapper.vm as unknown as { open: () => Promise<void> }).open()
  await flushPromises()
  return wrapper
}

describe('import dialog', () => {
  it('shows the row errors of a dry run and offers 仅导入有效行', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_tasks: (args: { mode: string }) =>
        args.mode === 'dry_run' ? WITH_ERRORS : report({ ...WITH_ERRORS, inserted: 27, committed: true }),
    })
    const wrapper = await openDialog()

    expect(callsOf('import_tasks')).toEqual([{ path: FILE, mode: 'dry_run', year: 2024 }])

    const summary = document.querySelector('[data-testid=import-summary]')?.textContent ?? ''
    expect(summary).toContain('29')
    expect(summary).toContain('27')

    const rows = [...document.querySelectorAll('[data-testid=import-errors] .el-table__body tr')]
    expect(rows).toHaveLength(2)
    const cells = rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))
    expect(cells[0]).toEqual(['5', '具体任务', '', '具体任务不能为空'])
    expect(cells[1]).toEqual(['9', '状态', '搁置', '状态只能是 未开始、进行中、已完成'])
    expect(document.body.textContent).toContain('以下列不会导入：备注')

    expect(button('import-commit')).toBeNull()
    const validOnly = button('import-valid-only')
    expect(validOnly?.textContent?.trim()).toBe('仅导入有效行')
    validOnly!.click()
    await flushPromises()

    expect(callsOf('import_tasks')[1]).toEqual({ path: FILE, mode: 'valid_rows_only', year: 2024 })
    expect(wrapper.emitted('imported')).toHaveLength(1)
    expect(texts('.el-message')).toContain('导入完成：新增 27 行，更新 0 行，跳过有错误的 2 行')
  })

  it('offers 导入 (all or nothing) when the dry run found no errors', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_tasks: (args: { mode: string }) =>
        args.mode === 'dry_run'
          ? report({ inserted: 20, updated: 4, unchanged: 5 })
          : report({ inserted: 20, updated: 4, unchanged: 5, committed: true }),
    })
    const wrapper = await openDialog()
    const summary = document.querySelector('[data-testid=import-summary]')?.textContent ?? ''
    expect(summary).toMatch(/将新增\s*20/)
    expect(summary).toMatch(/将更新\s*4/)
    expect(summary).toMatch(/无变化\s*5/)

    expect(button('import-valid-only')).toBeNull()
    expect(document.querySelector('[data-testid=import-errors]')).toBeNull()
    button('import-commit')!.click()
    await flushPromises()

    expect(callsOf('import_tasks').map((a) => a.mode)).toEqual(['dry_run', 'all_or_nothing'])
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })

  it('shows the report carried by an E_IMPORT_REJECTED error', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_tasks: (args: { mode: string }) => {
        if (args.mode === 'dry_run') return report()
        throw {
          code: 'E_IMPORT_REJECTED',
          message: '导入未执行：2 行有错误，数据库未作任何改动',
          field: null,
          import_report: WITH_ERRORS,
        }
      },
    })
    const wrapper = await openDialog()
    button('import-commit')!.click()
    await flushPromises()

    expect(texts('.el-message')).toContain('导入未执行：2 行有错误，数据库未作任何改动')
    expect(document.querySelectorAll('[data-testid=import-errors] .el-table__body tr')).toHaveLength(2)
    expect(button('import-valid-only')).not.toBeNull()
    expect(wrapper.emitted('imported')).toBeUndefined()
  })

  it('does nothing when the file dialog is cancelled', async () => {
    mockCommands({ pick_import_file: () => null, import_tasks: () => report() })
    await openDialog()
    expect(callsOf('import_tasks')).toHaveLength(0)
    expect(document.querySelector('[data-testid=import-summary]')).toBeNull()
  })
})
