import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { makeRouter } from '../src/router'
import { store } from '../src/store'
import { appInfo, cityInfo } from './bundleFixtures'

beforeEach(() => {
  store.info = null
  window.location.hash = ''
})

afterEach(() => {
  window.location.hash = ''
})

/** Start the app's router as app.use(router) does; the paths whose page it resolved (loaded). */
function start(hash = '') {
  window.location.hash = hash
  const router = makeRouter()
  const resolved: string[] = []
  router.beforeResolve((to) => {
    resolved.push(to.path)
  })
  void router.push(router.options.history.location)
  return { router, resolved }
}

describe('first page', () => {
  it('waits for the database before loading a page, and a city bureau’s opens on 各分局情况 only', async () => {
    const { router, resolved } = start()
    await flushPromises()
    expect(resolved).toEqual([])

    store.info = cityInfo()
    await router.isReady()
    expect(router.currentRoute.value.path).toBe('/city')
    expect(resolved).toEqual(['/city'])
  })

  it('a branch opens on the page it was on', async () => {
    const { router, resolved } = start('#/tasks')
    store.info = appInfo()
    await router.isReady()
    expect(router.currentRoute.value.path).toBe('/tasks')
    expect(resolved).toEqual(['/tasks'])
  })
})
