// jsdom lacks a few browser APIs Element Plus touches.
import { config, enableAutoUnmount } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { afterEach } from 'vitest'

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as unknown as Record<string, unknown>
if (!('ResizeObserver' in g)) g.ResizeObserver = ResizeObserverStub

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList
}

// Transitions would keep dialogs, drawers and form errors half-shown in jsdom.
config.global.stubs = { ...config.global.stubs, transition: true, 'transition-group': true }

// async-validator prints every failed rule to the console outside production.
;(globalThis as Record<string, unknown>).ASYNC_VALIDATOR_NO_WARNING = 1

// Every mounted component goes away after its test (they share the app store).
enableAutoUnmount(afterEach)

// A message (已保存 …) closes itself after 3 to 6 s, by a timer that outlives a short test file:
// its leave transition then ran after jsdom was torn down ("requestAnimationFrame is not
// defined", an unhandled error that fails the run). Close every message while jsdom is there.
afterEach(() => {
  ElMessage.closeAll()
})

// jsdom has no canvas; ECharts (SVG renderer) only measures text with one.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { font: '', measureText: (text: string) => ({ width: text.length * 12 }) }
} as unknown as HTMLCanvasElement['getContext']
