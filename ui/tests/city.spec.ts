import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { store } from '../src/store'
import CityView from '../src/views/city/CityView.vue'
import {
  BRANCH_FP,
  branchStatus,
  CITY,
  CITY_FP,
  cityInfo,
  figures,
  keyInfo,
  OTHER_FP,
  outcome,
  readOnlyInfo,
  UNREGISTERED,
  verifyReport,
} from './bundleFixtures'
import { BRANCH, callsOf, type Handler, mockCommands, mountWithApp, payload, SQUAD, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const OK = '/media/usb/枣庄市生态环境局滕州分局-20240720-0003.zip'
const BAD = '/media/usb/枣庄市生态环境局山亭分局-20240719-0002.zip'
const NEW = '/media/usb/枣庄市生态环境局峄城分局-20240718-0001.zip'

const NO_DATA = branchStatus({
  branch_id: null,
  name: '枣庄市生态环境局山亭分局',
  fingerprint: OTHER_FP,
  last_sequence: null,
  last_import_at: null,
  last_bundle_at: null,
  figures: null,
})

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    key_info: () => keyInfo({ role: '市局', name: CITY.name, fingerprint: CITY_FP }),
    city_status: () => [branchStatus({ missing: [2] }), NO_DATA],
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

function button(testid: string): HTMLButtonElement {
  return el(testid) as HTMLButtonElement
}

/** The rows of the city table, in the order shown. */
function tableRows(): HTMLElement[] {
  return [...document.querySelectorAll('[data-testid=city-table] .el-table__body tr')] as HTMLElement[]
}

beforeEach(() => {
  store.info = cityInfo()
  store.year = 2024
  store.years = []
  store.units = []
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('各分局情况: table', () => {
  it('shows the city’s key and each branch’s figures side by side', async () => {
    commands()
    await mountWithApp(CityView, { route: '/city' })

    expect(el('city-name')?.textContent).toBe(CITY.name)
    expect(el('city-fingerprint')?.textContent).toBe(CITY_FP)

    const [teng, shan] = tableRows()
    expect(teng.querySelector('[data-testid=branch-name-cell]')?.textContent).toBe(BRANCH.name)
    expect(teng.querySelector('[data-testid=branch-score]')?.textContent?.trim()).toBe('85.5 / 100')
    expect(teng.querySelector('[data-testid=branch-grade]')?.textContent).toBe('良好')
    expect(teng.querySelector('[data-testid=branch-assessment-status]')?.textContent).toBe('已提交')
    expect(teng.querySelector('[data-testid=branch-tasks]')?.textContent?.replace(/\s+/g, '')).toBe('29（3）')
    expect(teng.querySelector('[data-testid=branch-staff]')?.textContent).toBe('7/9')
    expect(teng.querySelector('[data-testid=branch-cert]')?.textContent).toBe('92.3%')
    expect(teng.querySelector('[data-testid=branch-gaps]')?.textContent).toBe('2')
    expect(teng.querySelector('[data-testid=branch-last]')?.textContent).toMatch(/第 3 号\s+2024年7月20日 \d\d:00:00 导入/)
    const missing = teng.querySelector('[data-testid=branch-missing]')!
    expect(missing.textContent?.trim()).toBe('缺第 2 号数据包')
    expect(missing.className).toContain('el-tag--danger')
    expect(teng.textContent).toContain(BRANCH_FP)
    expect((teng.querySelector('[data-testid=view-branch]') as HTMLButtonElement).disabled).toBe(false)

    // Registered from its key, no bundle yet: one merged cell says so, and nothing to view.
    expect(shan.querySelector('[data-testid=branch-no-data]')?.textContent).toBe('尚未收到数据包')
    expect(shan.querySelector('[data-testid=branch-score]')).toBeNull()
    expect(shan.querySelector('[data-testid=branch-missing]')).toBeNull()
    expect((shan.querySelector('[data-testid=view-branch]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('writes whole scores without a decimal', async () => {
    commands({ city_status: () => [branchStatus({ figures: figures({ total: 90, max: 100 }) })] })
    await mountWithApp(CityView, { route: '/city' })
    expect(tableRows()[0].querySelector('[data-testid=branch-score]')?.textContent?.trim()).toBe('90 / 100')
  })

  it('recomputes every branch for today on request', async () => {
    commands({ city_refresh: () => [branchStatus({ figures: figures({ tasks_overdue: 5 }) })] })
    await mountWithApp(CityView, { route: '/city' })
    expect(tableRows()).toHaveLength(2)
    await click('city-refresh')
    expect(callsOf('city_refresh')).toHaveLength(1)
    const rows = tableRows()
    expect(rows).toHaveLength(1)
    expect(rows[0].querySelector('[data-testid=branch-tasks]')?.textContent?.replace(/\s+/g, '')).toBe('29（5）')
  })

  it('says how to register a branch when there is none', async () => {
    commands({ city_status: () => [] })
    await mountWithApp(CityView, { route: '/city' })
    expect(el('city-empty')?.textContent).toBe('尚未登记分局：导入分局的首个数据包即可登记')
  })

  it('opens a branch’s ledgers read-only and goes to its home page', async () => {
    let viewing = false
    commands({
      open_branch_view: () => {
        viewing = true
        return null
      },
      app_info: () => (viewing ? readOnlyInfo() : cityInfo()),
      task_years: () => [2023, 2024],
      list_units: () => [BRANCH, SQUAD],
    })
    const { router } = await mountWithApp(CityView, { route: '/city' })
    ;(tableRows()[0].querySelector('[data-testid=view-branch]') as HTMLElement).click()
    await flushPromises()

    expect(callsOf('open_branch_view')).toEqual([{ branchId: BRANCH.id }])
    expect(store.info?.read_only).toBe(true)
    expect(store.units).toHaveLength(2)
    expect(router.currentRoute.value.path).toBe('/')
  })
})

describe('各分局情况: import', () => {
  it('refuses the whole import when one bundle fails the check', async () => {
    commands({
      pick_bundle_files: () => [OK, BAD],
      verify_bundle: (args: { path: string }) => {
        if (args.path === BAD) throw payload('E_BUNDLE', `数据包“${BAD}”签名无效：文件在签名后被改动过`)
        return verifyReport()
      },
      city_import: () => [],
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-import')

    expect(callsOf('verify_bundle')).toEqual([{ path: OK }, { path: BAD }])
    const dialog = el('import-dialog')!
    const rows = [...dialog.querySelectorAll('.el-table__body tr')]
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('枣庄市生态环境局滕州分局-20240720-0003.zip')
    expect(rows[0].textContent).toContain('第 3 号')
    expect(rows[0].textContent).toContain('增量')
    expect(rows[0].querySelector('[data-testid=import-key-status]')?.textContent).toContain('与登记的')
    const refused = rows[1].querySelector('[data-testid=import-refused]')!
    expect(refused.textContent).toContain('签名无效')
    expect(refused.className).toContain('refused')
    expect(el('import-blocked')?.textContent).toContain('有数据包未通过校验，本次不导入')

    expect(button('confirm-import').disabled).toBe(true)
    button('confirm-import').click()
    await flushPromises()
    expect(callsOf('city_import')).toHaveLength(0)
  })

  it('registers a new branch only after its fingerprint was checked', async () => {
    let imported = false
    commands({
      pick_bundle_files: () => [NEW],
      verify_bundle: () =>
        verifyReport({
          file: NEW,
          source_id: 'u-yicheng',
          source_name: '枣庄市生态环境局峄城分局',
          fingerprint: OTHER_FP,
          sequence: 2,
          kind: 'full',
          kind_label: '完整',
          key_status: UNREGISTERED,
          new_branch: true,
        }),
      city_import: () => {
        imported = true
        return [
          outcome({
            file: NEW,
            branch_id: 'u-yicheng',
            branch_name: '枣庄市生态环境局峄城分局',
            sequence: 2,
            kind_label: '完整',
            registered: true,
            records: 1520,
            deleted: 0,
            missing: [1],
          }),
        ]
      },
      city_status: () => (imported ? [branchStatus(), branchStatus({ name: '枣庄市生态环境局峄城分局' })] : []),
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-import')

    expect(el('import-new-branches')?.textContent).toContain(OTHER_FP)
    expect(button('confirm-import').disabled).toBe(true)
    ;(el('confirm-register')?.querySelector('input') as HTMLInputElement).click()
    await flushPromises()
    expect(el('confirm-register')?.textContent).toContain('已核对新分局的密钥指纹，登记并导入')
    expect(button('confirm-import').disabled).toBe(false)

    await click('confirm-import')
    expect(callsOf('city_import')).toEqual([{ paths: [NEW], registerNew: true }])
    const result = el('import-outcomes')?.textContent ?? ''
    expect(result).toContain('枣庄市生态环境局峄城分局')
    expect(result).toContain('写入 1,520 条，删除 0 条')
    expect(el('import-missing')?.textContent?.trim()).toBe('缺第 1 号数据包')
    // The table is read again.
    expect(callsOf('city_status')).toHaveLength(2)
    expect(tableRows()).toHaveLength(2)
  })

  it('imports bundles of registered branches without registering anything', async () => {
    commands({
      pick_bundle_files: () => [OK],
      verify_bundle: () => verifyReport(),
      city_import: () => [outcome()],
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-import')
    expect(el('confirm-register')).toBeNull()
    await click('confirm-import')
    expect(callsOf('city_import')).toEqual([{ paths: [OK], registerNew: false }])
    expect(texts('.el-message')).toContain('已导入 1 个数据包')
  })

  it('shows the reason when the import itself is refused', async () => {
    commands({
      pick_bundle_files: () => [OK],
      verify_bundle: () => verifyReport(),
      city_import: () => {
        throw payload('E_BUNDLE', `数据包“${OK}”：“枣庄市生态环境局滕州分局”的第 3 号数据包已导入过，但内容不同`)
      },
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-import')
    await click('confirm-import')
    expect(document.querySelector('.el-message--error')?.textContent).toContain('已导入过，但内容不同')
    expect(el('import-outcomes')).toBeNull()
  })
})

describe('各分局情况: registering a key and the summary', () => {
  it('registers a branch from its key file', async () => {
    commands({
      pick_key_file: () => '/media/usb/峄城分局.pub',
      register_branch_key: () => branchStatus({ name: '枣庄市生态环境局峄城分局', fingerprint: OTHER_FP }),
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-register-key')
    expect(button('register-confirm').disabled).toBe(true)
    const name = el('register-name')?.querySelector('input') as HTMLInputElement
    name.value = ' 枣庄市生态环境局峄城分局 '
    name.dispatchEvent(new Event('input'))
    await click('register-pick')
    expect(el('register-path')?.textContent).toBe('/media/usb/峄城分局.pub')
    await click('register-confirm')
    expect(callsOf('register_branch_key')).toEqual([{ path: '/media/usb/峄城分局.pub', name: '枣庄市生态环境局峄城分局' }])
    expect(texts('.el-message')).toContain(`已登记“枣庄市生态环境局峄城分局”，密钥指纹 ${OTHER_FP}`)
    expect(callsOf('city_status')).toHaveLength(2)
  })

  it('saves the summary as PDF and as Excel under a dated name', async () => {
    commands({
      pick_summary_path: (args: { defaultName: string }) => `/home/city/${args.defaultName}`,
      city_summary: (args: { path: string }) => ({
        path: args.path,
        title: '各分局汇总表',
        pages: args.path.endsWith('.pdf') ? 2 : 3,
        bytes: 2048,
        missing_chars: [],
        fonts: [],
      }),
    })
    await mountWithApp(CityView, { route: '/city' })
    await click('city-summary-pdf')
    await click('city-summary-xlsx')
    expect(callsOf('pick_summary_path')).toEqual([
      { defaultName: '各分局汇总表-2024年7月20日.pdf' },
      { defaultName: '各分局汇总表-2024年7月20日.xlsx' },
    ])
    expect(callsOf('city_summary')).toEqual([
      { path: '/home/city/各分局汇总表-2024年7月20日.pdf' },
      { path: '/home/city/各分局汇总表-2024年7月20日.xlsx' },
    ])
    const messages = texts('.el-message')
    expect(messages).toContain('已生成“各分局汇总表”：2 页，2.0 KB，保存在 /home/city/各分局汇总表-2024年7月20日.pdf')
    expect(messages).toContain('已导出“各分局汇总表”：3 个分局，保存在 /home/city/各分局汇总表-2024年7月20日.xlsx')
  })
})
