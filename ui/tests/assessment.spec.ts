import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { AssessmentResult } from '../src/bindings/AssessmentResult'
import HomeAssessmentPanel from '../src/components/assessment/HomeAssessmentPanel.vue'
import AssessmentView from '../src/views/assessment/AssessmentView.vue'
import ReportsView from '../src/views/assessment/ReportsView.vue'
import { BONUS, F2_ITEM, FUJIAN, INDIVIDUAL, info, itemScore, OVERRIDDEN, result } from './assessmentFixtures'
import { deferred } from './bundleFixtures'
import { figureCommands, figureSet } from './figureFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp, resetStore, texts } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({
    list_rubrics: () => [FUJIAN, INDIVIDUAL],
    assessment_versions: () => [info()],
    assessment_for: () => result(),
    assessment_result: () => result(),
    ...extra,
  })
}

function el(testid: string): HTMLElement {
  const e = document.querySelector(`[data-testid="${testid}"]`) as HTMLElement | null
  if (!e) throw new Error(`no ${testid}`)
  return e
}

async function click(testid: string): Promise<void> {
  el(testid).click()
  await flushPromises()
}

/** Type into an input the way a clerk does: the text, then leaving the field. `selector` names
 * the input, or the component around it. */
async function type(selector: string, value: string): Promise<void> {
  const found = document.querySelector(selector) as HTMLElement | null
  if (!found) throw new Error(`no ${selector}`)
  const input = (found.matches('input, textarea') ? found : found.querySelector('input, textarea')) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

function row(itemId: string): HTMLElement {
  return el(`item-score-${itemId}`).closest('tr') as HTMLElement
}

async function messageBox(value: string | null, button: string): Promise<void> {
  const box = document.querySelector('.el-message-box') as HTMLElement
  expect(box).not.toBeNull()
  if (value !== null) await type('.el-message-box input', value)
  const b = [...box.querySelectorAll('button')].find((x) => x.textContent?.trim() === button) as HTMLButtonElement
  b.click()
  await flushPromises()
  await new Promise((r) => setTimeout(r, 50))
  await flushPromises()
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('规范化建设自评', () => {
  it('shows that it is loading from the start until the assessment has come', async () => {
    const rubrics = deferred<unknown>()
    const assessment = deferred<unknown>()
    commands({ list_rubrics: () => rubrics.promise, assessment_for: () => assessment.promise })
    await mountWithApp(AssessmentView, { route: '/assessment' })
    const mask = () => el('assessment-page').querySelector('.el-loading-mask') as HTMLElement | null
    expect(mask()).not.toBeNull()

    rubrics.resolve([FUJIAN, INDIVIDUAL])
    await flushPromises()
    expect(callsOf('assessment_for')).toHaveLength(1)
    expect(mask()).not.toBeNull()

    assessment.resolve(result())
    await flushPromises()
    await new Promise((r) => setTimeout(r, 400))
    expect(mask()).toBeNull()
    expect(el('assessment-total').textContent).toBe('81.5')
  })

  it('shows the total, the grade and the tree with every item’s score and how it was reached', async () => {
    commands()
    await mountWithApp(AssessmentView, { route: '/assessment' })

    expect(callsOf('assessment_for')).toEqual([{ rubricId: 'fujian-county-2022', year: 2024, subjectId: null }])
    expect(el('assessment-total').textContent).toBe('81.5')
    expect(el('assessment-grade').textContent).toBe('规范化单位，距示范单位还差 13.5 分')
    expect(el('assessment-status').textContent?.trim()).toBe('草稿')
    expect(el('item-how-6.4.2').textContent?.trim()).toBe('自动计算')
    expect(el('item-how-6.5.1').textContent?.trim()).toBe('手工调整')
    expect(row('6.4.2').textContent).toContain('持证 8 人 / 应计 10 人 = 80.0%')
    expect(row('1.1.1').className).toContain('row-open')
    expect(row('6.5.1').className).toContain('row-override')
    const head = el('assessment-group-四、队伍规范化').textContent
    expect(head).toContain('17.5 / 20 分')
    // The chart by group is drawn.
    expect(el('assessment-chart')).toBeTruthy()
  })

  it('filters the items not yet scored, without evidence, or overridden', async () => {
    commands()
    await mountWithApp(AssessmentView, { route: '/assessment' })
    const shown = () => [...document.querySelectorAll('[data-testid^="item-score-"]')].map((e) => e.getAttribute('data-testid'))

    expect(shown()).toEqual(['item-score-1.1.1', 'item-score-6.4.2', 'item-score-6.5.1', 'item-score-加2'])
    await click('filter-unscored')
    expect(shown()).toEqual(['item-score-1.1.1'])
    await click('filter-override')
    expect(shown()).toEqual(['item-score-6.5.1'])
    await click('filter-no-evidence')
    expect(shown()).toEqual(['item-score-6.5.1'])
  })

  it('starts the draft on the first score and saves a score by hand with its note', async () => {
    const unsaved = result({ assessment: info({ id: '', revision: 0 }) })
    const scored = result({
      total: 82.5,
      items: [itemScore({ score: 1, how: 'manual', explanation: '手工评分 1 分（满分 1 分）' }), F2_ITEM, OVERRIDDEN, BONUS],
    })
    commands({
      assessment_versions: () => [],
      assessment_for: () => unsaved,
      open_assessment: () => info(),
      assessment_result: () => result(),
      score_item: () => scored,
    })
    await mountWithApp(AssessmentView, { route: '/assessment' })

    row('1.1.1').click()
    await flushPromises()
    expect(callsOf('open_assessment')).toEqual([{ rubricId: 'fujian-county-2022', year: 2024, subjectId: null }])
    expect(el('item-criteria').textContent).toBe('是否按规定明确执法机构职能')
    await type('[data-testid=item-input-score]', '1')
    await type('[data-testid=item-input-note]', '已建立职能清单')
    await click('item-save')

    expect(callsOf('score_item')).toEqual([
      { id: 'a-1', itemId: '1.1.1', input: { score: 1, count: null, percent: null, flag: null, note: '已建立职能清单' } },
    ])
    expect(el('assessment-total').textContent).toBe('82.5')
    expect(el('item-how-1.1.1').textContent?.trim()).toBe('手工评分')
  })

  it('overrides a computed score only with a reason, and opens the names behind it', async () => {
    commands({
      override_item: () => result(),
      ...figureCommands(() => figureSet()),
    })
    await mountWithApp(AssessmentView, { route: '/assessment' })

    row('6.4.2').click()
    await flushPromises()
    expect(el('item-explanation').textContent).toContain('→ 0.5 分')
    await click('item-figure-F2')
    expect(callsOf('figures')).toEqual([{ query: { as_of: '2024-12-31', unit_id: null } }])
    expect(el('figure-names-dialog').textContent).toContain('F2')

    await click('item-override-switch')
    await type('[data-testid=item-override-score]', '0')
    await type('[data-testid=item-override-reason]', '市局核定')
    await click('item-save')
    expect(callsOf('override_item')).toEqual([{ id: 'a-1', itemId: '6.4.2', score: 0, reason: '市局核定', note: '' }])
  })

  it('runs the office workflow: submit, then the head signs it off with a name', async () => {
    let current: AssessmentResult = result()
    commands({
      assessment_for: () => current,
      submit_assessment: () => {
        current = result({ assessment: info({ status: '已提交', revision: 4 }) })
        return current.assessment
      },
      sign_off_assessment: () => {
        current = result({
          assessment: info({ status: '已签发', signed_by: '李局长', signed_at: '2024-08-10T02:00:00Z', revision: 5 }),
          frozen: true,
        })
        return current.assessment
      },
    })
    await mountWithApp(AssessmentView, { route: '/assessment' })

    await click('assessment-submit')
    expect(callsOf('submit_assessment')).toEqual([{ id: 'a-1', revision: 3 }])
    expect(el('assessment-status').textContent?.trim()).toBe('已提交')

    await click('assessment-sign')
    await messageBox('李局长', '签发')
    expect(callsOf('sign_off_assessment')).toEqual([{ id: 'a-1', revision: 4, signer: '李局长' }])
    expect(el('assessment-status').textContent?.trim()).toBe('已签发')
    expect(el('assessment-signed').textContent).toContain('李局长 签发于')
    expect(document.querySelector('[data-testid=assessment-amend]')).not.toBeNull()
    expect(document.querySelector('[data-testid=assessment-submit]')).toBeNull()

    // Locked: the item shows without an entry form.
    row('1.1.1').click()
    await flushPromises()
    expect(document.querySelector('[data-testid=item-save]')).toBeNull()
    expect(el('item-dialog').textContent).toContain('已签发的自评已锁定')
  })

  it('ranks the people under an individual rubric and scores the one picked', async () => {
    commands({
      rank_people: () => [
        { rank: 1, staff_id: 's-1', name: '王喆', unit: '第一执法中队', total: 24, status: '草稿', disqualified: null },
        { rank: 0, staff_id: 's-2', name: '李四', unit: '第一执法中队', total: 0, status: null, disqualified: '2024年12月31日 无有效行政执法证，不具备参评资格' },
      ],
    })
    await mountWithApp(AssessmentView, { route: '/assessment?rubric=taian-2021-individual' })

    expect(callsOf('rank_people')).toEqual([{ rubricId: 'taian-2021-individual', year: 2024 }])
    const rank = el('assessment-rank').textContent ?? ''
    expect(rank).toContain('王喆')
    expect(rank).toContain('无有效行政执法证')
    const first = [...document.querySelectorAll('[data-testid=assessment-rank] tbody tr')][0] as HTMLElement
    first.click()
    await flushPromises()
    expect(callsOf('assessment_for')).toEqual([{ rubricId: 'taian-2021-individual', year: 2024, subjectId: 's-1' }])
  })

  it('names every problem of a rubric file that does not add up, and loads nothing', async () => {
    commands({
      pick_rubric_file: () => '/tmp/山东.toml',
      check_rubric_file: () => ({
        ok: false,
        id: 'sd',
        title: '山东',
        items: 3,
        total: 100,
        problems: ['三级指标“3.1 完成装备配备”分值为 5，其下评分项合计 5.5'],
      }),
    })
    await mountWithApp(AssessmentView, { route: '/assessment' })
    await click('assessment-load-rubric')
    expect(texts('.el-message-box__title')).toEqual(['评分细则有 1 处错误，未载入'])
    expect(document.querySelector('.el-message-box')?.textContent).toContain('其下评分项合计 5.5')
    expect(callsOf('load_rubric_file')).toEqual([])
  })
})

describe('首页：年度自评', () => {
  it('shows the score so far and the items that would lift it, each linked where it is fixed', async () => {
    commands({ current_assessment: () => result() })
    const { router } = await mountWithApp(HomeAssessmentPanel, { route: '/' })

    expect(callsOf('current_assessment')).toEqual([{ year: 2024 }])
    expect(el('home-assessment-total').textContent).toBe('81.5')
    expect(el('home-assessment-grade').textContent?.trim()).toBe('规范化单位')
    expect(el('home-assessment-unscored').textContent).toBe('1')
    const links = [...document.querySelectorAll('[data-testid=home-suggestion-go]')] as HTMLElement[]
    expect(links.map((l) => l.textContent?.trim())).toEqual(['去自评打分', '去制式服装'])
    links[1].click()
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/uniforms')
  })
})

describe('打印与报告', () => {
  function reportCommands(extra: Record<string, Handler> = {}) {
    return commands({
      assessment_versions: () => [
        info({ id: 'a-2', version: 2, status: '草稿', revision: 1 }),
        info({ status: '已签发', signed_by: '李局长', signed_at: '2024-08-10T02:00:00Z', amended_by_version: 2 }),
      ],
      get_assessment: () => info(),
      report_fonts: ({ builtinOnly }: { builtinOnly: boolean }) =>
        builtinOnly ? ['标题：Noto Sans SC（内置）'] : ['标题：方正小标宋简体（系统字体）', '正文：仿宋（系统字体）'],
      pick_pdf_path: () => '/tmp/自评报告.pdf',
      self_assessment_report: () => ({
        path: '/tmp/自评报告.pdf',
        title: '关于枣庄市生态环境局滕州分局2024年度规范化建设自评情况的报告',
        pages: 16,
        bytes: 221184,
        missing_chars: [],
        fonts: [],
      }),
      ledger_pdf: () => ({ path: '/tmp/装备.pdf', title: '执法装备台账', pages: 3, bytes: 40960, missing_chars: ['𠀀（U+20000）第 2 页，第 7 行'], fonts: [] }),
      ...extra,
    })
  }

  it('prints the version chosen on the assessment page through the save dialog', async () => {
    reportCommands()
    await mountWithApp(ReportsView, { route: '/reports?assessment=a-1' })

    expect(texts('[data-testid=reports-font-lines] li')).toEqual(['标题：方正小标宋简体（系统字体）', '正文：仿宋（系统字体）'])
    await type('[data-testid=reports-contact]', '张内勤')
    await click('reports-assessment-pdf')
    expect(callsOf('pick_pdf_path')).toEqual([{ defaultName: '枣庄市生态环境局滕州分局2024年度规范化建设自评报告.pdf' }])
    expect(callsOf('self_assessment_report')).toEqual([
      {
        assessmentId: 'a-1',
        rubricId: 'fujian-county-2022',
        year: 2024,
        path: '/tmp/自评报告.pdf',
        recipient: null,
        contact: '张内勤',
        phone: null,
        builtinOnly: false,
      },
    ])
    expect(el('reports-last').textContent).toContain('16 页')

    await click('reports-builtin-fonts')
    expect(texts('[data-testid=reports-font-lines] li')).toEqual(['标题：Noto Sans SC（内置）'])
  })

  it('prints a ledger and says which characters no font had', async () => {
    reportCommands()
    await mountWithApp(ReportsView, { route: '/reports' })
    await click('reports-ledger-equipment')
    expect(callsOf('ledger_pdf')).toEqual([{ ledger: 'equipment', path: '/tmp/自评报告.pdf', asOf: '2024-07-20', builtinOnly: false }])
    await new Promise((r) => setTimeout(r, 50))
    expect(document.querySelector('.el-message-box')?.textContent).toContain('𠀀（U+20000）第 2 页')
  })

  it('saves nothing when the dialog is cancelled', async () => {
    reportCommands({ pick_pdf_path: () => null })
    await mountWithApp(ReportsView, { route: '/reports' })
    await click('reports-assessment-pdf')
    expect(callsOf('self_assessment_report')).toEqual([])
  })
})
