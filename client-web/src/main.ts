import './style.css'
import { App } from './app/app.ts'
import { IdentityStore } from './app/identity_store.ts'
import { LibraryPort } from './app/psg1_port.ts'
import { setupCrypto } from './crypto.ts'
import { pickLang, stringsFor } from './i18n.ts'
import { groupFromPath, parseInvite, takeFragment } from './invite.ts'
import { mountShell } from './ui/shell.ts'

// Take the invite secret out of the address bar before anything else happens.
const fragment = takeFragment()

function element<T extends HTMLElement = HTMLElement>(testId: string): T {
  const el = document.querySelector<T>(`[data-testid="${testId}"]`)
  if (el === null) throw new Error(`index.html lacks ${testId}`)
  return el
}

async function main() {
  const lang = pickLang(navigator.languages)
  const text = stringsFor(lang)
  document.documentElement.lang = lang
  element('description').textContent = text.description
  element('lang-label').textContent = text.languageLabel

  if (!(await setupCrypto(element('crypto-status'), text))) return

  const connectionStatus = element('connection-status')
  const group = groupFromPath(location.pathname)
  if (group === null) {
    connectionStatus.textContent = text.noGroup
    return
  }

  const invite = fragment === null ? null : parseInvite(fragment)
  if (fragment !== null) {
    const inviteStatus = element('invite-status')
    inviteStatus.hidden = false
    inviteStatus.dataset.state = invite === null ? 'damaged' : 'read'
    inviteStatus.textContent = invite === null ? text.inviteDamaged : text.inviteRead
  }

  const psg1 = new LibraryPort()
  await psg1.ready()
  const app = new App(lang, group, psg1, new IdentityStore())
  mountShell(
    {
      connectionStatus,
      serverError: element('server-error'),
      screen: element('screen'),
      alerts: element('alerts'),
      langSelect: element<HTMLSelectElement>('lang-select'),
      langLabel: element('lang-label'),
      description: element('description'),
      footer: element('footer'),
    },
    app.store,
    app,
  )
  // Nothing of a meeting may outlive the tab (PSG1.md §5.5).
  addEventListener('pagehide', () => app.pagehide())
  // A network back, or a phone woken and the page shown again: try at once, not after the delay.
  addEventListener('online', () => app.networkBack())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') app.networkBack()
  })
  await app.start(invite)
  if (fragment !== null && invite === null && app.store.state.screen === 'unknown') {
    app.store.update((state) => ({ ...state, screen: 'damaged' }))
  }
}

void main()
