// The group's ground rules and crisis lines as a decision (PSG1.md §3.7): a member's editor for
// proposing a new text, and what the others read before they agree to it: the lines taken out and
// put in, and the whole new text.

import type { Actions } from '../app/app.ts'
import { changedLines, crisisLineText, splitGroundRules, type TextProblem } from '../app/ground_rules_text.ts'
import type { AppState } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { field, h } from './dom.ts'
import type { Screen } from './common.ts'
import { keptHiddenAttribute } from './kept_input.ts'

/** "Propose new ground rules": an editor prefilled with the current text, split into rules and crisis lines. */
export function textChangeSection(state: AppState, t: Strings, actions: Actions): Screen {
  let latest = state
  // Whether the editor is open is the person's doing: kept when the language changes (kept_input.ts).
  const open = h('button', { testid: 'text-change-open', text: t.textChangeOpen, attrs: { type: 'button', [keptHiddenAttribute]: '' }, className: 'secondary' })
  const busy = h('p', { testid: 'text-change-busy', className: 'hint', text: t.textChangeBusy })
  const outdated = h('p', { testid: 'text-outdated', className: 'problem', text: t.textOutdated })
  const sent = h('p', { testid: 'text-change-sent', attrs: { role: 'status' } })
  const rules = h('textarea', { testid: 'text-change-rules', attrs: { rows: '14' } })
  const crisis = h('textarea', { testid: 'text-change-crisis', attrs: { rows: '3' } })
  const problem = h('p', { testid: 'text-change-problem', className: 'problem', attrs: { role: 'alert' } })
  const submit = h('button', { testid: 'text-change-submit', text: t.textChangeSubmit, attrs: { type: 'submit' } })
  const cancel = h('button', { testid: 'text-change-cancel', text: t.textChangeCancel, attrs: { type: 'button' }, className: 'secondary' })
  const form = h(
    'form',
    { testid: 'text-change-form', attrs: { novalidate: '', [keptHiddenAttribute]: '' }, hidden: true },
    h('h3', { text: t.textChangeTitle }),
    h('p', { className: 'hint', text: t.textChangeIntro }),
    field(t.textChangeRules, rules),
    field(t.textChangeCrisis, crisis),
    problem,
    h('div', { className: 'buttons' }, submit, cancel),
  )
  const show = (editing: boolean) => {
    form.hidden = !editing
    open.hidden = editing
  }
  open.addEventListener('click', () => {
    const parts = splitGroundRules(latest.text ?? '')
    rules.value = parts.rules
    crisis.value = parts.crisis.map(crisisLineText).join('\n')
    problem.textContent = ''
    sent.textContent = ''
    show(true)
    rules.focus()
  })
  cancel.addEventListener('click', () => {
    show(false)
    open.focus()
  })
  const problems: Record<Exclude<TextProblem, null>, [string, HTMLTextAreaElement]> = {
    rules: [t.textProblemRules, rules],
    crisis: [t.problemCrisis, crisis],
    long: [t.textProblemLong, rules],
    same: [t.textProblemSame, rules],
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const found = actions.textProblem(rules.value, crisis.value)
    rules.removeAttribute('aria-invalid')
    crisis.removeAttribute('aria-invalid')
    if (found !== null) {
      const [message, control] = problems[found]
      problem.textContent = message
      control.setAttribute('aria-invalid', 'true')
      control.focus()
      return
    }
    if (!actions.proposeText(rules.value, crisis.value)) {
      problem.textContent = t.textProblemFailed
      return
    }
    show(false)
    sent.textContent = t.textChangeSent
  })
  const root = h('section', { testid: 'text-change', className: 'text-change' }, outdated, open, busy, sent, form)
  const update = (s: AppState) => {
    // "Proposed" holds only while a decision is open; once it closes the lobby says how it went.
    if (latest.proposal !== null && s.proposal === null) sent.textContent = ''
    latest = s
    const free = s.proposal === null
    const current = s.roster === null || actions.textIsCurrent()
    outdated.hidden = current
    open.disabled = !free || !current || s.roster === null || s.text === null || s.connection !== 'authed'
    submit.disabled = !free || s.connection !== 'authed'
    busy.hidden = free
  }
  update(state)
  return { root, update }
}

/** A proposed new text in plain words: the lines taken out, the lines put in, and the whole of it. */
export function textProposalDetails(current: string | null, text: string, t: Strings): HTMLElement {
  const { removed, added } = changedLines(current ?? '', text)
  const parts = splitGroundRules(text)
  const list = (testid: string, title: string, lines: string[], className: string) =>
    lines.length === 0
      ? null
      : h('div', {}, h('p', { text: title }), h('ul', { testid, className }, ...lines.map((line) => h('li', { text: line }))))
  return h(
    'div',
    { testid: 'text-proposal', className: 'text-proposal' },
    list('text-proposal-removed', t.proposalTextRemoved, removed, 'lines-removed'),
    list('text-proposal-added', t.proposalTextAdded, added, 'lines-added'),
    h(
      'details',
      { testid: 'text-proposal-whole' },
      h('summary', { text: t.proposalTextWhole }),
      h('div', { className: 'rules-text', text: parts.rules }),
      h('ul', {}, ...parts.crisis.map((line) => h('li', { text: crisisLineText(line) }))),
    ),
    h('p', { className: 'hint', text: t.proposalTextApproveMeans }),
  )
}
