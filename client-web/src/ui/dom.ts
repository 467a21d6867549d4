// Building DOM without innerHTML: every text goes in as a text node, so nothing a server or
// another member sends can become markup or script.

type Child = Node | string | null | undefined | false

export interface Props {
  testid?: string
  className?: string
  text?: string
  attrs?: Record<string, string>
  hidden?: boolean
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  if (props.testid !== undefined) el.dataset.testid = props.testid
  if (props.className !== undefined) el.className = props.className
  if (props.attrs !== undefined) for (const [name, value] of Object.entries(props.attrs)) el.setAttribute(name, value)
  if (props.hidden === true) el.hidden = true
  if (props.on !== undefined) {
    for (const [type, listener] of Object.entries(props.on)) el.addEventListener(type, listener as EventListener)
  }
  if (props.text !== undefined) el.textContent = props.text
  append(el, children)
  return el
}

export function append(parent: HTMLElement, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child)
  }
}

/** Replace an element's children. */
export function fill(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

let idCounter = 0

/** A fresh id for label/for and aria-describedby pairs. */
export function uid(prefix: string): string {
  idCounter += 1
  return `${prefix}-${idCounter}`
}

/** A labelled form field: label, control, and an optional hint tied with aria-describedby. */
export function field(label: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string): HTMLElement {
  control.id = control.id === '' ? uid('field') : control.id
  const wrapper = h('div', { className: 'field' }, h('label', { text: label, attrs: { for: control.id } }))
  if (hint !== undefined) {
    const hintId = uid('hint')
    control.setAttribute('aria-describedby', hintId)
    wrapper.append(h('p', { className: 'hint', text: hint, attrs: { id: hintId } }))
  }
  wrapper.append(control)
  return wrapper
}

/** A checkbox with its label after it. */
export function checkbox(label: string, testid: string): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { testid, attrs: { type: 'checkbox', id: uid('check') } })
  const row = h('div', { className: 'check' }, input, h('label', { text: label, attrs: { for: input.id } }))
  return { row, input }
}

/**
 * Re-render a list without losing the keyboard focus: if a control inside it had focus, the
 * control with the same data-testid in the same row (data-member or data-invite) gets it back.
 */
export function refill(parent: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement
  const inside = active instanceof HTMLElement && parent.contains(active)
  const testid = inside ? active.dataset.testid : undefined
  const row = inside ? active.closest<HTMLElement>('[data-member],[data-invite]') : null
  const rowKey = row === null ? null : (row.dataset.member ?? row.dataset.invite ?? null)
  fill(parent, ...children)
  if (testid === undefined) return
  for (const candidate of parent.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)) {
    const candidateRow = candidate.closest<HTMLElement>('[data-member],[data-invite]')
    const key = candidateRow === null ? null : (candidateRow.dataset.member ?? candidateRow.dataset.invite ?? null)
    if (key === rowKey) {
      candidate.focus()
      return
    }
  }
}
