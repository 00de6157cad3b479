import { describe, expect, it } from 'vitest'

import { fileName, formatScore, missingText, progressPercent, summaryFileName } from '../src/bundles'
import {
  formatDate,
  formatDateTime,
  formatNumber,
  joinUnitList,
  parseUnitList,
} from '../src/format'
import { homePath, pathAllowed } from '../src/modes'

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

describe('bundle display helpers', () => {
  it('writes scores with one decimal only when needed', () => {
    expect(formatScore(85)).toBe('85')
    expect(formatScore(85.5)).toBe('85.5')
    expect(formatScore(85.26)).toBe('85.3')
    expect(formatScore(84.96)).toBe('85')
  })

  it('names the missing bundles', () => {
    expect(missingText([])).toBe('')
    expect(missingText([3])).toBe('缺第 3 号数据包')
    expect(missingText([2, 4])).toBe('缺第 2、4 号数据包')
  })

  it('dates the summary’s file name the Chinese way', () => {
    expect(summaryFileName('2026-12-03', 'pdf')).toBe('各分局汇总表-2026年12月3日.pdf')
    expect(summaryFileName('2026-12-03', 'xlsx')).toBe('各分局汇总表-2026年12月3日.xlsx')
  })

  it('measures progress only when the stage has a total', () => {
    expect(progressPercent({ stage: '正在汇总数据', done: 0, total: 0 })).toBeNull()
    expect(progressPercent({ stage: '正在写入', done: 1, total: 3 })).toBe(33)
    expect(progressPercent({ stage: '正在写入', done: 5, total: 3 })).toBe(100)
  })

  it('takes the file name from either kind of path', () => {
    expect(fileName('/media/usb/a-0001.zip')).toBe('a-0001.zip')
    expect(fileName('E:\\数据包\\a-0002.zip')).toBe('a-0002.zip')
  })
})

describe('pages of each mode', () => {
  it('keeps the city bureau on its own pages and the branches off them', () => {
    expect(pathAllowed('/city', 'city')).toBe(true)
    expect(pathAllowed('/audit', 'city')).toBe(true)
    expect(pathAllowed('/', 'city')).toBe(false)
    expect(pathAllowed('/tasks', 'city')).toBe(false)
    expect(pathAllowed('/city', 'branch')).toBe(false)
    expect(pathAllowed('/city/template', 'read_only')).toBe(false)
    expect(pathAllowed('/exchange', 'branch')).toBe(true)
    expect(pathAllowed('/exchange', 'read_only')).toBe(false)
    expect(pathAllowed('/tasks', 'read_only')).toBe(true)
    expect(homePath('city')).toBe('/city')
    expect(homePath('read_only')).toBe('/')
  })
})
