// The group's decisions in plain words (PSG1.md §3.4, §3.6): what an open or closed proposal
// changes, and how the group is run now. Pure functions of the state and the strings, so every
// sentence can be tested without a browser.

import type { GroupStrings, Strings } from '../i18n.ts'
import { memberName } from './member_names.ts'
import type { FrameField, FrameNumbers } from './psg1_port.ts'
import type { VerifiedRoster } from './psg1_types.ts'
import type { AppState, ClosedProposalView, ProposalView } from './state.ts'

type Naming = Pick<AppState, 'memberId' | 'myName' | 'names' | 'roster'>

/** Seconds as a person says them: whole minutes in minutes, anything else in seconds. */
export function durationText(seconds: number, g: GroupStrings): string {
  return seconds % 60 === 0 ? g.minutes.replace('{n}', String(seconds / 60)) : g.seconds.replace('{n}', String(seconds))
}

/** One frame field's value in words, as a proposal shows it before and after. */
export function frameValue(field: FrameField, value: number, g: GroupStrings): string {
  switch (field) {
    case 'sizeCap':
      return String(value)
    case 'admission':
      return value === 0 ? g.valueAll : g.valueMajority
    case 'opening':
      return value === 0 ? g.valueFacilitators : g.valueAnyMember
    case 'facTerm':
      return value === 0 ? g.valueNoTerm : g.valueMeetings.replace('{n}', String(value))
    case 'turnS':
      return value === 0 ? g.valueNoTurn : durationText(value, g)
  }
}

const fieldLabels: Record<FrameField, keyof GroupStrings> = {
  sizeCap: 'fieldSizeCap',
  admission: 'fieldAdmission',
  opening: 'fieldOpening',
  facTerm: 'fieldTerm',
  turnS: 'fieldTurn',
}

/** The label of a field in a sentence: the form's label without its hint in brackets. */
function fieldLabel(field: FrameField, g: GroupStrings): string {
  return g[fieldLabels[field]].replace(/\s*\(.*\)$/, '')
}

/** How the group is run now (§3.1), one sentence per field. */
export function frameLines(roster: VerifiedRoster, t: Strings): string[] {
  const g = t.group
  const f: FrameNumbers = roster.frame
  const lines = [
    g.sizeCap.replace('{n}', String(f.sizeCap)),
    f.admission === 0 ? g.admissionAll : g.admissionMajority,
    f.opening === 0 ? g.openingFacilitators : g.openingAny,
    f.facTerm === 0 ? g.termNone : g.termMeetings.replace('{n}', String(f.facTerm)),
    f.turnS === 0 ? g.turnNone : g.turnTime.replace('{n}', durationText(f.turnS, g)),
  ]
  if (!roster.entries.some((e) => e.role === 1)) lines.push(g.selfRun)
  return lines
}

/** What a proposal changes, one plain sentence per change (§3.4). */
export function decisionLines(s: Naming, p: ProposalView, t: Strings): string[] {
  const g = t.group
  const name = (m: string) => memberName(s, m, t)
  switch (p.kind) {
    case 'first':
      return [g.decisionFirst]
    case 'add':
      return [g.decisionAdd.replace('{name}', p.subject === null ? t.memberOutside : name(p.subject))]
    case 'remove': {
      const subject = p.subject === null ? t.memberOutside : name(p.subject)
      // A member removing itself is leaving (§3.4, the duty to tell): said as such.
      return [(p.subject === p.by ? g.decisionLeave : g.decisionRemove).replace('{name}', subject)]
    }
    case 'unknown':
      return []
    case 'change':
      break
  }
  const lines: string[] = []
  if (p.textChanged) lines.push(g.decisionText)
  const down = p.roles.filter((r) => r.to === 0)
  const up = p.roles.filter((r) => r.to === 1)
  const holdersAfter = (s.roster?.entries ?? []).filter((e) => {
    const change = p.roles.find((r) => r.member === e.memberId)
    return (change?.to ?? e.role) === 1
  })
  const [from] = down
  const [to] = up
  if (p.subject !== null) {
    lines.push(g.decisionStepDown.replace('{name}', name(p.subject)))
  } else if (down.length === 1 && up.length === 1 && from !== undefined && to !== undefined) {
    lines.push(g.decisionHandOver.replace('{from}', name(from.member)).replace('{to}', name(to.member)))
  } else if (down.length > 0 && up.length === 0 && holdersAfter.length === 0) {
    lines.push(g.decisionSelfRun)
  } else {
    for (const r of up) lines.push(g.decisionBecomes.replace('{name}', name(r.member)))
    for (const r of down) lines.push(g.decisionNoLonger.replace('{name}', name(r.member)))
  }
  for (const f of p.frame) {
    lines.push(
      g.decisionField
        .replace('{field}', fieldLabel(f.field, g))
        .replace('{from}', frameValue(f.field, f.from, g))
        .replace('{to}', frameValue(f.field, f.to, g)),
    )
  }
  return lines
}

const closings: Record<ClosedProposalView['reason'], keyof GroupStrings> = {
  committed: 'closedCommitted',
  rejected: 'closedRejected',
  withdrawn: 'closedWithdrawn',
  expired: 'closedExpired',
  stale: 'closedStale',
}

/** How a decision closed, with what it was about, named as the group was when it closed. */
export function closingSentence(s: Naming, closed: ClosedProposalView, t: Strings): string {
  const what = decisionLines({ ...s, roster: closed.base }, closed.proposal, t).join('; ')
  return t.group[closings[closed.reason]].replace('{what}', what)
}
