import { describe, expect, it } from 'vitest'

import {
  formatDate,
  formatDateTime,
  formatNumber,
  joinUnitList,
  parseUnitList,
} from '../src/format'

describe('formatDate', () => {
  it('writes an ISO date the Chinese way', () => {
    expect(formatDate('2024-07-31')).toBe('2024年7月31日')
    expect(formatDate('2024-12-01')).toBe('2024年12月1日')
  })

  it('shows a dash for no date', () => {
    expect(formatDate(null)).toBe('—')
    expect(formatDate(undefined)).toBe('—')
    expect(formatDate('')).toBe('—')
  })

  it('leaves text that is not a date as it is', () => {
    expect(formatDate('长期坚持')).toBe('长期坚持')
  })
})

describe('formatDateTime', () => {
  it('shows an RFC 3339 time in local time', () => {
    const iso = '2024-07-31T01:02:03Z'
    const d = new Date(iso)
    const pad = (x: number) => String(x).padStart(2, '0')
    expect(formatDateTime(iso)).toBe(
      `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
    )
    expect(formatDateTime(null)).toBe('—')
  })
})

describe('numbers and unit lists', () => {
  it('groups digits as zh-CN does', () => {
    expect(formatNumber(50000)).toBe('50,000')
    expect(formatNumber(0)).toBe('0')
  })

  it('splits the units a clerk types', () => {
    expect(parseUnitList('综合执法支队、人事科')).toEqual(['综合执法支队', '人事科'])
    expect(parseUnitList(' 财务科, 人事科，办公室 ')).toEqual(['财务科', '人事科', '办公室'])
    expect(parseUnitList('/')).toEqual([])
    expect(parseUnitList('')).toEqual([])
  })

  it('joins units, with / for none', () => {
    expect(joinUnitList(['综合执法支队', '人事科'])).toBe('综合执法支队、人事科')
    expect(joinUnitList([])).toBe('/')
  })
})
