// What a person has typed or opened on a screen, carried over when the screen is built again in
// another language: the values of its fields, which of its sections are open, and where the
// focus and the caret were. A screen is built from the state alone, and a draft of a message or
// of new ground rules lives only in its fields; switching the language must not throw it away.
//
// Elements are matched by data-testid, the row they are in (data-member or data-invite) and their
// order among those alike: the same screen built in another language has the same of each.

interface KeptField {
  value: string
  checked: boolean
}

interface KeptFocus {
  key: string
  selection: [number, number] | null
}

export interface KeptInput {
  fields: Map<string, KeptField>
  open: Map<string, boolean>
  hidden: Map<string, boolean>
  focus: KeptFocus | null
}

/** An element whose hidden state is the person's doing (an editor they opened), not the state's. */
export const keptHiddenAttribute = 'data-kept-hidden'

const fieldSelector = 'input, textarea, select'

function keyed<T extends HTMLElement>(root: HTMLElement, selector: string): Map<string, T> {
  const seen = new Map<string, number>()
  const found = new Map<string, T>()
  for (const el of root.querySelectorAll<T>(selector)) {
    const testid = el.dataset.testid
    if (testid === undefined) continue
    const row = el.closest<HTMLElement>('[data-member],[data-invite]')
    const base = `${testid}|${row?.dataset.member ?? row?.dataset.invite ?? ''}`
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    found.set(`${base}|${n}`, el)
  }
  return found
}

function selectionOf(el: Element): [number, number] | null {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return null
  // Number and checkbox inputs have no caret: their selectionStart is null.
  const { selectionStart, selectionEnd } = el
  return selectionStart === null || selectionEnd === null ? null : [selectionStart, selectionEnd]
}

/** What the person has typed, opened and focused on the screen under root. */
export function keepInput(root: HTMLElement): KeptInput {
  const fields = new Map<string, KeptField>()
  for (const [key, el] of keyed<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(root, fieldSelector)) {
    fields.set(key, { value: el.value, checked: el instanceof HTMLInputElement && el.checked })
  }
  const open = new Map<string, boolean>()
  for (const [key, el] of keyed<HTMLDetailsElement>(root, 'details')) open.set(key, el.open)
  const hidden = new Map<string, boolean>()
  for (const [key, el] of keyed(root, `[${keptHiddenAttribute}]`)) hidden.set(key, el.hidden === true)
  let focus: KeptFocus | null = null
  const active = document.activeElement
  if (active instanceof HTMLElement && root.contains(active)) {
    for (const [key, el] of keyed(root, '[data-testid]')) {
      if (el === active) focus = { key, selection: selectionOf(el) }
    }
  }
  return { fields, open, hidden, focus }
}

/** Put what keepInput took back into the same screen built again under root. */
export function restoreInput(root: HTMLElement, kept: KeptInput): void {
  for (const [key, el] of keyed<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(root, fieldSelector)) {
    const field = kept.fields.get(key)
    if (field === undefined) continue
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.checked = field.checked
    else if (!(el instanceof HTMLSelectElement) || [...el.options].some((option) => option.value === field.value)) el.value = field.value
  }
  for (const [key, el] of keyed<HTMLDetailsElement>(root, 'details')) {
    const open = kept.open.get(key)
    if (open !== undefined) el.open = open
  }
  for (const [key, el] of keyed(root, `[${keptHiddenAttribute}]`)) {
    const hidden = kept.hidden.get(key)
    if (hidden !== undefined) el.hidden = hidden
  }
  if (kept.focus === null) return
  const target = keyed(root, '[data-testid]').get(kept.focus.key)
  if (target === undefined) return
  target.focus()
  if (kept.focus.selection !== null && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
    target.setSelectionRange(...kept.focus.selection)
  }
}
