import './style.css'
import { App } from './app/app.ts'
import { IdentityStore } from './app/identity_store.ts'
import type { CrisisLine } from './app/ground_rules_text.ts'
import { fetchOrganisationCrisisLines } from './app/organisation_crisis_lines.ts'
import { LibraryPort } from './app/psg1_port.ts'
import { setupCrypto } from './crypto.ts'
import { type Lang, langNames, langs, stringsFor } from './i18n.ts'
import { groupFromPath, parseInvite, takeFragment } from './invite.ts'
import { initialLang, rememberLang } from './lang_choice.ts'
import { crisisLines } from './ui/common.ts'
import { fill } from './ui/dom.ts'
import { mountShell } from './ui/shell.ts'

// Take the invite secret out of the address bar before anything else happens.
const fragment = takeFragment()

function element<T extends HTMLElement = HTMLElement>(testId: string): T {
  const el = document.querySelector<T>(`[data-testid="${testId}"]`)
  if (el === null) throw new Error(`index.html lacks ${testId}`)
  return el
}

/**
 * The words of the page outside the screens: the description, the language switch, the crisis
 * link, and the status lines main writes before the app runs. Each line keeps what it says in
 * data-state, so a change of language says the same thing in the other language.
 */
function renderPageText(lang: Lang, hasGroup: boolean, shellMounted: boolean, organisationLines: readonly CrisisLine[] | null): void {
  const text = stringsFor(lang)
  document.documentElement.lang = lang
  element('description').textContent = text.description
  element('lang-label').textContent = text.languageLabel
  element('crisis-link').textContent = text.crisisLink
  const crypto = element('crypto-status')
  const cryptoTexts: Record<string, string> = { loading: text.cryptoLoading, ready: text.cryptoReady, failed: text.cryptoFailed }
  crypto.textContent = cryptoTexts[crypto.dataset.state ?? ''] ?? ''
  const invite = element('invite-status')
  if (!invite.hidden) invite.textContent = invite.dataset.state === 'damaged' ? text.inviteDamaged : text.inviteRead
  if (!hasGroup) element('connection-status').textContent = text.noGroup
  // Until the shell shows the group's own, the organisation's crisis lines: on every page.
  if (!shellMounted) fill(element('footer'), crisisLines(text, null, lang, organisationLines))
}

async function main() {
  const group = groupFromPath(location.pathname)
  let lang = initialLang(navigator.languages)
  let app: App | null = null
  let organisationLines: CrisisLine[] | null = null
  const render = () => renderPageText(lang, group !== null, app !== null, organisationLines)
  const langSelect = element<HTMLSelectElement>('lang-select')
  langSelect.replaceChildren(...langs.map((l) => new Option(langNames[l], l, false, l === lang)))
  langSelect.addEventListener('change', () => {
    lang = langSelect.value as Lang
    rememberLang(lang)
    render()
    app?.setLang(lang)
  })
  // The crisis lines are one activation away on every screen: the link moves the focus to them.
  element('crisis-link').addEventListener('click', (event) => {
    event.preventDefault()
    const lines = document.querySelector<HTMLElement>('[data-testid="crisis-lines"]')
    lines?.scrollIntoView({ block: 'nearest' })
    lines?.focus()
  })
  render()
  // The organisation's crisis lines replace the built-in ones once they come; until then, or if
  // they never do, the built-in ones are shown.
  void fetchOrganisationCrisisLines().then((lines) => {
    if (lines === null) return
    organisationLines = lines
    render()
    app?.setOrganisationCrisisLines(lines)
  })

  if (!(await setupCrypto(element('crypto-status'), stringsFor(lang)))) return
  if (group === null) return

  const invite = fragment === null ? null : parseInvite(fragment)
  if (fragment !== null) {
    const inviteStatus = element('invite-status')
    inviteStatus.hidden = false
    inviteStatus.dataset.state = invite === null ? 'damaged' : 'read'
    render()
  }

  const psg1 = new LibraryPort()
  await psg1.ready()
  const started = new App(lang, group, psg1, new IdentityStore())
  app = started
  if (organisationLines !== null) started.setOrganisationCrisisLines(organisationLines)
  mountShell(
    {
      connectionStatus: element('connection-status'),
      serverError: element('server-error'),
      screen: element('screen'),
      alerts: element('alerts'),
      footer: element('footer'),
    },
    started.store,
    started,
  )
  // Nothing of a meeting may outlive the tab (PSG1.md §5.5).
  addEventListener('pagehide', () => started.pagehide())
  // A network back, or a phone woken and the page shown again: try at once, not after the delay.
  addEventListener('online', () => started.networkBack())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') started.networkBack()
  })
  await started.start(invite)
  if (fragment !== null && invite === null && started.store.state.screen === 'unknown') {
    started.store.update((state) => ({ ...state, screen: 'damaged' }))
  }
}

void main()
