// A list or a set of figures is asked for again as the clerk types, pages or changes a date, and
// the answers need not come back in order: an older answer arriving after a newer request must
// not replace what the newer one shows, nor clear its spinner.
import { type Ref,ref } from 'vue'

import { showError } from './errors'

export interface Latest {
  /** True while the newest request runs. */
  loading: Ref<boolean>
  /**
   * Send `request`. Unless a newer one was sent meanwhile, hand its answer to `apply`, or show
   * its error.
   */
  run<T>(request: () => Promise<T>, apply: (answer: T) => void): Promise<void>
}

/** One page's (or one table's) requests, of which only the newest counts. */
export function useLatest(): Latest {
  const loading = ref(false)
  let newest = 0
  async function run<T>(request: () => Promise<T>, apply: (answer: T) => void): Promise<void> {
    const mine = ++newest
    loading.value = true
    try {
      const answer = await request()
      if (mine === newest) apply(answer)
    } catch (e) {
      if (mine === newest) showError(e)
    } finally {
      if (mine === newest) loading.value = false
    }
  }
  return { loading, run }
}
