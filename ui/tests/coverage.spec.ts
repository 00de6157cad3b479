import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { EditionReport } from '../src/bindings/EditionReport'
import CoverageView from '../src/views/equipment/CoverageView.vue'
import { DRONE, equipmentFigures, RECORDER, standardList } from './equipmentFixtures'
import { figureCommands, figureSet } from './figureFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, payload, resetStore, sleep, SQUAD, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    standard_list: () => standardList(),
    ...figureCommands(() => figureSet({ figures: equipmentFigures() })),
    ...extra,
  })
}

function item(name: string): HTMLElement {
  const el = document.querySelector(`[data-testid="coverage-item-${name}"]`) as HTMLElement | null
  if (!el) throw new Error(`no item ${name}`)
  return el
}

function section(key: string): HTMLElement {
  return document.querySelector(`[data-testid="coverage-group-${key}"]`) as HTMLElement
}

async function click(testid: string): Promise<void> {
  const el = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  expect(el, testid).not.toBeNull()
  el!.click()
  await flushPromises()
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('标准装备配备', () => {
  it('marks every gap: 缺N in red on a highlighted row, with held, in service and required', async () => {
    commands()
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })

    expect(callsOf('figures')).toEqual([{ query: { as_of: '2024-07-20', unit_id: null } }])
    expect(item('执法执勤专用车').getAttribute('data-missing')).toBe('1')
    expect(item('移动执法终端').getAttribute('data-missing')).toBe('0')
    expect(item('快检试剂包').getAttribute('data-missing')).toBe('8')

    const car = item('执法执勤专用车').closest('tr')!
    expect(car.className).toContain('gap-row')
    expect(car.querySelector('[data-testid=coverage-missing]')?.textContent?.trim()).toBe('缺1')
    expect(car.querySelector('[data-testid=coverage-missing]')?.className).toContain('el-tag--danger')

    const reagent = item('快检试剂包').closest('tr')!
    expect(reagent.querySelector('[data-testid=coverage-held]')?.textContent).toBe('12')
    expect(reagent.querySelector('[data-testid=coverage-required]')?.textContent).toBe('20')
    expect(reagent.querySelector('[data-testid=coverage-missing]')?.textContent?.trim()).toBe('缺8')

    const drone = item('无人机').closest('tr')!
    expect(drone.className).not.toContain('gap-row')
    expect(drone.querySelector('[data-testid=coverage-held]')?.textContent).toBe('1')
    expect(drone.querySelector('[data-testid=coverage-in-service]')?.textContent).toBe('0')
    expect(drone.querySelector('[data-testid=coverage-ok]')?.textContent?.trim()).toBe('配齐')
    // No official quantity: counted as 1, marked with *.
    expect(drone.textContent).toContain('*')
    expect(reagent.textContent).not.toContain('*')
  })

  it('groups the items ①–⑥ with each group’s points, then the others, then the 旧版 items greyed', async () => {
    commands()
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })

    expect([...document.querySelectorAll('[data-testid^=coverage-group-]')].map((e) => e.getAttribute('data-testid'))).toEqual([
      'coverage-group-①',
      'coverage-group-②',
      'coverage-group-③',
      'coverage-group-other',
      'coverage-group-retired',
    ])
    expect(section('①').querySelector('.section-title')?.textContent).toBe('① 执法执勤专用车')
    expect(section('①').getAttribute('data-points')).toBe('0')
    expect(section('①').getAttribute('data-pass')).toBe('false')
    expect(section('①').querySelector('[data-testid=coverage-section-points]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('得分 0 / 1.5 分')
    expect(section('①').querySelector('[data-testid=coverage-section-pass]')?.textContent?.trim()).toBe('未配齐')
    expect(section('①').querySelector('[data-testid=coverage-section-explanation]')?.textContent).toContain('缺：执法执勤专用车')
    expect(section('②').getAttribute('data-points')).toBe('1')
    expect(section('②').querySelector('[data-testid=coverage-section-points]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe('得分 1 / 1 分')
    expect(section('②').querySelector('[data-testid=coverage-section-pass]')?.textContent?.trim()).toBe('已配齐')
    expect(texts('[data-testid="coverage-group-other"] [data-testid^=coverage-item-]')).toEqual(['执法记录仪', '视频管理存储设备'])

    const old = item('对讲机').closest('tr')!
    expect(old.className).toContain('retired-row')
    expect(old.textContent).toContain('旧版')
    expect(old.textContent).toContain('3 件')
    expect(old.querySelector('[data-testid=coverage-missing]')).toBeNull()
  })

  it('sums up E1–E4 at the top: gaps, points, 全过程记录 and 移动执法 with its points', async () => {
    commands()
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })

    expect(document.querySelector('[data-testid=coverage-gaps]')?.textContent).toBe('3 项缺')
    expect(document.querySelector('[data-testid=coverage-e2-points]')?.textContent).toBe('1 分')
    expect(document.querySelector('[data-testid=coverage-e3]')?.textContent).toContain('未配齐')
    const e4 = document.querySelector('[data-testid=coverage-e4]') as HTMLElement
    expect(e4.getAttribute('data-points')).toBe('1')
    expect(e4.querySelector('[data-testid=coverage-e4-ratio]')?.textContent).toBe('9 / 10 人')
    expect(e4.querySelector('[data-testid=coverage-e4-value]')?.textContent).toBe('90.0%')
    expect(e4.querySelector('[data-testid=coverage-e4-points]')?.textContent).toBe('1 分')

    // E4 opens the names behind it.
    e4.click()
    await flushPromises()
    expect(document.querySelector('[data-testid=figure-names-dialog]')?.textContent).toContain('E4 执法人员配备移动执法终端和无线视频执法记录仪')
    expect(texts('[data-testid=figure-names-numerator] [data-testid=figure-person]')).toEqual(['王磊', '李玥'])
  })

  it('shows the equipment behind an item, each linking to its page', async () => {
    commands()
    const { router } = await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    item('无人机').click()
    await flushPromises()

    const dialog = document.querySelector('[data-testid=figure-equipment-dialog]')!
    expect(dialog.textContent).toContain('无人机：持有 1，在用 0，应配 1 → 已配齐')
    const link = dialog.querySelector('[data-testid=figure-equipment-asset]') as HTMLAnchorElement
    expect(link.textContent?.trim()).toBe('ZF-2024-009')
    expect(link.getAttribute('href')).toContain('/equipment/item/eq-drone')
    expect(dialog.querySelector('[data-testid=figure-equipment] .el-table__body')?.textContent).toContain('维修中')
    const inventory = dialog.querySelector('[data-testid=figure-equipment-inventory]') as HTMLAnchorElement
    expect(inventory.getAttribute('href')).toContain(`/equipment?standard=${encodeURIComponent(DRONE.id)}`)
    link.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/equipment/item/eq-drone')
  })

  it('asks again for another date and unit', async () => {
    commands()
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    const input = document.querySelector('input[data-testid=coverage-date], [data-testid=coverage-date] input') as HTMLInputElement
    input.value = '2024年12月31日'
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    await click(`coverage-scope-${SQUAD.name}`)
    expect(callsOf('figures').map((a) => a.query)).toEqual([
      { as_of: '2024-07-20', unit_id: null },
      { as_of: '2024-12-31', unit_id: null },
      { as_of: '2024-12-31', unit_id: SQUAD.id },
    ])
  })
})

describe('editing the standard list', () => {
  it('edits an item’s required quantity, level and group', async () => {
    commands({ update_standard_item: () => ({}) })
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    await click('coverage-edit-无人机')
    const qty = document.querySelector('[data-testid=standard-form-required] input') as HTMLInputElement
    qty.value = '2'
    qty.dispatchEvent(new Event('input'))
    qty.dispatchEvent(new Event('change'))
    await flushPromises()
    await click('standard-form-level-选配')
    await click('standard-form-save')
    expect(callsOf('update_standard_item')).toEqual([
      {
        id: DRONE.id,
        revision: 1,
        input: { name: '无人机', category: '现场执法辅助设备', group: '③', level: '选配', required: 2, note: '' },
      },
    ])
    expect(callsOf('standard_list')).toHaveLength(2)
  })

  it('adds an item to the list', async () => {
    commands({ create_standard_item: () => ({}) })
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    await click('coverage-new')
    const name = document.querySelector('[data-testid=standard-form-name] input') as HTMLInputElement
    name.value = '执法记录仪充电柜'
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    await click('standard-form-save')
    expect(callsOf('create_standard_item')).toEqual([
      { input: { name: '执法记录仪充电柜', category: '', group: null, level: '标配', required: null, note: '' } },
    ])
  })

  it('shows the core’s refusal to delete an item that equipment counts as', async () => {
    commands({
      delete_standard_item: () => {
        throw payload('E_REJECTED', '已有 2 件装备计为“执法记录仪”，不能删除（可改为选配，或在新版清单中停用）')
      },
    })
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    await click('coverage-delete-执法记录仪')
    const confirm = [...document.querySelectorAll('.el-message-box button')].find((b) => b.textContent?.trim() === '删除') as HTMLButtonElement
    confirm.click()
    await flushPromises()
    await sleep(50)
    await flushPromises()
    expect(callsOf('delete_standard_item')).toEqual([{ id: RECORDER.id, revision: 1 }])
    expect(document.querySelector('.el-message--error')?.textContent).toContain('已有 2 件装备计为“执法记录仪”，不能删除')
  })

  it('loads a newer edition only after showing what it would change', async () => {
    const report: EditionReport = {
      edition: '2024',
      added: ['执法记录仪充电柜'],
      kept: ['执法执勤专用车', '无人机'],
      retired: ['传真机'],
      items_on_retired: 4,
    }
    commands({ pick_standard_file: () => '/media/usb/标准装备2024.toml', load_standard_edition: () => report })
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    await click('coverage-import-edition')

    expect(callsOf('load_standard_edition')).toEqual([{ path: '/media/usb/标准装备2024.toml', dryRun: true }])
    const dialog = document.querySelector('[data-testid=edition-dialog]')!
    expect(dialog.textContent).toContain('版本：2024')
    expect(dialog.querySelector('[data-testid=edition-added]')?.textContent).toBe('执法记录仪充电柜')
    expect(dialog.querySelector('[data-testid=edition-kept]')?.textContent).toBe('执法执勤专用车、无人机')
    expect(dialog.querySelector('[data-testid=edition-retired]')?.textContent).toBe('传真机')
    expect(dialog.querySelector('[data-testid=edition-items-on-retired]')?.textContent).toContain('有 4 件装备计为停用的标准装备')
    expect(callsOf('standard_list')).toHaveLength(1)

    await click('edition-confirm')
    expect(callsOf('load_standard_edition')).toEqual([
      { path: '/media/usb/标准装备2024.toml', dryRun: true },
      { path: '/media/usb/标准装备2024.toml', dryRun: false },
    ])
    expect(callsOf('standard_list')).toHaveLength(2)
    expect(callsOf('figures')).toHaveLength(2)
  })

  it('changes nothing when the clerk cancels the file dialog', async () => {
    commands({ pick_standard_file: () => null, load_standard_edition: () => ({}) })
    await mountWithApp(CoverageView, { route: '/equipment/coverage' })
    await click('coverage-import-edition')
    expect(callsOf('load_standard_edition')).toHaveLength(0)
  })
})
