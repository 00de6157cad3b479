import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { store } from '../src/store'
import CityTemplateView from '../src/views/city/CityTemplateView.vue'
import { cityInfo, exportRecord, mockBundleProgress } from './bundleFixtures'
import { callsOf, type Handler, mockCommands, mountWithApp } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))

const SENT = exportRecord({
  sequence: 1,
  kind: 'template',
  kind_label: '模板',
  file_name: '枣庄市生态环境局-模板-20240601-0001.zip',
  path: '/media/usb/枣庄市生态环境局-模板-20240601-0001.zip',
  records: 3,
})

function commands(extra: Record<string, Handler> = {}) {
  return mockCommands({ list_exports: () => [SENT], ...extra })
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

beforeEach(() => {
  store.info = cityInfo()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('下发模板', () => {
  it('exports the chosen files as a template bundle', async () => {
    const progress = mockBundleProgress()
    const picked: Record<string, string> = {
      '选择年度任务模板（TOML）': '/home/city/2025年任务模板.toml',
      '选择评分细则（TOML）': '/home/city/评分细则.toml',
      '选择标准装备清单（TOML）': '/home/city/标准装备2024.toml',
    }
    commands({
      pick_toml_file: (args: { title: string }) => picked[args.title] ?? null,
      pick_folder: () => '/media/usb',
      export_template: () => {
        progress.emit({ stage: '正在写入', done: 1, total: 2 })
        return exportRecord({ ...SENT, sequence: 2, file_name: 'x.zip', path: '/media/usb/枣庄市生态环境局-模板-20240720-0002.zip' })
      },
    })
    await mountWithApp(CityTemplateView, { route: '/city/template' })

    expect((el('export-template') as HTMLButtonElement).disabled).toBe(true)
    await click('template-pick-tasks')
    await click('template-pick-rubric')
    await click('template-pick-standard')
    await click('template-clear-rubric')
    expect(callsOf('pick_toml_file').map((a) => a.title)).toEqual([
      '选择年度任务模板（TOML）',
      '选择评分细则（TOML）',
      '选择标准装备清单（TOML）',
    ])
    expect(el('template-path-tasks')?.textContent?.trim()).toBe('/home/city/2025年任务模板.toml')
    expect(el('template-path-rubric')?.textContent).toContain('不下发')

    await click('export-template')
    expect(callsOf('export_template')).toEqual([
      {
        dir: '/media/usb',
        tasks: '/home/city/2025年任务模板.toml',
        rubric: null,
        standard: '/home/city/标准装备2024.toml',
        trainingKinds: null,
        uniforms: null,
      },
    ])
    expect(progress.unlisten).toHaveBeenCalledTimes(1)
    expect(el('export-result')?.textContent).toContain('已导出第 2 号模板包')
    expect(callsOf('list_exports')).toHaveLength(2)
  })

  it('lists only the template bundles', async () => {
    commands({ list_exports: () => [SENT, exportRecord({ sequence: 5, kind: 'full', kind_label: '完整' })] })
    await mountWithApp(CityTemplateView, { route: '/city/template' })
    const rows = [...document.querySelectorAll('[data-testid=exports-table] .el-table__body tr')]
    expect(rows).toHaveLength(1)
    expect(rows[0].textContent).toContain(SENT.file_name)
  })
})
