import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import TaskFormDialog from '../src/components/TaskFormDialog.vue'
import { callsOf, makeTask, mockCommands, mountWithApp, payload, resetStore, sleep } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

/** Element Plus shows a form item's error 100 ms after the item turns invalid. */
async function settle(): Promise<void> {
  await flushPromises()
  await sleep(150)
  await flushPromises()
}

/** The core's reading of any 完成时限 the form is given (the hint under it is tested on its own). */
const READ_DEADLINE = { read_deadline: () => ({ due_date: null, ongoing: false, recognized: false }) }

function errorAt(testid: string): string {
  const el = document.querySelector(`[data-testid=${testid}] .el-form-item__error`)
  return el?.textContent?.trim() ?? ''
}

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('task form', () => {
  it('requires 具体任务 and does not call the server without it', async () => {
    mockCommands({ task_categories: () => [], create_task: () => makeTask() })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task: null, year: 2024 } })

    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await settle()

    expect(errorAt('task-form-detail')).toBe('请填写具体任务')
    expect(callsOf('create_task')).toHaveLength(0)
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('says what the 完成时限 reads as while it is typed, before anything is saved', async () => {
    const readings: Record<string, unknown> = {
      '10月上旬': { due_date: '2024-10-10', ongoing: false, recognized: true },
      每季度: { due_date: null, ongoing: true, recognized: true },
    }
    mockCommands({
      task_categories: () => [],
      read_deadline: ({ text }: { text: string }) => readings[text] ?? { due_date: null, ongoing: false, recognized: false },
    })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task: null, year: 2024 } })
    const hint = () => wrapper.find('[data-testid=task-form-deadline-reading]')
    const deadline = wrapper.get('[data-testid=task-form-deadline] input')
    expect(hint().exists()).toBe(false)

    await deadline.setValue('10月上旬')
    await flushPromises()
    expect(hint().text()).toBe('截止日期：2024年10月10日')
    expect(hint().classes()).not.toContain('is-unrecognized')

    await deadline.setValue('每季度')
    await flushPromises()
    expect(hint().text()).toBe('长期坚持，无截止日期')

    await deadline.setValue('年内适时')
    await flushPromises()
    expect(hint().text()).toBe('未能识别该完成时限，可改写为“7月底前”“5月15日前”“10月上旬”“三季度末”“长期坚持”等')
    expect(hint().classes()).toContain('is-unrecognized')

    await deadline.setValue('')
    await flushPromises()
    expect(hint().exists()).toBe(false)
    expect(callsOf('read_deadline')).toEqual([
      { text: '10月上旬', year: 2024 },
      { text: '每季度', year: 2024 },
      { text: '年内适时', year: 2024 },
    ])
    expect(callsOf('create_task')).toHaveLength(0)
  })

  it('shows a server validation error at the field it names', async () => {
    mockCommands({ ...READ_DEADLINE,
      task_categories: () => [],
      create_task: () => {
        throw payload('E_INVALID', '完成时限：无法识别“年内适时”，请写成如“7月底前”', '完成时限')
      },
    })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task: null, year: 2024 } })

    await wrapper.get('[data-testid=task-form-detail] textarea').setValue('定期健康体检')
    await wrapper.get('[data-testid=task-form-deadline] input').setValue('年内适时')
    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await settle()

    expect(callsOf('create_task')).toHaveLength(1)
    expect(errorAt('task-form-deadline')).toBe('无法识别“年内适时”，请写成如“7月底前”')
    expect(errorAt('task-form-detail')).toBe('')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
  })

  it('sends the TaskInput the clerk filled in', async () => {
    const created = makeTask()
    mockCommands({ ...READ_DEADLINE, task_categories: () => [], create_task: () => created })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task: null, year: 2024 } })

    await wrapper.get('[data-testid=task-form-category] input').setValue('(三)队伍专业化攻坚')
    await wrapper.get('[data-testid=task-form-main-task] input').setValue('完善人才培养体系')
    await wrapper.get('[data-testid=task-form-detail] textarea').setValue('  6月底前完成全员轮训  ')
    await wrapper.get('[data-testid=task-form-lead] input').setValue('综合执法支队、财务科')
    await wrapper.get('[data-testid=task-form-responsible] input').setValue('/')
    await wrapper.get('[data-testid=task-form-deadline] input').setValue('6月底前')
    await wrapper.get('[data-testid=task-form-status-进行中] input').setValue(true)
    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await flushPromises()

    expect(callsOf('create_task')).toEqual([
      {
        input: {
          year: 2024,
          seq: null,
          unit_id: 'u-branch',
          category: '(三)队伍专业化攻坚',
          main_task: '完善人才培养体系',
          detail: '6月底前完成全员轮训',
          lead_units: ['综合执法支队', '财务科'],
          responsible_units: [],
          deadline_text: '6月底前',
          status: '进行中',
        },
      },
    ])
    expect(wrapper.emitted('saved')).toEqual([[created]])
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('saves an edit with the revision it read', async () => {
    const task = makeTask({ revision: 7, lead_units: [], responsible_units: ['各分局', '综合执法支队'] })
    mockCommands({ task_categories: () => [], update_task: () => ({ ...task, revision: 8 }) })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task, year: 2024 } })

    expect((wrapper.get('[data-testid=task-form-responsible] input').element as HTMLInputElement).value).toBe(
      '各分局、综合执法支队',
    )
    await wrapper.get('[data-testid=task-form-status-已完成] input').setValue(true)
    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await flushPromises()

    const [args] = callsOf('update_task')
    expect(args.id).toBe(task.id)
    expect(args.revision).toBe(7)
    expect(args.input).toMatchObject({
      detail: task.detail,
      lead_units: [],
      responsible_units: ['各分局', '综合执法支队'],
      status: '已完成',
    })
  })

  it('on E_CONFLICT tells the clerk and reloads the latest version', async () => {
    const task = makeTask({ revision: 3, detail: '旧内容' })
    const latest = { ...task, revision: 4, detail: '别人改过的内容' }
    mockCommands({ ...READ_DEADLINE,
      task_categories: () => [],
      update_task: (args: { revision: number }) => {
        if (args.revision === 3) throw payload('E_CONFLICT', '任务已被修改（当前版本 4，提交的版本 3），请刷新后重试')
        return latest
      },
      get_task: () => ({ task: latest, progress: [], evidence: [] }),
    })
    const { wrapper } = await mountWithApp(TaskFormDialog, { props: { modelValue: true, task, year: 2024 } })
    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await flushPromises()

    const box = document.querySelector('.el-message-box')
    expect(box?.textContent).toContain('请刷新后重试')
    const reload = [...box!.querySelectorAll('button')].find((b) => b.textContent?.trim() === '重新载入') as HTMLButtonElement
    reload.click()
    await settle()

    expect(callsOf('get_task')).toEqual([{ id: task.id }])
    const detail = wrapper.get('[data-testid=task-form-detail] textarea').element as HTMLTextAreaElement
    expect(detail.value).toBe('别人改过的内容')
    await wrapper.get('[data-testid=task-form-save]').trigger('click')
    await flushPromises()
    expect(callsOf('update_task').map((a) => a.revision)).toEqual([3, 4])
    expect(wrapper.emitted('saved')).toEqual([[latest]])
  })
})
