// The lobby's "The group" panel and its decisions (PSG1.md §3.4, §3.6): the members with their
// roles, how the group is run in plain words, leaving, proposing a removal, the facilitator role
// (hand over, step down, end it so the group runs itself), other rules for the frame, and the
// open decision with who proposed and approved it and what is still needed.

import type { Actions } from '../app/app.ts'
import { closingSentence, decisionLines, frameLines } from '../app/decisions.ts'
import type { FrameChangeProblem } from '../app/group_frame.ts'
import type { FrameNumbers } from '../app/psg1_port.ts'
import { requestOfOpenAdd, type AppState, type ProposalView } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { field, fill, h, refill } from './dom.ts'
import { formatTime, memberName } from './common.ts'
import { textProposalDetails } from './ground_rules_view.ts'

type Confirming = { kind: 'leave' } | { kind: 'remove'; member: string } | { kind: 'handOver'; member: string } | { kind: 'stepDown' } | { kind: 'selfRun' }

export function groupPanel(state: AppState, t: Strings, actions: Actions): { root: HTMLElement; update(s: AppState): void } {
  const g = t.group
  let latest = state
  const termOver = h('div', { testid: 'term-over', className: 'card', hidden: true, attrs: { role: 'status' } })
  const frame = h('ul', { testid: 'group-frame', className: 'hint' })
  const members = h('ul', { testid: 'members-list', className: 'people' })
  const waitOpen = h('p', { testid: 'group-wait-open', className: 'hint', text: g.waitOpen, hidden: true })

  const button = (testid: string, text: string, onClick: (from: HTMLButtonElement) => void, secondary = true) => {
    const b = h('button', { testid, text, attrs: { type: 'button' }, className: secondary ? 'secondary' : '' })
    b.addEventListener('click', () => onClick(b))
    return b
  }

  // One on-page confirmation for every decision made from this panel.
  const confirmText = h('p', { testid: 'group-confirm-text' })
  let confirming: Confirming | null = null
  let confirmReturn: HTMLElement | null = null
  const confirmYes = button('group-confirm-yes', g.confirmYes, () => {
    const what = confirming
    hideConfirm()
    if (what === null) return
    if (what.kind === 'leave') actions.leaveGroup()
    else if (what.kind === 'remove') actions.proposeRemoval(what.member)
    else if (what.kind === 'handOver') actions.handRoleOver(what.member)
    else if (what.kind === 'stepDown') actions.stepDown()
    else actions.proposeSelfRun()
  }, false)
  const confirmNo = button('group-confirm-no', g.cancel, () => {
    const back = confirmReturn
    hideConfirm()
    back?.focus()
  })
  const confirm = h('div', { testid: 'group-confirm', className: 'confirm', hidden: true, attrs: { role: 'alertdialog', 'aria-label': g.title } }, confirmText, h('div', { className: 'buttons' }, confirmYes, confirmNo))
  const showConfirm = (what: Confirming, from: HTMLElement) => {
    confirming = what
    confirmReturn = from
    const name = 'member' in what ? memberName(latest, what.member, t) : ''
    const texts: Record<Confirming['kind'], [string, string]> = {
      leave: [g.leaveConfirm, g.leaveYes],
      remove: [g.removeConfirm, g.removeYes],
      handOver: [g.handOverConfirm, g.confirmYes],
      stepDown: [g.stepDownConfirm, g.stepDown],
      selfRun: [g.selfRunConfirm, g.confirmYes],
    }
    const [question, yes] = texts[what.kind]
    confirmText.textContent = question.replace('{name}', name)
    confirmYes.textContent = yes
    confirm.hidden = false
    confirmNo.focus()
  }
  const hideConfirm = () => {
    confirming = null
    confirm.hidden = true
  }

  const stepDown = button('group-step-down', g.stepDown, (b) => showConfirm({ kind: 'stepDown' }, b))
  const selfRun = button('group-self-run', g.selfRunPropose, (b) => showConfirm({ kind: 'selfRun' }, b))
  const leave = button('group-leave', g.leave, (b) => showConfirm({ kind: 'leave' }, b))
  const termStepDown = button('term-over-step-down', g.stepDown, () => actions.stepDown(), false)

  // Other rules for the group: the same ranges as the form that wrote version 1 (group_frame.ts).
  const sizeCap = h('input', { testid: 'frame-size-cap', attrs: { type: 'number', min: '2', max: '12' } })
  const admission = h('select', { testid: 'frame-admission' }, h('option', { text: g.valueAll, attrs: { value: '0' } }), h('option', { text: g.valueMajority, attrs: { value: '1' } }))
  const opening = h('select', { testid: 'frame-opening' }, h('option', { text: g.valueFacilitators, attrs: { value: '0' } }), h('option', { text: g.valueAnyMember, attrs: { value: '1' } }))
  const facTerm = h('input', { testid: 'frame-fac-term', attrs: { type: 'number', min: '0', max: '65535' } })
  const turn = h('input', { testid: 'frame-turn', attrs: { type: 'number', min: '0', max: '3600' } })
  const problem = h('p', { testid: 'frame-problem', className: 'problem', attrs: { role: 'alert' } })
  const submit = h('button', { testid: 'frame-submit', text: g.changeSubmit, attrs: { type: 'submit' } })
  const form = h(
    'form',
    { testid: 'frame-form', className: 'frame-form' },
    field(g.fieldSizeCap, sizeCap),
    field(g.fieldAdmission, admission),
    field(g.fieldOpening, opening),
    field(g.fieldTerm, facTerm),
    field(g.fieldTurn, turn),
    problem,
    submit,
  )
  const proposed = (): FrameNumbers => ({
    sizeCap: Number(sizeCap.value),
    admission: admission.value === '1' ? 1 : 0,
    opening: opening.value === '1' ? 1 : 0,
    facTerm: Number(facTerm.value),
    turnS: Number(turn.value),
  })
  const problems: Record<FrameChangeProblem, string> = {
    sizeCap: g.problemSizeCap,
    belowMembers: g.problemBelowMembers,
    turn: g.problemTurn,
    term: g.problemTerm,
    unchanged: g.problemUnchanged,
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const numbers = proposed()
    const found = actions.frameChangeProblem(numbers)
    problem.textContent = found === null ? '' : problems[found].replace('{n}', String(latest.roster?.entries.length ?? 0))
    if (found === null) actions.proposeFrame(numbers)
  })
  const changeRules = h('details', { testid: 'frame-change' }, h('summary', { text: g.changeTitle }), form)

  const root = h(
    'section',
    { testid: 'group', attrs: { 'aria-labelledby': 'group-title' } },
    h('h3', { text: g.title, attrs: { id: 'group-title' } }),
    termOver,
    h('h4', { text: t.membersTitle }),
    members,
    h('h4', { text: g.rulesTitle }),
    frame,
    waitOpen,
    h('div', { className: 'buttons' }, stepDown, selfRun, leave),
    confirm,
    changeRules,
  )

  let previous: AppState | null = null
  const update = (s: AppState) => {
    latest = s
    const me = s.memberId
    const roster = s.roster
    const connected = s.connection === 'authed'
    const open = s.proposal !== null
    const termOverIds = s.meetingState?.termOver ?? []
    const mine = roster?.entries.find((e) => e.memberId === me)
    const facilitator = mine?.role === 1
    if (previous === null || previous.roster !== s.roster || previous.names !== s.names || previous.meetingState !== s.meetingState || previous.proposal !== s.proposal || previous.connection !== s.connection) {
      refill(
        members,
        ...(roster?.entries ?? []).map((entry) => {
          const item = h(
            'li',
            { testid: 'member-item', attrs: { 'data-member': entry.memberId, 'data-role': String(entry.role) } },
            memberName(s, entry.memberId, t),
            entry.role === 1 ? h('span', { testid: 'member-role', className: 'tag', text: t.facilitator }) : null,
            entry.role === 1 && termOverIds.includes(entry.memberId) ? h('span', { className: 'tag', text: g.termOverTag }) : null,
          )
          if (entry.memberId !== me && connected && !open) {
            const actionsOf: HTMLElement[] = []
            if (facilitator && entry.role === 0) {
              const hand = button('member-hand-over', g.handOver, (b) => showConfirm({ kind: 'handOver', member: entry.memberId }, b))
              actionsOf.push(hand)
            }
            const remove = button('member-remove', g.remove, (b) => showConfirm({ kind: 'remove', member: entry.memberId }, b))
            actionsOf.push(remove)
            item.append(' ', h('span', { className: 'buttons' }, ...actionsOf))
          }
          return item
        }),
      )
      fill(frame, ...(roster === null ? [] : frameLines(roster, t)).map((line) => h('li', { testid: 'group-frame-line', text: line })))
    }
    const anyRole = roster?.entries.some((e) => e.role === 1) ?? false
    // A STEP-DOWN and leaving commit at once (§3.6), so they stay offered while a decision is open.
    stepDown.hidden = !facilitator
    stepDown.disabled = !connected
    selfRun.hidden = roster === null || (!anyRole && roster.frame.opening === 1)
    selfRun.disabled = !connected || open
    leave.disabled = !connected || roster === null
    waitOpen.hidden = !open
    submit.disabled = !connected || open
    if (roster !== null && (previous === null || previous.roster !== roster)) {
      sizeCap.value = String(roster.frame.sizeCap)
      admission.value = String(roster.frame.admission)
      opening.value = String(roster.frame.opening)
      facTerm.value = String(roster.frame.facTerm)
      turn.value = String(roster.frame.turnS)
      problem.textContent = ''
    }
    const myTermOver = facilitator && me !== null && termOverIds.includes(me)
    termOver.hidden = !myTermOver
    if (myTermOver && termOver.childElementCount === 0) fill(termOver, h('p', { testid: 'term-over-text', text: g.termOverNotice }), termStepDown)
    termStepDown.disabled = !connected
    previous = s
  }
  update(state)
  return { root, update }
}

/** Why the open proposal cannot be approved here, said plainly; null when it can. */
export function blockerSentence(blocker: string | null, t: Strings): string | null {
  const sentences: Record<string, string> = {
    approved: t.blockerApproved,
    not_member: t.blockerNotMember,
    text_invalid: t.blockerTextInvalid,
    unreadable: t.blockerUnreadable,
    approved_other: t.blockerApprovedOther,
  }
  return blocker === null ? null : (sentences[blocker] ?? null)
}

export function approvalsLine(s: AppState, p: ProposalView, t: Strings): string {
  return `${t.proposalApprovedBy} ${p.approvals.map((m) => memberName(s, m, t)).join(', ')} · ${t.proposalStillNeeded} ${p.missing}`
}

/** The open decision: what it changes, who proposed and approved it, and the answers offered. */
export function proposalBlock(s: AppState, p: ProposalView, t: Strings, actions: Actions): HTMLElement {
  const lines = decisionLines(s, p, t)
  // An ADD whose request is on screen is answered there: one approve per request, not two.
  const answer =
    requestOfOpenAdd(s) !== null ? h('p', { testid: 'proposal-on-request', className: 'hint', text: t.proposalOnRequest }) : proposalAnswer(s, p, t, actions)
  return h(
    'div',
    { className: 'card', attrs: { 'data-kind': p.kind } },
    h('p', {}, h('strong', { testid: 'proposal-summary', text: lines[0] ?? t.proposalChange })),
    lines.length > 1 ? h('ul', { testid: 'proposal-lines' }, ...lines.slice(1).map((line) => h('li', { testid: 'proposal-line', text: line }))) : null,
    h('p', { testid: 'proposal-meta', className: 'hint', text: `${t.proposalBy} ${memberName(s, p.by, t)} · ${t.proposalExpires} ${formatTime(p.expiresAt, s.lang)}` }),
    h('p', { testid: 'proposal-approvals' }, approvalsLine(s, p, t)),
    p.objections.length > 0
      ? h('p', { testid: 'proposal-objections', text: `${t.proposalObjections} ${p.objections.map((m) => memberName(s, m, t)).join(', ')}` })
      : null,
    p.text === null ? null : textProposalDetails(s.text, p.text, t),
    answer,
  )
}

function proposalAnswer(s: AppState, p: ProposalView, t: Strings, actions: Actions): HTMLElement {
  const g = t.group
  const approve = h('button', { testid: 'proposal-approve', text: t.proposalApprove, attrs: { type: 'button' } })
  approve.addEventListener('click', () => actions.approveProposal())
  const blocker = actions.approveBlocker()
  approve.disabled = blocker !== null
  const because = blockerSentence(blocker, t)
  const objection = actions.objectBlocker()
  const object = h('button', { testid: 'proposal-object', text: g.proposalObject, attrs: { type: 'button' }, className: 'secondary' })
  object.addEventListener('click', () => actions.objectProposal())
  object.hidden = objection === 'not_eligible' || objection === 'none' || p.by === s.memberId
  object.disabled = objection !== null
  const withdraw = h('button', { testid: 'proposal-withdraw', text: g.proposalWithdraw, attrs: { type: 'button' }, className: 'secondary' })
  withdraw.addEventListener('click', () => actions.withdrawProposal())
  withdraw.hidden = p.by !== s.memberId
  const aboutMe = p.kind === 'remove' && p.subject === s.memberId && p.by !== s.memberId
  return h(
    'div',
    {},
    aboutMe ? h('p', { testid: 'proposal-about-you', className: 'hint', text: g.proposalAboutYou }) : null,
    because === null ? null : h('p', { testid: 'proposal-blocker', className: 'hint', text: because }),
    objection === 'objected' ? h('p', { testid: 'proposal-objected', className: 'hint', text: g.proposalYouObjected }) : null,
    h('div', { className: 'buttons' }, approve, object, withdraw),
  )
}

/** How the last decision closed, said once until the next opens. */
export function closedLine(s: AppState, t: Strings): HTMLElement | null {
  const closed = s.closedProposal
  if (closed === null) return null
  return h('p', { testid: 'proposal-closed', attrs: { 'data-reason': closed.reason, role: 'status' }, text: closingSentence(s, closed, t) })
}

/**
 * Leaving the group from the meeting: a person should not have to step out of a meeting first
 * to leave. The same on-page confirmation as in the lobby; the self-REMOVE commits at once.
 */
export function leaveGroupControl(t: Strings, actions: Actions): HTMLElement {
  const g = t.group
  const open = h('button', { testid: 'meeting-leave-group', text: g.leave, attrs: { type: 'button' }, className: 'secondary' })
  const yes = h('button', { testid: 'meeting-leave-group-yes', text: g.leaveYes, attrs: { type: 'button' } })
  const no = h('button', { testid: 'meeting-leave-group-no', text: g.cancel, attrs: { type: 'button' }, className: 'secondary' })
  const confirm = h(
    'div',
    { testid: 'meeting-leave-group-confirm', className: 'confirm', hidden: true, attrs: { role: 'alertdialog', 'aria-label': g.leave } },
    h('p', { text: g.leaveConfirm }),
    h('div', { className: 'buttons' }, yes, no),
  )
  open.addEventListener('click', () => {
    confirm.hidden = false
    no.focus()
  })
  no.addEventListener('click', () => {
    confirm.hidden = true
    open.focus()
  })
  yes.addEventListener('click', () => {
    confirm.hidden = true
    actions.leaveGroup()
  })
  return h('div', { className: 'leave-group' }, open, confirm)
}
