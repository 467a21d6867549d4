import './style.css'
import { setupConnection } from './connection.ts'
import { setupCrypto } from './crypto.ts'
import { pickLang, stringsFor } from './i18n.ts'
import { groupFromPath, parseInvite, takeFragment } from './invite.ts'

// Take the invite secret out of the address bar before anything else happens.
const fragment = takeFragment()

function element(testId: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  if (el === null) throw new Error(`index.html lacks ${testId}`)
  return el
}

async function main() {
  const lang = pickLang(navigator.languages)
  const text = stringsFor(lang)
  document.documentElement.lang = lang
  element('description').textContent = text.description

  if (!(await setupCrypto(element('crypto-status'), text))) return

  const connectionStatus = element('connection-status')
  const group = groupFromPath(location.pathname)
  if (group === null) {
    connectionStatus.textContent = text.noGroup
    return
  }

  if (fragment !== null) {
    const inviteStatus = element('invite-status')
    const invite = parseInvite(fragment)
    inviteStatus.hidden = false
    inviteStatus.dataset.state = invite === null ? 'damaged' : 'read'
    inviteStatus.textContent = invite === null ? text.inviteDamaged : text.inviteRead
  }

  setupConnection(connectionStatus, group, text)
}

void main()
