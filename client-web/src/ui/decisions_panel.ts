// The group's pending decisions as members answer them (PSG1.md §4.5, §3.6): the people asking
// to join, with their safety numbers, and the open proposal with how the last one closed. Shown
// in the lobby and during a meeting, since a group decides between and during its meetings.

import type { Actions } from '../app/app.ts'
import { requestOfOpenAdd, type AppState, type RequestView } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { checkbox, h, refill } from './dom.ts'
import { formatTime, safetyGroups } from './common.ts'
import { approvalsLine, blockerSentence, closedLine, proposalBlock } from './group_view.ts'

export interface DecisionsPanel {
  /** The "asking to join" and "open decision" sections, in that order. */
  sections: HTMLElement[]
  /** Redraw what changed since previous (null: everything). */
  update(s: AppState, previous: AppState | null): void
}

export function decisionsPanel(t: Strings, actions: Actions): DecisionsPanel {
  const requests = h('ul', { testid: 'requests-list', className: 'cards' })
  // One short sentence is announced when the number of requests changes, not the whole list.
  const requestsCount = h('p', { testid: 'requests-count', className: 'hint', attrs: { role: 'status' } })
  const noRequests = h('p', { testid: 'requests-empty', className: 'hint', text: t.requestsEmpty })
  const proposal = h('div', { testid: 'proposal' })
  const sections = [
    h(
      'section',
      { testid: 'requests', attrs: { 'aria-labelledby': 'requests-title' } },
      h('h3', { text: t.requestsTitle, attrs: { id: 'requests-title' } }),
      requestsCount,
      noRequests,
      requests,
    ),
    h(
      'section',
      { testid: 'proposals', attrs: { 'aria-labelledby': 'proposal-title' } },
      h('h3', { text: t.proposalTitle, attrs: { id: 'proposal-title' } }),
      proposal,
    ),
  ]
  const update = (s: AppState, previous: AppState | null) => {
    if (previous === null || previous.requests !== s.requests || previous.proposal !== s.proposal || previous.names !== s.names) {
      noRequests.hidden = s.requests.length > 0
      requestsCount.textContent = s.requests.length > 0 ? `${t.requestsWaiting} ${s.requests.length}` : ''
      refill(requests, ...s.requests.map((r) => requestItem(s, r, t, actions)))
    }
    if (
      previous === null ||
      previous.proposal !== s.proposal ||
      previous.closedProposal !== s.closedProposal ||
      previous.names !== s.names ||
      previous.roster !== s.roster
    ) {
      refill(
        proposal,
        closedLine(s, t),
        s.proposal === null ? h('p', { testid: 'proposal-none', className: 'hint', text: t.proposalNone }) : proposalBlock(s, s.proposal, t, actions),
      )
    }
  }
  return { sections, update }
}

function requestItem(s: AppState, r: RequestView, t: Strings, actions: Actions): HTMLElement {
  const approve = h('button', { testid: 'request-approve', text: t.requestApprove, attrs: { type: 'button' } })
  approve.addEventListener('click', () => actions.approveRequest(r.memberId))
  const decline = h('button', { testid: 'request-decline', text: t.requestDecline, attrs: { type: 'button' }, className: 'secondary' })
  decline.addEventListener('click', () => actions.declineRequest(r.memberId))
  const me = s.memberId
  const declined = me !== null && r.declines.includes(me)
  // The open proposal to let this person in is answered here, with the proposal's own checks.
  const open = requestOfOpenAdd(s) === r.memberId ? s.proposal : null
  const otherProposal = s.proposal !== null && open === null
  const blocker = open === null ? null : actions.approveBlocker()
  approve.disabled = r.name === null || declined || otherProposal || blocker !== null
  decline.disabled = declined

  const item = h('li', { testid: 'request-item', attrs: { 'data-member': r.memberId } })
  if (r.name === null) {
    item.append(h('p', { testid: 'request-name', className: 'problem', text: t.requestUnreadable }))
  } else {
    item.append(h('p', {}, h('strong', { testid: 'request-name', text: r.name })))
  }
  item.append(h('p', { testid: 'request-time', className: 'hint', text: `${t.requestAsked} ${formatTime(r.at, s.lang)}` }))
  if (r.safety !== null) {
    const compared = checkbox(t.requestCompared, 'request-compared')
    compared.input.checked = r.compared
    compared.input.addEventListener('change', () => actions.setCompared(r.memberId, compared.input.checked))
    item.append(
      h('p', { className: 'hint', text: t.requestSafetyHint }),
      safetyGroups(r.safety, 'request-safety'),
      h('p', { testid: 'request-compared-state', text: r.compared ? t.requestComparedYes : t.requestComparedNo }),
      compared.row,
    )
  }
  if (open !== null) item.append(h('p', { testid: 'request-approvals', text: approvalsLine(s, open, t) }))
  const because = declined ? null : blockerSentence(blocker, t)
  if (because !== null) item.append(h('p', { testid: 'request-blocker', className: 'hint', text: because }))
  if (declined) item.append(h('p', { className: 'hint', text: t.requestYouDeclined }))
  if (otherProposal) item.append(h('p', { className: 'hint', text: t.requestWaitProposal }))
  item.append(h('div', { className: 'buttons' }, approve, decline))
  return item
}
