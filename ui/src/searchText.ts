// The text a list's search box sends: what the clerk typed, once typing pauses, so that a list of
// thousands is not asked for again at every keystroke.
import { onBeforeUnmount, type Ref,ref, watch } from 'vue'

/** How long typing must pause before the search is sent. */
export const SEARCH_DEBOUNCE_MS = 300

/**
 * The search text to send: follows `typed` once it has not changed for SEARCH_DEBOUNCE_MS. The
 * page may also set it at once (from its address, or when its filters are reset). Call it in a
 * component's setup: the pending wait ends with the component.
 */
export function useSearchText(typed: () => string): Ref<string> {
  const applied = ref('')
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(typed, (text) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      applied.value = text
    }, SEARCH_DEBOUNCE_MS)
  })
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
  })
  return applied
}
