import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import UnitsView from '../src/views/UnitsView.vue'
import { BRANCH, callsOf, mockCommands, mountWithApp, payload, resetStore, sleep,SQUAD } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('organisation page', () => {
  it('shows the units as a tree and adds one under the branch', async () => {
    const added = { ...SQUAD, id: 'u-new', name: '驻巡站一站', kind: '驻巡站' }
    let units = [BRANCH, SQUAD]
    mockCommands({
      list_units: () => units,
      add_unit: (args: { input: { name: string } }) => {
        if (args.input.name === '第一执法中队') throw payload('E_INVALID', '单位名称：“第一执法中队”已存在', '单位名称')
        units = [...units, added]
        return added
      },
    })
    const { wrapper } = await mountWithApp(UnitsView)
    expect(wrapper.get('[data-testid=unit-table]').text()).toContain('第一执法中队')

    await wrapper.get('[data-testid=unit-new]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=unit-form-name] input').setValue('第一执法中队')
    await wrapper.get('[data-testid=unit-form-save]').trigger('click')
    await flushPromises()
    await sleep(150)
    expect(wrapper.get('[data-testid=unit-form-name] .el-form-item__error').text()).toBe('“第一执法中队”已存在')

    await wrapper.get('[data-testid=unit-form-name] input').setValue('驻巡站一站')
    await wrapper.get('[data-testid=unit-form-save]').trigger('click')
    await flushPromises()
    expect(callsOf('add_unit')[1]).toEqual({ input: { name: '驻巡站一站', kind: '执法中队', parent_id: BRANCH.id } })
    expect(wrapper.get('[data-testid=unit-table]').text()).toContain('驻巡站一站')
  })
})
