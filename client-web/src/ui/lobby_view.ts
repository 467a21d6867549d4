// A member's page outside the meeting: the group panel (group_view.ts: members, how the group is
// run, its decisions), requests to join and the open proposal (decisions_panel.ts), invite links
// (§4.2), and the way into the meeting.

import type { Actions } from '../app/app.ts'
import { mayChair } from '../app/floor.ts'
import type { AppState } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { checkbox, fill, h, refill } from './dom.ts'
import { formatTime, groundRules, heading, memberName, type Screen } from './common.ts'
import { decisionsPanel } from './decisions_panel.ts'
import { textChangeSection } from './ground_rules_view.ts'
import { groupPanel } from './group_view.ts'

export function lobbyScreen(state: AppState, t: Strings, actions: Actions): Screen {
  const groupName = h('span', { testid: 'lobby-group-name' })
  const group = groupPanel(state, t, actions)
  // One button both opens the meeting (for who may chair) and joins it: both send join (§8.1).
  const joinButton = h('button', { testid: 'join-meeting-button', text: t.joinMeeting, attrs: { type: 'button' } })
  joinButton.addEventListener('click', () => actions.joinMeeting())
  const meetingLine = h('p', { testid: 'meeting-state', attrs: { role: 'status' } })
  const notice = h('p', { testid: 'lobby-notice', className: 'lobby-notice', attrs: { role: 'status' } })
  const away = checkbox(t.awayToggle, 'away-toggle')
  away.input.addEventListener('change', () => actions.setAway(away.input.checked))
  const awayList = h('p', { testid: 'away-list', className: 'hint' })
  const awayNextList = h('p', { testid: 'away-next-list', className: 'hint' })
  const reconnect = h('button', { testid: 'reconnect-button', text: t.reconnect, attrs: { type: 'button' }, className: 'secondary' })
  reconnect.addEventListener('click', () => actions.reconnect())

  const decisions = decisionsPanel(t, actions)

  const inviteCreate = h('button', { testid: 'invite-create', text: t.inviteCreate, attrs: { type: 'button' } })
  inviteCreate.addEventListener('click', () => actions.createInvite())
  const newLink = h('div', { testid: 'invite-new', className: 'new-link', hidden: true })
  const invites = h('ul', { testid: 'invites-list', className: 'cards' })

  const rules = h('div')
  const textChange = textChangeSection(state, t, actions)
  const root = h(
    'section',
    { testid: 'screen-lobby', className: 'screen' },
    heading(t.lobbyTitle),
    notice,
    h('p', {}, t.lobbyGroup, ' ', groupName),
    meetingLine,
    h('div', { className: 'buttons' }, joinButton, reconnect),
    h('section', { testid: 'away', className: 'away' }, away.row, awayList, awayNextList),
    group.root,
    ...decisions.sections,
    h(
      'section',
      { testid: 'invites', attrs: { 'aria-labelledby': 'invites-title' } },
      h('h3', { text: t.invitesTitle, attrs: { id: 'invites-title' } }),
      h('p', { className: 'hint', text: t.invitesHint }),
      inviteCreate,
      newLink,
      invites,
    ),
    rules,
    textChange.root,
  )

  const lobbyNotices: Record<NonNullable<AppState['lobbyNotice']>, string> = {
    ended: t.lobbyNoticeEnded,
    removed: t.lobbyNoticeRemoved,
    reconnected: t.lobbyNoticeReconnected,
  }
  let shownLink: string | null = null
  let previous: AppState | null = null
  const update = (s: AppState) => {
    groupName.textContent = s.groupName ?? ''
    const connected = s.connection === 'authed' || (s.connection === 'error' && s.role !== null)
    joinButton.disabled = !connected || s.roster === null
    notice.hidden = s.lobbyNotice === null
    notice.textContent = s.lobbyNotice === null ? '' : lobbyNotices[s.lobbyNotice]
    meetingDoor(s, t, joinButton, meetingLine)
    if (previous === null || previous.meetingState !== s.meetingState || previous.names !== s.names || previous.roster !== s.roster) {
      awayLines(s, t, away.input, awayList, awayNextList)
    }
    // While the client waits to try again by itself, the same button tries at once.
    reconnect.hidden = s.connection !== 'closed' || s.reconnect === 'trying'
    reconnect.textContent = s.reconnect === 'waiting' ? t.reconnectNow : t.reconnect
    inviteCreate.disabled = !connected || s.roster === null || !actions.textIsCurrent()

    group.update(s)
    decisions.update(s, previous)
    if (s.newLink !== shownLink) {
      shownLink = s.newLink
      newLinkBlock(newLink, s.newLink, t, actions)
    }
    if (previous === null || previous.invites !== s.invites) {
      refill(
        invites,
        ...s.invites.map((invite) => {
          const revoke = h('button', { testid: 'invite-revoke', text: t.inviteRevoke, attrs: { type: 'button' }, className: 'secondary' })
          revoke.addEventListener('click', () => actions.revokeInvite(invite.invite))
          return h(
            'li',
            { testid: 'invite-item', attrs: { 'data-invite': invite.invite } },
            h('span', { text: `${t.inviteBy} ${memberName(s, invite.by, t)} · ${t.inviteExpires} ${formatTime(invite.expiresAt, s.lang)} · ${t.inviteUsesLeft} ${invite.usesLeft}` }),
            revoke,
          )
        }),
      )
    }
    if (previous === null || previous.text !== s.text) fill(rules, s.text === null ? null : groundRules(s.text, t, false))
    textChange.update?.(s)
    previous = s
  }
  update(state)
  return { root, update }
}

/**
 * The way into the meeting (§8.1): "Open the meeting" for who may chair while none is open,
 * "Join the meeting" while one is, otherwise only a line that it has not been opened yet. Before
 * the server said whether one is open, the button joins; the server is the guard.
 */
function meetingDoor(s: AppState, t: Strings, button: HTMLButtonElement, line: HTMLElement): void {
  const open = s.meetingState?.open
  const chair = mayChair(s.roster, s.memberId, s.meetingState?.termOver)
  const action = open === false ? (chair ? 'open' : null) : 'join'
  button.hidden = action === null
  button.dataset.action = action ?? ''
  button.textContent = action === 'open' ? t.openMeeting : t.joinMeeting
  line.hidden = open === undefined
  line.dataset.open = String(open === true)
  line.textContent = open === true ? t.meetingOpenNow : chair ? t.meetingNotOpen : t.meetingNotOpened
}

/** "Can't come" (§8.2): this person's own notice, and who else gave one. */
function awayLines(s: AppState, t: Strings, toggle: HTMLInputElement, away: HTMLElement, awayNext: HTMLElement): void {
  const state = s.meetingState
  const me = s.memberId ?? ''
  // While a meeting is open, a notice is for the one after it (away_next).
  toggle.checked = state !== null && (state.open ? state.awayNext : state.away).includes(me)
  toggle.disabled = state === null
  const names = (ids: string[]) => ids.map((m) => memberName(s, m, t)).join(', ')
  away.textContent = state === null ? '' : state.away.length === 0 ? t.awayNone : `${t.awayTitle} ${names(state.away)}`
  awayNext.hidden = state === null || state.awayNext.length === 0
  awayNext.textContent = state === null ? '' : `${t.awayNextTitle} ${names(state.awayNext)}`
}

function newLinkBlock(container: HTMLElement, link: string | null, t: Strings, actions: Actions): void {
  if (link === null) {
    // The link held the invite secret: take it off the page as well (§4.1).
    container.replaceChildren()
    container.hidden = true
    return
  }
  const input = h('input', { testid: 'invite-link', attrs: { type: 'text', readonly: '', 'aria-label': t.inviteLinkLabel } })
  input.value = link
  const copy = h('button', { testid: 'invite-copy', text: t.inviteCopy, attrs: { type: 'button' } })
  const copied = h('p', { testid: 'invite-copied', attrs: { role: 'status' } })
  copy.addEventListener('click', () => {
    input.select()
    navigator.clipboard.writeText(input.value).then(
      () => {
        copied.textContent = t.inviteCopied
      },
      () => {
        copied.textContent = t.inviteCopyManual
      },
    )
  })
  const done = h('button', { testid: 'invite-done', text: t.inviteDone, attrs: { type: 'button' }, className: 'secondary' })
  done.addEventListener('click', () => {
    input.value = ''
    actions.clearNewLink()
  })
  fill(container, h('p', { text: t.inviteShownOnce }), input, h('div', { className: 'buttons' }, copy, done), copied)
  container.hidden = false
  input.focus()
  input.select()
}
