// The live meeting: the floor (whose turn, the time left, the round's order, raised hands), the
// chair's controls, who is present, requests to join and the open decision, the group's principles, the messages (announced politely to
// screen readers), writing, quiet reactions, and leaving. Every floor change is said in words in
// a polite live region. Messages are rendered with textContent only, and the log is emptied
// whenever the state's message list is. Controls are built once and shown or hidden, so the
// keyboard focus stays where it was; when a focused control goes away, focus moves to the floor.

import type { Actions } from '../app/app.ts'
import {
  announcement,
  clockText,
  floorOffer,
  mayChair,
  modeText,
  roundKinds,
  textBlock,
  timeLeft,
  type AfterRound,
  type FloorView,
  type RoundKind,
} from '../app/floor.ts'
import { reactions, type Reaction } from '../app/psg1_port.ts'
import { meetingStatus, type AppState, type MeetingStatus, type MessageView } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { field, fill, h, refill, uid } from './dom.ts'
import { decisionsPanel } from './decisions_panel.ts'
import { leaveGroupControl } from './group_view.ts'
import { groundRules, heading, memberName, type Screen } from './common.ts'

/** Longest text this client lets a person send; far below PSG1's 16 KiB (§6.4). */
const maxTextLength = 4000
/** Typing that pauses this long counts as stopped: the others' "is writing" goes. */
const typingIdleMs = 5000
/** The chair's choices of time per turn, in seconds (§8.5: 0 or 30..3600). */
const turnChoices = [0, 60, 120, 180, 300]

export function meetingScreen(state: AppState, t: Strings, actions: Actions): Screen {
  const me = state.memberId ?? ''
  const name = (s: AppState, member: string) => memberName(s, member, t)

  const present = h('ul', { testid: 'meeting-present', className: 'people' })
  const status = h('p', { testid: 'meeting-status', attrs: { role: 'status' } })
  // Back after a lost connection: what was said meanwhile is gone for good (the server keeps none).
  const rejoined = h('p', { testid: 'meeting-rejoined', className: 'lobby-notice', text: t.meetingRejoined, hidden: state.meeting?.rejoined !== true })
  // Every floor change in words (§8.3 cause and subject), read out without taking the focus.
  const announcer = h('p', {
    testid: 'floor-announcement',
    className: 'announcement',
    attrs: { role: 'status', 'aria-live': 'polite', 'aria-label': t.floorAnnouncementsLabel },
  })

  // ---- the floor ----
  const floorMode = h('p', { testid: 'floor-mode', className: 'floor-mode' })
  const floorChair = h('p', { testid: 'floor-chair' })
  const floorSpeaker = h('p', { testid: 'floor-speaker' })
  const floorTime = h('p', { testid: 'floor-time', className: 'floor-time' })
  const orderTitle = h('h4', { text: t.floorOrderTitle })
  const order = h('ol', { testid: 'floor-order', className: 'order' })
  const queueEmpty = h('p', { testid: 'floor-queue-empty', className: 'hint', text: t.floorQueueEmpty })
  const queue = h('ol', { testid: 'floor-queue', className: 'queue' })
  const queueBlock = h('div', {}, h('h4', { text: t.floorQueueTitle }), queueEmpty, queue)
  const button = (testid: string, text: string, onClick: () => void, secondary = false) => {
    const b = h('button', { testid, text, attrs: { type: 'button' }, ...(secondary ? { className: 'secondary' } : {}) })
    b.addEventListener('click', onClick)
    return b
  }
  const done = button('floor-done', t.floorDone, () => actions.floorDone())
  const pass = button('floor-pass', t.floorPass, () => actions.floorPass(), true)
  const raise = button('floor-raise', t.floorRaise, () => actions.raiseHand(), true)
  const lower = button('floor-lower', t.floorLower, () => actions.lowerHand(), true)
  const yieldButton = button('floor-yield', t.floorYield, () => actions.yieldFloor())
  const takeChair = button('floor-take-chair', t.floorTakeChair, () => actions.takeChair(), true)
  const floorTitleId = uid('floor-title')
  const floorPanel = h(
    'section',
    { testid: 'floor', className: 'floor', attrs: { 'aria-labelledby': floorTitleId, tabindex: '-1' } },
    h('h3', { text: t.floorTitle, attrs: { id: floorTitleId } }),
    floorMode,
    floorChair,
    floorSpeaker,
    floorTime,
    h('div', { className: 'buttons' }, done, pass, raise, lower, yieldButton, takeChair),
    orderTitle,
    order,
    queueBlock,
  )

  // ---- the chair's controls ----
  const select = (testid: string, options: [string, string][]) => {
    const el = h('select', { testid }, ...options.map(([value, text]) => h('option', { text, attrs: { value } })))
    return el
  }
  const roundKind = select(
    'chair-round-kind',
    roundKinds.map((k) => [k, t.floorRoundKinds[k]]),
  )
  const roundTime = select('chair-round-time', [
    ['', t.chairTurnDefault],
    ...turnChoices.map((s): [string, string] => [String(s), s === 0 ? t.chairTurnNone : t.chairTurnMinutes.replace('{name}', String(s / 60))]),
  ])
  const roundAfter = select('chair-round-after', [
    ['open', t.chairAfterOpen],
    ['break', t.chairAfterBreak],
  ])
  const startRound = button('chair-start-round', t.chairStartRound, () => {
    const time = roundTime.value === '' ? null : Number(roundTime.value)
    actions.startRound(roundKind.value as RoundKind, time, roundAfter.value as AfterRound)
  })
  let shownFloor: FloorView | null = null
  const next = button('chair-next', t.chairNext, () => {
    if (shownFloor?.speaker != null) actions.nextSpeaker(shownFloor.speaker)
  })
  const openFloor = button('chair-open', t.chairOpen, () => actions.openFloor(), true)
  const hands = button('chair-hands', t.chairHandsOn, () => actions.setHands(shownFloor?.hands !== true), true)
  const breakButton = button('chair-break', t.chairBreak, () => actions.startBreak(), true)
  const confirmText = h('p', { testid: 'chair-confirm-text' })
  const confirmYes = button('chair-confirm-yes', t.chairEndYes, () => {
    const pending = confirming
    hideConfirm()
    if (pending === 'end') actions.endMeeting()
    else if (pending !== null) actions.removeFromMeeting(pending.member)
  })
  const confirmNo = button(
    'chair-confirm-no',
    t.chairCancel,
    () => {
      const back = confirmReturn
      hideConfirm()
      back?.focus()
    },
    true,
  )
  const confirm = h('div', { testid: 'chair-confirm', className: 'confirm', hidden: true, attrs: { role: 'alertdialog', 'aria-label': t.chairEnd } }, confirmText, h('div', { className: 'buttons' }, confirmYes, confirmNo))
  let confirming: 'end' | { member: string } | null = null
  let confirmReturn: HTMLElement | null = null
  const showConfirm = (what: 'end' | { member: string }, from: HTMLElement, s: AppState) => {
    confirming = what
    confirmReturn = from
    confirmText.textContent = what === 'end' ? t.chairEndConfirm : t.chairRemoveConfirm.replace('{name}', name(s, what.member))
    confirmYes.textContent = what === 'end' ? t.chairEndYes : t.chairRemoveYes
    confirm.hidden = false
    confirmNo.focus()
  }
  const hideConfirm = () => {
    confirming = null
    confirm.hidden = true
  }
  const end = button('chair-end', t.chairEnd, () => showConfirm('end', end, latest), true)
  const chairTitleId = uid('chair-title')
  const chairPanel = h(
    'section',
    { testid: 'chair-controls', className: 'chair', hidden: true, attrs: { 'aria-labelledby': chairTitleId } },
    h('h3', { text: t.chairTitle, attrs: { id: chairTitleId } }),
    h('div', { className: 'round-form' }, field(t.chairRoundKind, roundKind), field(t.chairTurnTime, roundTime), field(t.chairAfter, roundAfter), startRound),
    h('div', { className: 'buttons' }, next, openFloor, hands, breakButton, end),
    confirm,
  )

  // ---- messages, writing, reactions ----
  // The list inside a region with the role log: a list keeps its own role. The region scrolls, so
  // it takes the focus (tabindex 0) for a keyboard to scroll it.
  const log = h('ol', { className: 'log' })
  const logRegion = h(
    'div',
    { testid: 'message-log', className: 'log-region', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': t.messagesLabel, tabindex: '0' } },
    log,
  )
  const writingLine = h('p', { testid: 'writing-status', className: 'hint writing' })
  const recent = h('ul', { testid: 'reactions-recent', className: 'recent-reactions', attrs: { 'aria-label': t.reactionsRecentLabel } })
  const input = h('textarea', { testid: 'message-input', attrs: { rows: '3', maxlength: String(maxTextLength), 'aria-label': t.messageLabel } })
  // When Send is disabled a line right below it says why: keys being set up (the field stays open
  // and keeps what is typed) or the floor (the field is closed: it is someone else's turn).
  const sendHintId = uid('send-hint')
  const sendHint = h('p', { testid: 'send-hint', className: 'hint', text: t.sendNotReady, attrs: { id: sendHintId } })
  const send = h('button', { testid: 'message-send', text: t.send, attrs: { type: 'submit' } })
  const form = h('form', { testid: 'message-form', className: 'composer' }, input, send)
  let idle: ReturnType<typeof setTimeout> | null = null
  const stopTyping = () => {
    if (idle !== null) clearTimeout(idle)
    idle = null
    actions.stoppedTyping()
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (send.disabled) return
    if (idle !== null) clearTimeout(idle)
    idle = null
    if (actions.sendText(input.value)) input.value = ''
    input.focus()
  })
  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter makes a new line, as in most chat programs.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      form.requestSubmit()
    }
  })
  input.addEventListener('input', () => {
    if (input.value.trim() === '') {
      stopTyping()
      return
    }
    actions.typed()
    if (idle !== null) clearTimeout(idle)
    idle = setTimeout(stopTyping, typingIdleMs)
  })
  input.addEventListener('blur', () => {
    if (idle !== null) stopTyping()
  })
  const reactionLabels: Record<Reaction, string> = { recognise: t.reactionRecognise, thanks: t.reactionThanks, heart: t.reactionHeart }
  const reactionNames: Record<Reaction, string> = { recognise: t.reactionRecognise, thanks: t.reactionThanks, heart: t.reactionHeartName }
  const reactionBar = h(
    'div',
    { className: 'reactions', attrs: { role: 'group', 'aria-label': t.reactionsLabel } },
    ...reactions.map((r) => {
      // The heart is a symbol: it gets a spoken name of its own.
      const attrs: Record<string, string> = r === 'heart' ? { type: 'button', 'aria-label': t.reactionHeartName } : { type: 'button' }
      const b = h('button', { testid: `reaction-${r}`, text: reactionLabels[r], attrs, className: 'secondary' })
      b.addEventListener('click', () => actions.sendReaction(r))
      return b
    }),
  )
  const leave = h('button', { testid: 'leave-meeting-button', text: t.leaveMeeting, attrs: { type: 'button' }, className: 'secondary' })
  leave.addEventListener('click', () => actions.leaveMeeting())

  // A request or a proposal can come during the meeting; the group answers it there too (§4.5).
  const decisions = decisionsPanel(t, actions)
  const decisionsBlock = h('div', { testid: 'meeting-decisions', className: 'meeting-decisions' }, ...decisions.sections)

  const root = h(
    'section',
    { testid: 'screen-meeting', className: 'screen meeting' },
    heading(t.meetingTitle),
    rejoined,
    status,
    announcer,
    floorPanel,
    chairPanel,
    h('section', { attrs: { 'aria-labelledby': 'present-title' } }, h('h3', { text: t.presentTitle, attrs: { id: 'present-title' } }), present),
    decisionsBlock,
    // The group's principles for the conversation stay one click away during the meeting.
    state.text === null ? null : groundRules(state.text, t, false),
    logRegion,
    writingLine,
    recent,
    form,
    sendHint,
    reactionBar,
    leave,
    leaveGroupControl(t, actions),
  )

  const statusText: Record<MeetingStatus, string> = {
    keys: t.meetingKeys,
    waiting: t.meetingWaiting,
    sent: t.meetingSent,
    ready: t.meetingReady,
    listening: t.meetingListening,
  }
  /** Each message on screen, and whether it was shown as waiting. */
  const rendered = new Map<number, { item: HTMLElement; waiting: boolean }>()
  let previous: AppState | null = null
  let latest: AppState = state

  /** What depends on the clock as well as the state: the time left, and whether text may go. */
  const renderClock = (s: AppState) => {
    const meeting = s.meeting
    const floor = meeting?.floor ?? null
    const now = Date.now()
    const left = timeLeft(floor, now)
    floorTime.hidden = left === null
    floorTime.textContent = left === null ? '' : t.floorTimeLeft.replace('{name}', clockText(left))
    // The server's warning comes min(30 s, turn / 4) before the end (§8.3); the clock shows it
    // from then on, also between frames.
    const lead = Math.min(30_000, ((floor?.round?.turnS ?? 0) * 1000) / 4)
    floorTime.dataset.warning = String(floor?.round?.warning === true || (left !== null && left <= lead))
    const block = textBlock(floor, me, now)
    input.disabled = block !== null
    const shownStatus = meeting === null ? null : meetingStatus(meeting, block === null)
    status.textContent = shownStatus === null ? '' : statusText[shownStatus]
    if (shownStatus !== null) status.dataset.state = shownStatus
    send.disabled = meeting?.canSend !== true || block !== null
    sendHint.hidden = !send.disabled
    sendHint.textContent = block !== null ? t.floorBlocked[block] : t.sendNotReady
    sendHint.dataset.reason = block ?? 'keys'
    if (send.disabled) {
      send.setAttribute('aria-describedby', sendHintId)
      input.setAttribute('aria-describedby', sendHintId)
    } else {
      send.removeAttribute('aria-describedby')
      input.removeAttribute('aria-describedby')
    }
  }

  const renderFloor = (s: AppState, floor: FloorView | null) => {
    const offer = floorOffer(floor, me, mayChair(s.roster, me, s.meetingState?.termOver), s.meeting?.present ?? [])
    done.hidden = !offer.done
    pass.hidden = !offer.pass
    raise.hidden = !offer.raise
    lower.hidden = !offer.lower
    yieldButton.hidden = !offer.yield
    takeChair.hidden = !offer.takeChair
    chairPanel.hidden = !offer.chair
    if (!offer.chair) hideConfirm()
    next.hidden = !offer.next
    openFloor.hidden = floor?.mode === 'open'
    hands.textContent = floor?.hands === true ? t.chairHandsOff : t.chairHandsOn
    hands.setAttribute('aria-pressed', String(floor?.hands === true))
    breakButton.hidden = floor?.mode === 'break'
    floorPanel.dataset.mode = floor?.mode ?? ''
    if (floor === null) {
      floorMode.textContent = ''
      floorChair.textContent = ''
      floorSpeaker.textContent = ''
      orderTitle.hidden = true
      order.hidden = true
      queueBlock.hidden = true
      return
    }
    floorMode.textContent = modeText(floor, t)
    floorChair.textContent = `${t.floorChair} ${name(s, floor.chair)}`
    const holderLabel = floor.mode === 'round' ? t.floorSpeaker : t.floorHolder
    const showsHolder = floor.mode === 'round' || (floor.mode === 'open' && floor.hands)
    floorSpeaker.hidden = !showsHolder
    floorSpeaker.textContent = `${holderLabel} ${floor.speaker === null ? t.floorNobody : name(s, floor.speaker)}`
    floorSpeaker.dataset.member = floor.speaker ?? ''
    const round = floor.round
    orderTitle.hidden = round === null
    order.hidden = round === null
    refill(
      order,
      ...(round?.order ?? []).map((place) =>
        h(
          'li',
          { testid: 'floor-order-item', attrs: { 'data-member': place.m, 'data-turn': place.s, ...(place.s === 'speaking' ? { 'aria-current': 'true' } : {}) } },
          h('span', { className: 'who', text: name(s, place.m) }),
          ` — ${t.floorTurnStates[place.s]}`,
        ),
      ),
    )
    queueBlock.hidden = !floor.hands && floor.queue.length === 0
    queueEmpty.hidden = floor.queue.length > 0
    refill(
      queue,
      ...floor.queue.map((member) => {
        const item = h('li', { testid: 'floor-queue-item', attrs: { 'data-member': member } }, h('span', { className: 'who', text: name(s, member) }))
        if (offer.grant) item.append(' ', button('chair-grant', t.chairGrant, () => actions.grantFloor(member)))
        return item
      }),
    )
  }

  const renderPresent = (s: AppState, floor: FloorView | null) => {
    const chairing = floor?.chair === me && floor.mode !== 'ended'
    refill(
      present,
      ...(s.meeting?.present ?? []).map((m) => {
        const item = h('li', { testid: 'present-item', attrs: { 'data-member': m } }, h('span', { className: 'who', text: name(s, m) }))
        if (chairing && m !== me) {
          const remove = button('chair-remove', t.chairRemove, () => showConfirm({ member: m }, remove, latest), true)
          item.append(' ', remove)
          if (mayChair(s.roster, m, s.meetingState?.termOver)) item.append(' ', button('chair-hand-over', t.chairHandOver, () => actions.handChairOver(m), true))
        }
        return item
      }),
    )
  }

  const update = (s: AppState) => {
    latest = s
    rejoined.hidden = s.meeting?.rejoined !== true
    const before = document.activeElement
    const meeting = s.meeting
    const floor = meeting?.floor ?? null
    if (floor !== shownFloor || previous === null || previous.names !== s.names || previous.roster !== s.roster || previous.meeting?.present !== meeting?.present) {
      const changed = floor !== shownFloor
      shownFloor = floor
      renderFloor(s, floor)
      renderPresent(s, floor)
      if (changed && floor !== null) announcer.textContent = announcement(floor, me, (m) => name(s, m), t)
    }
    renderClock(s)
    if (previous === null || previous.meeting?.writing !== meeting?.writing || previous.names !== s.names) {
      const writers = (meeting?.writing ?? []).map((m) => name(s, m))
      writingLine.textContent = writers.length === 0 ? '' : (writers.length === 1 ? t.writingOne : t.writingMany).replace('{name}', writers.join(', '))
    }
    if (previous === null || previous.meeting?.reactions !== meeting?.reactions) {
      fill(
        recent,
        ...(meeting?.reactions ?? []).map((r) =>
          h('li', { testid: 'reaction-recent', attrs: { 'data-reaction': r.reaction } }, `${name(s, r.from)}: ${reactionNames[r.reaction]}`),
        ),
      )
    }
    const messages = meeting?.messages ?? []
    if (messages.length === 0 || messages.length < rendered.size) {
      log.replaceChildren()
      rendered.clear()
    }
    let added = false
    for (const message of messages) {
      const shown = rendered.get(message.id)
      if (shown !== undefined) {
        if (shown.waiting && !message.waiting) {
          // Only the mark goes: a replaced item would be read out again by the live log.
          shown.item.querySelector('[data-testid="message-waiting"]')?.remove()
          delete shown.item.dataset.waiting
          shown.waiting = false
        }
        continue
      }
      const item = messageItem(s, message, t, reactionLabels)
      rendered.set(message.id, { item, waiting: message.waiting })
      log.append(item)
      added = true
    }
    if (added) logRegion.scrollTop = logRegion.scrollHeight
    while (log.childElementCount > messages.length && log.firstElementChild !== null) log.firstElementChild.remove()
    keepFocus(before, root, floorPanel)
    decisionsBlock.hidden = s.requests.length === 0 && s.proposal === null
    decisions.update(s, previous)
    previous = s
  }
  update(state)
  // The turn counts down between frames; the timer ends itself once the screen is gone.
  // (It first runs after the shell has put the screen in the page.)
  const tick = setInterval(() => {
    if (!root.isConnected) {
      clearInterval(tick)
      return
    }
    const before = document.activeElement
    renderClock(latest)
    keepFocus(before, root, floorPanel)
  }, 500)
  return { root, update }
}

/** A focused control that was just hidden or disabled hands the focus to the floor, not the page. */
function keepFocus(before: Element | null, root: HTMLElement, fallback: HTMLElement): void {
  if (!(before instanceof HTMLElement) || !root.contains(before) || before === fallback) return
  const gone = before.closest('[hidden]') !== null || (before as HTMLButtonElement).disabled === true || !before.isConnected
  if (gone) fallback.focus()
}

function messageItem(s: AppState, m: MessageView, t: Strings, labels: Record<Reaction, string>): HTMLElement {
  const item = messageContent(s, m, t, labels)
  if (m.waiting) {
    item.dataset.waiting = 'true'
    item.append(h('span', { testid: 'message-waiting', className: 'waiting', text: ` (${t.messageWaiting})` }))
  }
  return item
}

function messageContent(s: AppState, m: MessageView, t: Strings, labels: Record<Reaction, string>): HTMLElement {
  const who = m.mine ? t.you : memberName(s, m.from, t)
  if (m.kind === 'notice') {
    return h('li', { testid: 'message-item', className: 'notice', attrs: { 'data-kind': 'notice' } }, `${who}: ${t.messageUnverified}`)
  }
  if (m.kind === 'reaction') {
    const label = labels[m.body as Reaction] ?? m.body
    return h('li', { testid: 'message-item', className: 'reaction', attrs: { 'data-kind': 'reaction' } }, `${who} ${t.reacted} ${label}`)
  }
  return h(
    'li',
    { testid: 'message-item', className: m.mine ? 'mine' : '', attrs: { 'data-kind': 'text' } },
    h('span', { className: 'who', text: who }),
    h('span', { className: 'text', text: m.body }),
  )
}
