import { describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'

import { PAGE_SIZE, showCorePage, usePaged } from '../src/paged'

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `人员${i}`, hours: i % 7 }))

describe('usePaged', () => {
  it('shows 50 rows a page and numbers them through the whole list', () => {
    const list = people(120)
    const { page, rows, total, rowNumber } = usePaged(() => list)
    expect(PAGE_SIZE).toBe(50)
    expect(total.value).toBe(120)
    expect(rows.value.map((r) => r.name)).toEqual(list.slice(0, 50).map((r) => r.name))
    page.value = 3
    expect(rows.value.map((r) => r.name)).toEqual(list.slice(100).map((r) => r.name))
    expect(rowNumber(0)).toBe(101)
  })

  it('sorts the whole list, not just the page shown, and starts again at page 1', () => {
    const list = people(120)
    const { page, rows, onSort } = usePaged(() => list, { prop: 'hours', order: 'descending' })
    // 人员6, 人员13 … 人员118 have 6 hours: 17 of them, all on page 1, most first.
    expect(rows.value.slice(0, 17).every((r) => r.hours === 6)).toBe(true)
    expect(rows.value[17].hours).toBe(5)
    page.value = 2
    onSort({ prop: 'hours', order: 'ascending' })
    expect(page.value).toBe(1)
    // 人员0, 人员7 … 人员119: 18 with none.
    expect(rows.value.slice(0, 18).every((r) => r.hours === 0)).toBe(true)
    expect(rows.value[18].hours).toBe(1)
    onSort({ prop: null, order: null })
    expect(rows.value[0].name).toBe('人员0')
  })

  it('puts Chinese text in pinyin order', () => {
    const { rows } = usePaged(() => [{ n: '赵' }, { n: '王' }, { n: '李' }], { prop: 'n', order: 'ascending' })
    expect(rows.value.map((r) => r.n)).toEqual(['李', '王', '赵'])
  })

  it('goes back to page 1 when the list changes', async () => {
    const list = ref(people(120))
    const { page, rows } = usePaged(() => list.value)
    page.value = 3
    list.value = people(60)
    await nextTick()
    expect(page.value).toBe(1)
    expect(rows.value).toHaveLength(50)
  })
})

describe('showCorePage', () => {
  it('shows the page the core sent with its total', () => {
    const shown = { rows: ref<string[]>([]), total: ref(0), page: ref(2) }
    showCorePage({ items: ['张三', '李四'], total: 22 }, shown, 20)
    expect([shown.rows.value, shown.total.value, shown.page.value]).toEqual([['张三', '李四'], 22, 2])
  })

  it('goes to the last page when the page asked for ran past the end', () => {
    // Page 5 of 20 rows a page, after deletions left 45 rows: the last page is 3.
    const shown = { rows: ref<string[]>(['旧']), total: ref(90), page: ref(5) }
    showCorePage({ items: [], total: 45 }, shown, 20)
    expect([shown.rows.value, shown.total.value, shown.page.value]).toEqual([[], 45, 3])
  })

  it('stays on the first page of an empty list', () => {
    const shown = { rows: ref<string[]>(['旧']), total: ref(1), page: ref(1) }
    showCorePage({ items: [], total: 0 }, shown, 20)
    expect([shown.rows.value, shown.total.value, shown.page.value]).toEqual([[], 0, 1])
  })
})
