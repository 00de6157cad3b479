import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { Evidence } from '../src/bindings/Evidence'
import type { TaskDetail } from '../src/bindings/TaskDetail'
import TaskDetailDrawer from '../src/components/TaskDetailDrawer.vue'
import { callsOf, makeTask, mockCommands, mountWithApp, resetStore } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const task = makeTask({ detail: '6月底前完成全员轮训', progress_count: 2, evidence_count: 2 })

function evidence(id: string, file_name: string, mime: string): Evidence {
  return {
    id,
    sha256: 'ab'.repeat(32),
    file_name,
    size: 2048,
    mime,
    entity: 'task',
    entity_id: task.id,
    created_at: '2024-06-01T02:00:00Z',
  }
}

const DETAIL: TaskDetail = {
  task,
  progress: [
    { id: 'p1', task_id: task.id, entry_date: '2024-05-20', author: '张三', note: '制定轮训方案', created_at: '2024-05-20T01:00:00Z' },
    { id: 'p2', task_id: task.id, entry_date: '2024-06-18', author: '李四', note: '完成第一期轮训', created_at: '2024-06-18T01:00:00Z' },
  ],
  evidence: [evidence('e1', '轮训合影.jpg', 'image/jpeg'), evidence('e2', '签到表.pdf', 'application/pdf')],
}

function evidenceButton(row: number, label: string): HTMLButtonElement {
  const rows = document.querySelectorAll('[data-testid=task-detail] .el-table__body tr')
  return [...rows[row].querySelectorAll('button')].find((b) => b.textContent?.trim() === label) as HTMLButtonElement
}

beforeEach(() => {
  resetStore()
  mockCommands({
    get_task: () => DETAIL,
    evidence_preview: (args: { id: string }) => (args.id === 'e1' ? { mime: 'image/jpeg', data_base64: 'AAAA' } : null),
    open_evidence: () => null,
    add_progress: () => DETAIL.progress[0],
    pick_evidence_files: () => ['/home/clerk/a.jpg', '/home/clerk/b.pdf'],
    attach_evidence: () => DETAIL.evidence[0],
  })
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('task detail drawer', () => {
  it('shows the progress newest first and the evidence', async () => {
    await mountWithApp(TaskDetailDrawer, { props: { modelValue: true, taskId: task.id } })
    expect(callsOf('get_task')).toEqual([{ id: task.id }])
    const items = [...document.querySelectorAll('.el-timeline-item')].map((e) => e.textContent ?? '')
    expect(items).toHaveLength(2)
    expect(items[0]).toContain('完成第一期轮训')
    expect(items[0]).toContain('2024年6月18日')
    expect(items[1]).toContain('制定轮训方案')
    expect(document.body.textContent).toContain('轮训合影.jpg')
  })

  it('previews an image and opens other files in the system viewer', async () => {
    await mountWithApp(TaskDetailDrawer, { props: { modelValue: true, taskId: task.id } })
    evidenceButton(0, '查看').click()
    await flushPromises()
    expect(callsOf('open_evidence')).toHaveLength(0)
    const img = document.querySelector('.preview-image img') as HTMLImageElement | null
    expect(img?.getAttribute('src')).toBe('data:image/jpeg;base64,AAAA')

    evidenceButton(1, '查看').click()
    await flushPromises()
    expect(callsOf('evidence_preview').map((a) => a.id)).toEqual(['e1', 'e2'])
    expect(callsOf('open_evidence')).toEqual([{ id: 'e2' }])
  })

  it('adds a progress entry and attaches every picked file', async () => {
    const { wrapper } = await mountWithApp(TaskDetailDrawer, { props: { modelValue: true, taskId: task.id } })
    ;(document.querySelector('[data-testid=progress-note] textarea') as HTMLTextAreaElement).value = '完成第二期轮训'
    document.querySelector('[data-testid=progress-note] textarea')!.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-testid=progress-add]') as HTMLButtonElement).click()
    await flushPromises()
    expect(callsOf('add_progress')).toEqual([
      { taskId: task.id, input: { entry_date: '2024-07-20', author: '内勤', note: '完成第二期轮训' } },
    ])

    ;(document.querySelector('[data-testid=evidence-upload]') as HTMLButtonElement).click()
    await flushPromises()
    expect(callsOf('attach_evidence')).toEqual([
      { entity: 'task', entityId: task.id, path: '/home/clerk/a.jpg' },
      { entity: 'task', entityId: task.id, path: '/home/clerk/b.pdf' },
    ])
    expect(wrapper.emitted('changed')).toHaveLength(2)
  })
})
