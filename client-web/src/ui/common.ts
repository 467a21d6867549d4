// Pieces several screens share: how a member is named, times, safety numbers, the ground rules.

import type { Lang, Strings } from '../i18n.ts'
import type { AppState } from '../app/state.ts'
import { type CrisisLine, crisisLineText, splitGroundRules } from '../app/ground_rules_text.ts'
import { defaultCrisisLines } from '../app/templates.ts'
import { formatTime as formatTimeFor } from '../app/time_format.ts'
import { h } from './dom.ts'

export interface Screen {
  root: HTMLElement
  /** Called on every state change while the screen is shown. */
  update?(state: AppState): void
}

export { memberName } from '../app/member_names.ts'

/** A time in the app's language, laid out as the person's region does (navigator.languages). */
export function formatTime(seconds: number, lang: Lang): string {
  return formatTimeFor(seconds, lang, navigator.languages)
}

/** 60 digits as 12 groups of 5 (§7), read out group by group by a screen reader. */
export function safetyGroups(digits: string, testid: string): HTMLElement {
  const groups = digits.match(/.{1,5}/g) ?? []
  return h('p', { className: 'safety', testid }, ...groups.map((g) => h('span', { text: g })))
}

export function heading(text: string, testid?: string): HTMLHeadingElement {
  // tabindex -1: focus moves here when the screen changes, so a screen reader starts at the top.
  const props = testid === undefined ? { text, attrs: { tabindex: '-1' } } : { text, testid, attrs: { tabindex: '-1' } }
  return h('h2', props)
}

/** The ground rules and pledge; the text's crisis lines are shown with the other crisis lines. */
export function groundRules(text: string, t: Strings, open: boolean): HTMLElement {
  const details = h(
    'details',
    { testid: 'ground-rules', className: 'ground-rules' },
    h('summary', { text: t.groundRulesTitle }),
    h('div', { className: 'rules-text', text: splitGroundRules(text).rules }),
  )
  details.open = open
  return details
}

// A helpline number read off a phone must not break across lines ("116" / "123" on a 360 px
// screen): the spaces between its digit groups become no-break spaces.
function unbrokenNumbers(text: string): string {
  return text.replace(/(\d) (?=\d)/g, '$1\u00a0')
}

/**
 * The crisis lines of the group whose text is known (§3.7 client convention: its "☎ " lines), or
 * where no group text is known or it names none, the organisation's (from its server) or the
 * client's built-in ones for the language.
 */
export function crisisLines(t: Strings, text: string | null, lang: Lang, organisation: readonly CrisisLine[] | null): HTMLElement {
  const own = text === null ? [] : splitGroundRules(text).crisis
  const lines = own.length > 0 ? own : defaultCrisisLines(lang, organisation)
  return h(
    'aside',
    // tabindex -1: the crisis link at the top of the page moves the focus here.
    { testid: 'crisis-lines', className: 'crisis', attrs: { id: 'crisis-lines', tabindex: '-1', 'aria-label': t.crisisTitle } },
    // h2: the crisis lines belong to the page, beside the screen, not inside one of its sections.
    h('h2', { text: t.crisisTitle }),
    h('p', { text: t.crisisText }),
    h('ul', {}, ...lines.map((line) => h('li', { text: unbrokenNumbers(crisisLineText(line)) }))),
  )
}
