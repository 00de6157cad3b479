import { describe, expect, it, vi } from 'vitest'

import { showError } from '../src/errors'
import { useLatest } from '../src/latest'
import { deferred } from './bundleFixtures'

vi.mock('../src/errors', () => ({ showError: vi.fn() }))

describe('useLatest', () => {
  it('keeps the newest answer when an older one comes back after it', async () => {
    const { loading, run } = useLatest()
    const shown: string[] = []
    const older = deferred<string>()
    const newer = deferred<string>()
    const first = run(() => older.promise, (a) => shown.push(a))
    const second = run(() => newer.promise, (a) => shown.push(a))
    expect(loading.value).toBe(true)

    newer.resolve('第2页')
    await second
    expect(loading.value).toBe(false)
    older.resolve('第1页')
    await first
    expect(shown).toEqual(['第2页'])
    expect(loading.value).toBe(false)
  })

  it('stays loading until the newest request answers, even when an older one answers first', async () => {
    const { loading, run } = useLatest()
    const older = deferred<number>()
    const newer = deferred<number>()
    const first = run(() => older.promise, () => {})
    void run(() => newer.promise, () => {})
    older.resolve(1)
    await first
    expect(loading.value).toBe(true)
    newer.resolve(2)
    await vi.waitFor(() => expect(loading.value).toBe(false))
  })

  it('shows the error of the newest request only', async () => {
    vi.mocked(showError).mockClear()
    const { run } = useLatest()
    const older = deferred<number>()
    const first = run(() => older.promise, () => {})
    await run(() => Promise.reject(new Error('数据库已锁定')), () => {})
    expect(vi.mocked(showError).mock.calls).toEqual([[new Error('数据库已锁定')]])
    older.reject(new Error('旧的请求失败'))
    await first
    expect(vi.mocked(showError)).toHaveBeenCalledTimes(1)
  })
})
