import { flushPromises } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { deleteConfirmed } from '../src/confirm'
import { sleep } from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** Click the message box's button labelled `label` once the box is shown; the box's text. */
async function answer(label: string): Promise<string> {
  await flushPromises()
  await sleep(50)
  const asked = document.querySelector('.el-message-box')?.textContent ?? ''
  const button = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find(
    (b) => b.textContent?.trim() === label,
  )
  button!.click()
  await flushPromises()
  await sleep(50)
  await flushPromises()
  return asked
}

describe('deleteConfirmed', () => {
  it('deletes once the clerk confirms, says so, then goes on', async () => {
    const success = vi.spyOn(ElMessage, 'success')
    const steps: string[] = []
    const done = deleteConfirmed({
      ask: '确定删除“培训签到表.pdf”吗？',
      title: '删除附件',
      remove: async () => {
        steps.push('remove')
      },
      done: '附件已删除',
      after: () => steps.push('after'),
    })
    const asked = await answer('删除')
    await done
    expect(asked).toContain('删除附件')
    expect(asked).toContain('确定删除“培训签到表.pdf”吗？')
    expect(steps).toEqual(['remove', 'after'])
    expect(success).toHaveBeenCalledWith('附件已删除')
  })

  it('does nothing when the clerk cancels', async () => {
    const remove = vi.fn()
    const done = deleteConfirmed({ ask: '确定删除吗？', title: '删除', remove, done: '已删除', after: vi.fn() })
    await answer('取消')
    await done
    expect(remove).not.toHaveBeenCalled()
  })
})
