// The frame around every screen: the language switch, the connection status, alerts, and the
// current screen. A screen is built when it changes (or the language does) and updated in place
// otherwise, so typing in a field is never lost to a re-render; when only the language changes,
// what was typed and opened is carried into the screen built in the new one (kept_input.ts).

import type { Actions } from '../app/app.ts'
import type { AlertCode, AppState } from '../app/state.ts'
import type { Store } from '../app/store.ts'
import { type Lang, type Strings, stringsFor } from '../i18n.ts'
import { fill, h } from './dom.ts'
import { keepInput, restoreInput } from './kept_input.ts'
import { crisisLines, memberName, type Screen } from './common.ts'
import { declinedScreen, knockScreen, messageScreen, pendingScreen, setupGroupScreen, startGroupScreen } from './entry_views.ts'
import { lobbyScreen } from './lobby_view.ts'
import { meetingScreen } from './meeting_view.ts'

export interface ShellElements {
  connectionStatus: HTMLElement
  serverError: HTMLElement
  screen: HTMLElement
  alerts: HTMLElement
  footer: HTMLElement
}

function buildScreen(state: AppState, t: Strings, actions: Actions): Screen | null {
  switch (state.screen) {
    case 'landing':
    case 'connecting':
      return null
    case 'damaged':
      return messageScreen('screen-damaged', t.damagedTitle, t.inviteDamaged)
    case 'invite-closed':
      return messageScreen('screen-invite-closed', t.inviteClosedTitle, t.inviteClosedText)
    case 'unknown':
      return messageScreen('screen-unknown', t.unknownTitle, t.noGroup)
    case 'start-group':
      return startGroupScreen(state, t, actions)
    case 'setup-group':
      return setupGroupScreen(state, t, actions)
    case 'knock':
      return knockScreen(state, t, actions)
    case 'pending':
      return pendingScreen(state, t, actions)
    case 'declined':
      return declinedScreen(state, t)
    case 'lapsed':
      return messageScreen('screen-lapsed', t.lapsedTitle, t.lapsedText)
    case 'removed':
      return messageScreen('screen-removed', t.removedTitle, t.removedText)
    case 'left':
      return messageScreen('screen-left', t.group.leftTitle, t.group.leftText)
    case 'lobby':
      return lobbyScreen(state, t, actions)
    case 'meeting':
      return meetingScreen(state, t, actions)
  }
}

const connectionStates: Record<AppState['connection'], string> = {
  idle: 'idle',
  connecting: 'connecting',
  connected: 'open',
  challenge: 'challenge',
  authed: 'authed',
  closed: 'closed',
  error: 'error',
}

function connectionText(state: AppState, t: Strings): string {
  // Between a drop and the next login, one calm line rather than each step of every attempt.
  if (state.reconnect !== null && state.connection !== 'authed') {
    return state.reconnect === 'gave-up' ? t.connectionGaveUp : t.connectionRetrying
  }
  switch (state.connection) {
    case 'idle':
      return ''
    // The socket is open but the server has not answered hello yet: still connecting, for a person.
    case 'connecting':
    case 'connected':
      return t.connecting
    // As far as someone not signed in goes (reading an invite, starting a group): connected.
    case 'challenge':
      return t.connected
    case 'authed':
      return t.signedIn
    case 'closed':
      return t.disconnected
    case 'error':
      return errorText(state.serverError ?? '', t)
  }
}

/** A refusal said plainly; a code without a sentence of its own gets a general one, never the code. */
function errorText(code: string, t: Strings): string {
  return (t.errorCodes as Record<string, string | undefined>)[code] ?? t.serverError
}

export function alertText(code: AlertCode, t: Strings): string {
  return t.alerts[code]
}

export function mountShell(elements: ShellElements, store: Store<AppState>, actions: Actions): void {
  const { connectionStatus, serverError, screen, alerts, footer } = elements

  let current: Screen | null = null
  let shownScreen: AppState['screen'] | null = null
  let shownLang: Lang | null = null
  let shownAlerts: AppState['alerts'] | null = null
  let shownFooter: Pick<AppState, 'lang' | 'text' | 'organisationCrisisLines'> | null = null

  const render = (state: AppState) => {
    const t = stringsFor(state.lang)
    document.documentElement.lang = state.lang
    connectionStatus.dataset.state = connectionStates[state.connection]
    connectionStatus.dataset.reconnect = state.reconnect ?? ''
    if (state.connection !== 'idle') connectionStatus.textContent = connectionText(state, t)
    // A refused request while logged in: said plainly, next to what the person was doing.
    const refused = state.connection === 'authed' ? state.serverError : null
    serverError.hidden = refused === null
    // The code stays off the screen; it is kept on the element for whoever debugs.
    if (refused === null) delete serverError.dataset.code
    else serverError.dataset.code = refused
    // A floor refusal says who has the floor (PROTOCOL.md §8.4).
    const speaker = refused === null || state.serverErrorSpeaker === null ? '' : ` ${t.errorSpeaker.replace('{name}', memberName(state, state.serverErrorSpeaker, t))}`
    serverError.textContent = refused === null ? '' : errorText(refused, t) + speaker

    if (state.screen !== shownScreen || state.lang !== shownLang) {
      const focusHeading = shownScreen !== null && state.screen !== shownScreen
      // The same screen in another language: what the person typed and opened goes with it.
      const kept = state.screen === shownScreen && current !== null ? keepInput(current.root) : null
      shownScreen = state.screen
      current = buildScreen(state, t, actions)
      fill(screen, current?.root)
      if (kept !== null && current !== null) restoreInput(current.root, kept)
      screen.hidden = current === null
      if (focusHeading) current?.root.querySelector<HTMLElement>('h2')?.focus()
      if (state.lang !== shownLang) {
        shownLang = state.lang
        shownAlerts = null
      }
    } else {
      current?.update?.(state)
    }
    // The group's own crisis lines once its text is known, on every screen (§3.7).
    if (
      shownFooter === null ||
      shownFooter.lang !== state.lang ||
      shownFooter.text !== state.text ||
      shownFooter.organisationCrisisLines !== state.organisationCrisisLines
    ) {
      shownFooter = { lang: state.lang, text: state.text, organisationCrisisLines: state.organisationCrisisLines }
      fill(footer, crisisLines(t, state.text, state.lang, state.organisationCrisisLines))
    }
    if (state.alerts !== shownAlerts) {
      shownAlerts = state.alerts
      fill(
        alerts,
        ...state.alerts.map((alert) => {
          const dismiss = h('button', { testid: 'alert-dismiss', text: t.alertDismiss, attrs: { type: 'button' }, className: 'secondary' })
          dismiss.addEventListener('click', () => actions.dismissAlert(alert.id))
          return h('div', { testid: 'alert-item', className: 'alert', attrs: { 'data-code': alert.code } }, h('p', { text: alertText(alert.code, t) }), dismiss)
        }),
      )
    }
  }
  store.subscribe((state) => render(state))
  render(store.state)
}
