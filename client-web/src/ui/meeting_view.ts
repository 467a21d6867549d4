// The live meeting: who is present, the messages (announced politely to screen readers), writing,
// quiet reactions, and leaving. Messages are rendered with textContent only, and the log is
// emptied whenever the state's message list is.

import type { Actions } from '../app/app.ts'
import { reactions, type Reaction } from '../app/psg1_port.ts'
import { meetingStatus, type AppState, type MeetingStatus, type MessageView } from '../app/state.ts'
import type { Strings } from '../i18n.ts'
import { fill, h, uid } from './dom.ts'
import { groundRules, heading, memberName, type Screen } from './common.ts'

/** Longest text this client lets a person send; far below PSG1's 16 KiB (§6.4). */
const maxTextLength = 4000

export function meetingScreen(state: AppState, t: Strings, actions: Actions): Screen {
  const present = h('ul', { testid: 'meeting-present', className: 'people' })
  const status = h('p', { testid: 'meeting-status', attrs: { role: 'status' } })
  const log = h('ol', { testid: 'message-log', className: 'log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-label': t.messagesLabel } })
  const input = h('textarea', { testid: 'message-input', attrs: { rows: '3', maxlength: String(maxTextLength), 'aria-label': t.messageLabel } })
  // While keys are set up Send is disabled and a line right below it says why; the text field
  // stays open, so what is typed meanwhile is kept and sent when the person chooses.
  const sendHintId = uid('send-hint')
  const sendHint = h('p', { testid: 'send-hint', className: 'hint', text: t.sendNotReady, attrs: { id: sendHintId } })
  const send = h('button', { testid: 'message-send', text: t.send, attrs: { type: 'submit' } })
  const form = h('form', { testid: 'message-form', className: 'composer' }, input, send)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (send.disabled) return
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
  const reactionLabels: Record<Reaction, string> = { recognise: t.reactionRecognise, thanks: t.reactionThanks, heart: t.reactionHeart }
  const reactionBar = h(
    'div',
    { className: 'reactions', attrs: { role: 'group', 'aria-label': t.reactionsLabel } },
    ...reactions.map((r) => {
      // The heart is a symbol: it gets a spoken name of its own.
      const attrs: Record<string, string> = r === 'heart' ? { type: 'button', 'aria-label': t.reactionHeartName } : { type: 'button' }
      const button = h('button', { testid: `reaction-${r}`, text: reactionLabels[r], attrs, className: 'secondary' })
      button.addEventListener('click', () => actions.sendReaction(r))
      return button
    }),
  )
  const leave = h('button', { testid: 'leave-meeting-button', text: t.leaveMeeting, attrs: { type: 'button' }, className: 'secondary' })
  leave.addEventListener('click', () => actions.leaveMeeting())

  const root = h(
    'section',
    { testid: 'screen-meeting', className: 'screen meeting' },
    heading(t.meetingTitle),
    status,
    h('section', { attrs: { 'aria-labelledby': 'present-title' } }, h('h3', { text: t.presentTitle, attrs: { id: 'present-title' } }), present),
    log,
    form,
    sendHint,
    reactionBar,
    leave,
    state.text === null ? null : groundRules(state.text, t, false),
  )

  const statusText: Record<MeetingStatus, string> = {
    keys: t.meetingKeys,
    waiting: t.meetingWaiting,
    sent: t.meetingSent,
    ready: t.meetingReady,
  }
  /** Each message on screen, and whether it was shown as waiting. */
  const rendered = new Map<number, { item: HTMLElement; waiting: boolean }>()
  let previous: AppState | null = null
  const update = (s: AppState) => {
    const meeting = s.meeting
    const shownStatus = meeting === null ? null : meetingStatus(meeting)
    status.textContent = shownStatus === null ? '' : statusText[shownStatus]
    if (shownStatus !== null) status.dataset.state = shownStatus
    send.disabled = meeting?.canSend !== true
    sendHint.hidden = !send.disabled
    if (send.disabled) send.setAttribute('aria-describedby', sendHintId)
    else send.removeAttribute('aria-describedby')
    if (previous === null || previous.meeting?.present !== meeting?.present || previous.names !== s.names) {
      fill(present, ...(meeting?.present ?? []).map((m) => h('li', { testid: 'present-item' }, memberName(s, m, t))))
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
    if (added) log.scrollTop = log.scrollHeight
    while (log.childElementCount > messages.length && log.firstElementChild !== null) log.firstElementChild.remove()
    previous = s
  }
  update(state)
  return { root, update }
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
