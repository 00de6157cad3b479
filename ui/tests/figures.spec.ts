import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import FiguresView from '../src/views/figures/FiguresView.vue'
import { F2, figureCommands, figureSet } from './figureFixtures'
import { callsOf, mockCommands, mountWithApp, resetStore, SQUAD, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function card(key: string): HTMLElement {
  const el = document.querySelector(`[data-testid="figure-${key}"]`) as HTMLElement | null
  if (!el) throw new Error(`no figure ${key}`)
  return el
}

function inCard(key: string, testid: string): string {
  return card(key).querySelector(`[data-testid=${testid}]`)?.textContent?.trim() ?? ''
}

/** The names in one table of the open names dialog. */
function namesIn(testid: string): string[] {
  return texts(`[data-testid=figure-names-dialog] [data-testid=${testid}] [data-testid=figure-person]`)
}

async function openFigure(key: string): Promise<void> {
  card(key).click()
  await flushPromises()
}

beforeEach(() => {
  resetStore()
  mockCommands(figureCommands(() => figureSet()))
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('figures page', () => {
  it('asks the core for today and the whole branch, and shows every figure by group', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })

    expect(callsOf('figures')).toEqual([{ query: { as_of: '2024-07-20', unit_id: null } }])
    expect(texts('.group-title')).toEqual(['人员指标', '培训指标', '制式服装'])
    expect(document.querySelector('[data-testid=figures-group-F] [data-testid=figure-F8]')).not.toBeNull()
    expect(document.querySelector('[data-testid=figures-group-T] [data-testid="figure-T4-实战比武"]')).not.toBeNull()
    expect(document.querySelector('[data-testid=figures-group-U] [data-testid=figure-U2]')).not.toBeNull()
  })

  it('shows each figure with its value, n / d, threshold, pass tag, explanation and source', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })

    expect(inCard('F1', 'figure-value')).toBe('100.0%')
    expect(inCard('F1', 'figure-ratio')).toBe('2 / 2')
    expect(inCard('F1', 'figure-pass')).toBe('达标')

    expect(inCard('F2', 'figure-value')).toBe('75.0%')
    expect(inCard('F2', 'figure-ratio')).toBe('3 / 4')
    expect(inCard('F2', 'figure-pass')).toBe('未达标')
    expect(card('F2').querySelector('[data-testid=figure-pass]')?.className).toContain('el-tag--danger')
    expect(card('F2').textContent).toContain('要求 ≥ 80%')
    expect(inCard('F2', 'figure-explanation')).toBe(F2.explanation)
    expect(inCard('F2', 'figure-source')).toContain('[解读] 新进按到岗日期计')

    expect(inCard('T2', 'figure-value')).toBe('1 次')
    expect(card('T2').querySelector('[data-testid=figure-ratio]')).toBeNull()
    expect(inCard('T4-实战比武', 'figure-pass')).toBe('未达标')
    expect(inCard('T5', 'figure-pass')).toBe('不设要求')
    // T1 is computed for 30 June: the card says so.
    expect(card('T1').textContent).toContain('统计日期：2024年6月30日')
  })

  it('shows 不适用 in grey for a zero denominator', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })

    expect(inCard('F4', 'figure-value')).toBe('不适用')
    expect(inCard('F4', 'figure-pass')).toBe('不适用')
    expect(card('F4').querySelector('[data-testid=figure-pass]')?.className).toContain('el-tag--info')
    expect(inCard('F4', 'figure-ratio')).toBe('0 / 0')
  })

  it('opens the names behind a ratio: counted, not counted, and the whole denominator', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })
    await openFigure('F2')

    // The page's set has no names; the dialog asks for this figure's, for the set's date and scope.
    expect(callsOf('figure_names')).toEqual([
      { query: { as_of: '2024-07-20', unit_id: null }, key: { id: 'F2', kind: null, group: null, item: null } },
    ])

    const dialog = document.querySelector('[data-testid=figure-names-dialog]')!
    expect(dialog.textContent).toContain('F2 持证比例（不含近三年内新进人员）')
    expect(document.querySelector('[data-testid=figure-names-explanation]')?.textContent).toBe(F2.explanation)
    expect(texts('[data-testid=figure-names-dialog] .el-tabs__item')).toEqual([
      '计入分子（3 人）',
      '未计入分子（1 人）',
      '全部分母（4 人）',
    ])
    expect(namesIn('figure-names-numerator')).toEqual(['王磊', '李玥', '赵堃'])
    expect(namesIn('figure-names-missing')).toEqual(['孙喆'])
    expect(namesIn('figure-names-denominator')).toEqual(['王磊', '李玥', '赵堃', '孙喆'])
  })

  it('links each name to the person’s page', async () => {
    const { router } = await mountWithApp(FiguresView, { route: '/figures' })
    await openFigure('F2')

    const link = document.querySelector('[data-testid=figure-names-missing] [data-testid=figure-person]') as HTMLAnchorElement
    expect(link.getAttribute('href')).toContain('/staff/s-sun')
    link.click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/staff/s-sun')
  })

  it('lists F8 unit by unit with its count, pass mark and names', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })
    expect(inCard('F8', 'figure-ratio')).toBe('1 / 2')
    await openFigure('F8')

    expect(document.querySelector('[data-testid=figure-names-dialog]')?.textContent).toContain('要求：每个单位 ≥ 2 人')
    const rows = [...document.querySelectorAll('[data-testid=figure-units] .el-table__body tr')].map((r) => r.textContent ?? '')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('第一执法中队')
    expect(rows[0]).toContain('达标')
    expect(rows[0]).toContain('王磊、李玥')
    expect(rows[1]).toContain('第二执法中队')
    expect(rows[1]).toContain('未达标')
    expect(texts('[data-testid=figure-unit-count]')).toEqual(['2', '1'])
  })

  it('lists the sessions behind T2 and everyone’s hours for T5', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })
    await openFigure('T2')
    const session = document.querySelector('[data-testid=figure-sessions] .el-table__body tr')?.textContent ?? ''
    expect(session).toContain('2024年军训队列训练')
    expect(session).toContain('2024年4月8日 至 2024年4月12日')
    expect(document.querySelector('[data-testid=figure-longest]')?.textContent).toContain('最长一次 5 天')

    document.querySelector<HTMLButtonElement>('[data-testid=figure-names-close]')!.click()
    await flushPromises()
    await openFigure('T5')
    expect(texts('[data-testid=figure-hours] [data-testid=figure-person]')).toEqual(['王磊', '李玥', '孙喆'])
    expect(texts('[data-testid=figure-hours-value]')).toEqual(['12', '2.5', '0'])
  })

  it('asks again for another unit', async () => {
    await mountWithApp(FiguresView, { route: '/figures' })
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find(
      (el) => el.textContent?.trim() === SQUAD.name,
    ) as HTMLElement
    option.click()
    await flushPromises()
    expect(callsOf('figures').map((a) => a.query)).toEqual([
      { as_of: '2024-07-20', unit_id: null },
      { as_of: '2024-07-20', unit_id: SQUAD.id },
    ])
  })
})
