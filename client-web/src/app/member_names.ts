// How a member is named on screen. Names reach a client only encrypted (PSG1.md §2, §6.4): the
// invite's creator from the invite info, a joiner from its request, everyone present from their
// sender keys in a meeting, and this person from what they typed. A member whose name this device
// has not learned yet is named by the first digits of its own safety digits (§7): the same label
// on every device, stable when the group changes, and a part of the safety numbers people
// compare, so it never shows an internal id.

import type { Strings } from '../i18n.ts'
import type { AppState } from './state.ts'

/** Digits of digits(m) in an unnamed member's label: enough to tell up to 12 members apart. */
const labelDigits = 5

export function memberName(state: Pick<AppState, 'memberId' | 'myName' | 'names' | 'roster'>, memberId: string, t: Strings): string {
  if (memberId === state.memberId) return state.myName ?? t.you
  const name = state.names[memberId]
  if (name !== undefined) return name
  const entry = state.roster?.entries.find((e) => e.memberId === memberId)
  if (entry === undefined) return t.memberOutside
  return t.memberUnnamed.replace('{digits}', entry.digits.slice(0, labelDigits))
}
