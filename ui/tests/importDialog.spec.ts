import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { api } from '../src/api'
import type { ImportOptions } from '../src/bindings/ImportOptions'
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
    set_aside: [],
    sheets: ['Sheet1'],
    sheet_name_note: '',
    errors: [],
    year: 2024,
    year_source: 'fallback',
    year_note: '表格未写明年度，按当前选择的 2024年',
    unknown_units: [],
    created_units: [],
    mapped_units: [],
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

const FOOTER = [
  { row: 31, text: '合计 29' },
  { row: 33, text: '填表人：张三 审核人：李四' },
]

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
  const { wrapper } = await mountWithApp(ImportDialog, {
    props: {
      year: 2024,
      pick: api.pickImportFile,
      importer: (path: string, options: ImportOptions) => api.importSheet('tasks', path, options),
    },
  })
  await (wrapper.vm as unknown as { open: () => Promise<void> }).open()
  await flushPromises()
  return wrapper
}

describe('import dialog', () => {
  it('shows the row errors of a dry run and offers 仅导入有效行', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string } }) =>
        args.options.mode === 'dry_run' ? WITH_ERRORS : report({ ...WITH_ERRORS, inserted: 27, committed: true }),
    })
    const wrapper = await openDialog()

    expect(callsOf('import_sheet')).toEqual([
      {
        kind: 'tasks',
        path: FILE,
        options: { mode: 'dry_run', year: null, fallback_year: 2024, units: [], create_units: false, sheet: null },
      },
    ])

    const summary = document.querySelector('[data-testid=import-summary]')?.textContent ?? ''
    expect(summary).toContain('29')
    expect(summary).toContain('27')

    const rows = [...document.querySelectorAll('[data-testid=import-errors] .el-table__body tr')]
    expect(rows).toHaveLength(2)
    const cells = rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))
    expect(cells[0]).toEqual(['5', '具体任务', '', '具体任务不能为空'])
    expect(cells[1]).toEqual(['9', '状态', '搁置', '状态只能是 未开始、进行中、已完成'])
    expect(document.body.textContent).toContain('以下列不会导入：备注')
    expect(document.querySelector('[data-testid=import-set-aside]')).toBeNull()

    expect(button('import-commit')).toBeNull()
    const validOnly = button('import-valid-only')
    expect(validOnly?.textContent?.trim()).toBe('仅导入有效行')
    validOnly!.click()
    await flushPromises()

    expect(callsOf('import_sheet')[1].options.mode).toBe('valid_rows_only')
    expect(wrapper.emitted('imported')).toHaveLength(1)
    expect(texts('.el-message')).toContain('导入完成：新增 27 行，更新 0 行，跳过有错误的 2 行')
  })

  it('offers 导入 (all or nothing) when the dry run found no errors', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string } }) =>
        args.options.mode === 'dry_run'
          ? report({ inserted: 20, updated: 4, unchanged: 5, set_aside: FOOTER })
          : report({ inserted: 20, updated: 4, unchanged: 5, set_aside: FOOTER, committed: true }),
    })
    const wrapper = await openDialog()
    expect(document.querySelector('[data-testid=import-set-aside]')?.textContent).toContain(
      '以下分组标题、合计、落款或注释行不是记录，不会导入：第 31 行“合计 29”；第 33 行“填表人：张三 审核人：李四”',
    )
    const summary = document.querySelector('[data-testid=import-summary]')?.textContent ?? ''
    expect(summary).toMatch(/将新增\s*20/)
    expect(summary).toMatch(/将更新\s*4/)
    expect(summary).toMatch(/无变化\s*5/)

    expect(button('import-valid-only')).toBeNull()
    expect(document.querySelector('[data-testid=import-errors]')).toBeNull()
    button('import-commit')!.click()
    await flushPromises()

    expect(callsOf('import_sheet').map((a) => a.options.mode)).toEqual(['dry_run', 'all_or_nothing'])
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })

  it('shows the report carried by an E_IMPORT_REJECTED error', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string } }) => {
        if (args.options.mode === 'dry_run') return report()
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

  it('lands a titled sheet in its own year, and lets the clerk pick another', async () => {
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { year: number | null } }) =>
        args.options.year === null
          ? report({ year: 2023, year_source: 'title', year_note: '表头上方第 1 行“滕州分局2023年台账”写明 2023年' })
          : report({ year: args.options.year, year_source: 'chosen', year_note: `导入时选择的年度：${args.options.year}年` }),
    })
    await openDialog()
    expect(document.querySelector('[data-testid=import-year-note]')?.textContent).toContain('写明 2023年')
    expect(document.querySelector('[data-testid=import-year-select]')?.textContent).toContain('2023年度')

    // Pick 2024 from the list: the dry run runs again with the choice.
    ;(document.querySelector('[data-testid=import-year-select] .el-select__wrapper') as HTMLElement).click()
    await flushPromises()
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find((o) => o.textContent?.includes('2024年度'))
    ;(option as HTMLElement).click()
    await flushPromises()
    expect(callsOf('import_sheet').map((a) => a.options.year)).toEqual([null, 2024])
    expect(document.querySelector('[data-testid=import-year-note]')?.textContent).toContain('导入时选择的年度：2024年')
  })

  it('offers the other sheets of a workbook kept one sheet per unit, and goes on to the next after each import', async () => {
    const SHEETS = ['第一中队', '第二中队']
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string; sheet: string | null } }) =>
        report({
          sheet: args.options.sheet ?? '第一中队',
          sheets: SHEETS,
          inserted: args.options.sheet === '第二中队' ? 3 : 5,
          committed: args.options.mode !== 'dry_run',
          sheet_name_note: `表中没有“所在单位”列，按工作表名称填为“${args.options.sheet ?? '第一中队'}”`,
        }),
    })
    const wrapper = await openDialog()
    const note = () => document.querySelector('[data-testid=import-sheets-note]')?.textContent
    expect(note()).toContain('本文件有 2 个工作表可以导入（第一中队、第二中队），每次导入一个：现在检查的是“第一中队”')
    expect(note()).toContain('导入后接着检查下一个工作表')
    expect(document.querySelector('[data-testid=import-sheet-select]')?.textContent).toContain('第一中队')
    expect(document.querySelector('[data-testid=import-sheet-name-note]')?.textContent).toContain(
      '表中没有“所在单位”列，按工作表名称填为“第一中队”',
    )

    // The clerk starts with the second sheet.
    ;(document.querySelector('[data-testid=import-sheet-select] .el-select__wrapper') as HTMLElement).click()
    await flushPromises()
    ;(document.querySelector('[data-testid=import-sheet-第二中队]') as HTMLElement).click()
    await flushPromises()
    expect(document.querySelector('[data-testid=import-summary]')?.textContent).toMatch(/将新增\s*3/)
    expect(document.querySelector('[data-testid=import-done-note]')).toBeNull()
    expect(button('import-cancel')?.textContent).toContain('取消')
    button('import-commit')!.click()
    await flushPromises()

    // Imported; the dialog stays open on the sheet not yet imported.
    expect(wrapper.emitted('imported')).toHaveLength(1)
    expect(document.querySelector('[data-testid=import-done-note]')?.textContent).toContain(
      '已导入工作表“第二中队”：新增 3 行，更新 0 行。下面是下一个工作表“第一中队”的检查结果',
    )
    expect(note()).toContain('现在检查的是“第一中队”')
    expect(note()).toContain('已导入：第二中队。')
    expect(document.querySelector('[data-testid=import-summary]')?.textContent).toMatch(/将新增\s*5/)
    expect(document.querySelector('[data-testid=import-sheet-第二中队]')?.textContent).toContain('第二中队（已导入）')
    expect(button('import-cancel')?.textContent).toContain('关闭')
    const dialog = wrapper.findComponent({ name: 'ElDialog' })
    expect(dialog.props('modelValue')).toBe(true)
    button('import-commit')!.click()
    await flushPromises()

    expect(callsOf('import_sheet').map((a) => [a.options.mode, a.options.sheet])).toEqual([
      ['dry_run', null],
      ['dry_run', '第二中队'],
      ['all_or_nothing', '第二中队'],
      ['dry_run', '第一中队'],
      ['all_or_nothing', '第一中队'],
    ])
    expect(wrapper.emitted('imported')).toHaveLength(2)
    // Every sheet imported: the dialog closes, and the app may drop the workbook it kept for it.
    expect(dialog.props('modelValue')).toBe(false)
    await flushPromises()
    expect(callsOf('forget_import_file')).toHaveLength(1)
  })

  it('shows a one-sheet workbook without a choice', async () => {
    mockCommands({ pick_import_file: () => FILE, import_sheet: () => report() })
    await openDialog()
    expect(document.querySelector('[data-testid=import-sheet-select]')).toBeNull()
    expect(document.querySelector('[data-testid=import-sheets-note]')).toBeNull()
    expect(document.querySelector('[data-testid=import-summary]')?.textContent).toContain('Sheet1')
    expect(callsOf('forget_import_file')).toHaveLength(0)
    button('import-cancel')!.click()
    await flushPromises()
    expect(callsOf('forget_import_file')).toHaveLength(1)
  })

  it('asks what to do with each unknown unit and sends the decisions', async () => {
    const unknown = report({
      valid_rows: 27,
      rejected_rows: 2,
      unknown_units: [
        { name: '第一中队', column: '承办单位', rows: 2, first_row: 3, suggested_kind: '执法中队' },
      ],
      errors: [
        { row: 3, column: '承办单位', value: '第一中队', reason: '不在组织机构中' },
        { row: 4, column: '承办单位', value: '第一中队', reason: '不在组织机构中' },
      ],
    })
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string; units: unknown[] } }) => {
        if (args.options.units.length === 0) return unknown
        return report({ inserted: 29, committed: args.options.mode !== 'dry_run', created_units: ['第一中队（执法中队）'] })
      },
    })
    const wrapper = await openDialog()
    expect(document.body.textContent).toContain('表中有 1 个单位不在组织机构中')
    expect(document.querySelector('[data-testid=import-units]')?.textContent).toContain('添加为中队（建议）')
    expect(button('import-commit')).toBeNull()

    ;(document.querySelector('[data-testid="import-unit-第一中队-执法中队"]') as HTMLElement).click()
    await flushPromises()
    expect(callsOf('import_sheet')[1].options.units).toEqual([{ action: 'create', name: '第一中队', kind: '执法中队' }])
    expect(document.body.textContent).toContain('单位已全部处理')

    button('import-commit')!.click()
    await flushPromises()
    expect(callsOf('import_sheet')[2].options).toMatchObject({
      mode: 'all_or_nothing',
      units: [{ action: 'create', name: '第一中队', kind: '执法中队' }],
    })
    expect(texts('.el-message')).toContain('导入完成：新增 29 行，更新 0 行；新增单位 1 个')
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })

  it('forgets the units an import added before checking the next sheet', async () => {
    const SHEETS = ['第一中队', '第二中队']
    mockCommands({
      pick_import_file: () => FILE,
      import_sheet: (args: { options: { mode: string; sheet: string | null; units: unknown[] } }) => {
        const sheet = args.options.sheet ?? '第一中队'
        const undecided = sheet === '第一中队' && args.options.units.length === 0
        return report({
          sheet,
          sheets: SHEETS,
          committed: args.options.mode !== 'dry_run',
          created_units: sheet === '第一中队' && !undecided ? ['第一中队（执法中队）'] : [],
          unknown_units: undecided
            ? [{ name: '第一中队', column: '所在单位', rows: 2, first_row: 2, suggested_kind: '执法中队' }]
            : [],
        })
      },
    })
    await openDialog()
    ;(document.querySelector('[data-testid="import-unit-第一中队-执法中队"]') as HTMLElement).click()
    await flushPromises()
    button('import-commit')!.click()
    await flushPromises()

    // The next sheet is checked without the decisions of the first: its unit is added now.
    const calls = callsOf('import_sheet').map((a) => [a.options.mode, a.options.sheet, a.options.units.length])
    expect(calls).toEqual([
      ['dry_run', null, 0],
      ['dry_run', null, 1],
      ['all_or_nothing', null, 1],
      ['dry_run', '第二中队', 0],
    ])
    expect(document.querySelector('[data-testid=import-units]')).toBeNull()
    expect(document.querySelector('[data-testid=import-done-note]')?.textContent).toContain('已导入工作表“第一中队”')
  })

  it('does nothing when the file dialog is cancelled', async () => {
    mockCommands({ pick_import_file: () => null, import_sheet: () => report() })
    await openDialog()
    expect(callsOf('import_sheet')).toHaveLength(0)
    expect(document.querySelector('[data-testid=import-summary]')).toBeNull()
  })
})
