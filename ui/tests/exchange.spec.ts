import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ExportRecord } from '../src/bindings/ExportRecord'
import ExchangeView from '../src/views/exchange/ExchangeView.vue'
import {
  BRANCH_FP,
  CITY_FP,
  deferred,
  exportRecord,
  keyInfo,
  mockBundleProgress,
  templatePreview,
} from './bundleFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, payload, resetStore, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))

const USB = '/media/usb'
const TEMPLATE = '/media/usb/枣庄市生态环境局-模板-20240720-0002.zip'
const FIRST = exportRecord()

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    key_info: () => keyInfo(),
    list_exports: () => [FIRST],
    ...extra,
  })
}

function el(testid: string): HTMLElement | null {
  return document.querySelector(`[data-testid="${testid}"]`)
}

async function click(testid: string): Promise<void> {
  const e = el(testid)
  expect(e, testid).not.toBeNull()
  e!.click()
  await flushPromises()
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('数据上报: key', () => {
  it('shows the branch’s fingerprint and that no city key is registered yet', async () => {
    commands()
    await mountWithApp(ExchangeView, { route: '/exchange' })
    const fp = el('key-fingerprint')!
    expect(fp.textContent?.trim()).toBe(BRANCH_FP)
    expect(fp.className).toContain('mono')
    expect(el('key-card')?.textContent).toContain('市局据此核对数据包来源，请通过电话等方式告知市局')
    expect(el('public-key')?.textContent).toBe(keyInfo().public_key)
    expect(el('city-key-fingerprint')?.textContent?.trim()).toBe('未登记')
    expect(el('pin-city-key')?.textContent?.trim()).toBe('登记市局公钥…')
  })

  it('registers the city key from the .pub file the city gave', async () => {
    commands({
      pick_key_file: () => '/media/usb/枣庄市生态环境局.pub',
      pin_city_key: () => keyInfo({ city_fingerprint: CITY_FP }),
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('pin-city-key')
    expect(callsOf('pin_city_key')).toEqual([{ path: '/media/usb/枣庄市生态环境局.pub' }])
    expect(el('city-key-fingerprint')?.textContent?.trim()).toBe(CITY_FP)
    expect(texts('.el-message')).toContain(`已登记市局公钥，指纹 ${CITY_FP}`)
  })
})

describe('数据上报: export', () => {
  it('asks for the folder, exports an incremental bundle with a progress bar, then shows what it wrote', async () => {
    const progress = mockBundleProgress()
    const answer = deferred<ExportRecord>()
    const made = exportRecord({
      sequence: 3,
      kind: 'incremental',
      kind_label: '增量',
      file_name: '枣庄市生态环境局滕州分局-20240720-0003.zip',
      path: '/media/usb/枣庄市生态环境局滕州分局-20240720-0003.zip',
      records: 120,
      deleted: 2,
      size: 1536,
    })
    let exported = false
    commands({
      pick_folder: () => USB,
      export_bundle: () => answer.promise,
      list_exports: () => (exported ? [made, FIRST] : [FIRST]),
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })

    expect(el('export-progress')).toBeNull()
    await click('export-bundle')
    expect(callsOf('pick_folder')).toHaveLength(1)
    expect(callsOf('export_bundle')).toEqual([{ dir: USB, full: false }])
    expect(progress.events()).toEqual(['bundle-progress'])

    progress.emit({ stage: '正在写入', done: 50, total: 200 })
    await flushPromises()
    expect(el('export-stage')?.textContent).toContain('正在写入')
    expect(el('export-progress')?.textContent).toContain('25%')
    expect(el('export-result')).toBeNull()

    exported = true
    answer.resolve(made)
    await flushPromises()
    expect(el('export-progress')).toBeNull()
    expect(progress.unlisten).toHaveBeenCalledTimes(1)
    const result = el('export-result')?.textContent ?? ''
    expect(result).toContain('已导出第 3 号增量数据包')
    expect(result).toContain('/media/usb/枣庄市生态环境局滕州分局-20240720-0003.zip')
    expect(result).toContain('记录 120 条，删除 2 条，大小 1.5 KB')

    // The list is read again and shows the new bundle first.
    expect(callsOf('list_exports')).toHaveLength(2)
    const rows = [...document.querySelectorAll('[data-testid=exports-table] .el-table__body tr')]
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('第 3 号')
    expect(rows[0].textContent).toContain('增量')
  })

  it('exports a full bundle when the clerk chooses 完整', async () => {
    mockBundleProgress()
    commands({ pick_folder: () => USB, export_bundle: () => exportRecord({ sequence: 2 }) })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    expect(el('export-card')?.textContent).toContain('首次导出总是完整数据包')
    ;(el('export-full')?.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    await click('export-bundle')
    expect(callsOf('export_bundle')).toEqual([{ dir: USB, full: true }])
    expect(el('export-result')?.textContent).toContain('已导出第 2 号完整数据包')
  })

  it('does nothing when the folder dialog is cancelled', async () => {
    mockBundleProgress()
    commands({ pick_folder: () => null, export_bundle: () => exportRecord() })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('export-bundle')
    expect(callsOf('export_bundle')).toHaveLength(0)
    expect(el('export-result')).toBeNull()
  })

  it('shows why the export failed', async () => {
    mockBundleProgress()
    commands({
      pick_folder: () => USB,
      export_bundle: () => {
        throw payload('E_FILE', '“/media/usb”剩余空间不足：需要 4.0 MB，只有 1.2 MB')
      },
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('export-bundle')
    expect(el('export-result')).toBeNull()
    expect(el('export-progress')).toBeNull()
    expect(document.querySelector('.el-message--error')?.textContent).toContain('剩余空间不足')
  })

  it('lists the exports with their kind, counts, size, time and who made them', async () => {
    commands()
    await mountWithApp(ExchangeView, { route: '/exchange' })
    const cells = [...document.querySelectorAll('[data-testid=exports-table] .el-table__body tr td')].map((td) =>
      td.textContent?.trim(),
    )
    expect(cells.slice(0, 6)).toEqual(['第 1 号', '完整', FIRST.file_name, '1,520', '0', '3.5 MB'])
    expect(cells[6]).toMatch(/^2024年7月20日 \d\d:30:00$/)
    expect(cells[7]).toBe('内勤')
  })
})

describe('数据上报: template bundle', () => {
  it('shows what the template would change, and imports it only on 确认导入', async () => {
    commands({
      pick_bundle_file: () => TEMPLATE,
      preview_template: () => templatePreview(),
      import_template: () => templatePreview({ applied: true }),
      task_years: () => [2024, 2025],
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('import-template')

    expect(callsOf('preview_template')).toEqual([{ path: TEMPLATE }])
    expect(callsOf('import_template')).toHaveLength(0)
    const dialog = el('template-dialog')!
    expect(el('template-source')?.textContent?.replace(/\s+/g, '')).toContain(
      `来自枣庄市生态环境局（密钥指纹${CITY_FP.replace(/\s+/g, '')}）第2号模板包`,
    )
    const parts = [...dialog.querySelectorAll('[data-testid=template-part]')]
    expect(parts).toHaveLength(3)
    expect(parts[1].textContent).toContain('标准装备清单')
    expect([...parts[1].querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '新增：执法记录仪充电柜',
      '停用（旧版）：传真机',
    ])
    expect(parts[0].className).not.toContain('unchanged')
    expect(parts[2].className).toContain('unchanged')

    await click('confirm-template-import')
    expect(callsOf('import_template')).toEqual([{ path: TEMPLATE }])
    expect(texts('.el-message')).toContain('已导入第 2 号模板包：年度任务模板、标准装备清单')
    // A new year's ledger may have come with it.
    expect(callsOf('task_years')).toHaveLength(1)
  })

  it('imports nothing when the clerk cancels the preview', async () => {
    commands({
      pick_bundle_file: () => TEMPLATE,
      preview_template: () => templatePreview(),
      import_template: () => templatePreview({ applied: true }),
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('import-template')
    await click('cancel-template-import')
    expect(callsOf('import_template')).toHaveLength(0)
  })

  it('shows the refusal of a template bundle signed by another key', async () => {
    commands({
      pick_bundle_file: () => TEMPLATE,
      preview_template: () => {
        throw payload('E_REJECTED', '模板包由另一把密钥签名（指纹 51E7 0B9A），不是登记的市局密钥')
      },
    })
    await mountWithApp(ExchangeView, { route: '/exchange' })
    await click('import-template')
    expect(document.querySelector('.el-message--error')?.textContent).toContain('不是登记的市局密钥')
    expect(el('template-part')).toBeNull()
  })
})
