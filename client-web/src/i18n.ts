// The words of the interface in the three languages Sirkel speaks. Every string a person reads
// comes from here; code never shows a literal sentence.

export type Lang = 'nb' | 'da' | 'en'

export interface Strings {
  description: string
  cryptoLoading: string
  cryptoReady: string
  cryptoFailed: string
  inviteRead: string
  inviteDamaged: string
  noGroup: string
  connecting: string
  connected: string
  challengeReceived: string
  serverError: string
  disconnected: string
}

const strings: Record<Lang, Strings> = {
  en: {
    description: 'Closed, end-to-end encrypted meetings for self-help groups.',
    cryptoLoading: 'Loading encryption…',
    cryptoReady: 'crypto ready',
    cryptoFailed: 'Encryption could not start in this browser.',
    inviteRead: 'Invitation read.',
    inviteDamaged: 'This invitation link is damaged. Ask for a new one.',
    noGroup: 'Open the invitation link you were given to join your group.',
    connecting: 'Connecting…',
    connected: 'connected',
    challengeReceived: 'challenge received',
    serverError: 'The server refused a request:',
    disconnected: 'Disconnected.',
  },
  nb: {
    description: 'Lukkede, ende-til-ende-krypterte møter for selvhjelpsgrupper.',
    cryptoLoading: 'Laster kryptering …',
    cryptoReady: 'kryptering klar',
    cryptoFailed: 'Krypteringen kunne ikke starte i denne nettleseren.',
    inviteRead: 'Invitasjonen er lest.',
    inviteDamaged: 'Denne invitasjonslenken er ødelagt. Be om en ny.',
    noGroup: 'Åpne invitasjonslenken du har fått for å bli med i gruppen din.',
    connecting: 'Kobler til …',
    connected: 'tilkoblet',
    challengeReceived: 'utfordring mottatt',
    serverError: 'Tjeneren avviste en forespørsel:',
    disconnected: 'Frakoblet.',
  },
  da: {
    description: 'Lukkede, end-to-end-krypterede møder for selvhjælpsgrupper.',
    cryptoLoading: 'Indlæser kryptering …',
    cryptoReady: 'kryptering klar',
    cryptoFailed: 'Krypteringen kunne ikke starte i denne browser.',
    inviteRead: 'Invitationen er læst.',
    inviteDamaged: 'Dette invitationslink er beskadiget. Bed om et nyt.',
    noGroup: 'Åbn det invitationslink, du har fået, for at komme med i din gruppe.',
    connecting: 'Forbinder …',
    connected: 'forbundet',
    challengeReceived: 'udfordring modtaget',
    serverError: 'Serveren afviste en forespørgsel:',
    disconnected: 'Forbindelsen er afbrudt.',
  },
}

/**
 * Pick the first of the browser's preferred languages that Sirkel speaks; English otherwise.
 * Norwegian in any form ("no", "nb", "nn") gets Bokmål.
 */
export function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0]
    if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb'
    if (primary === 'da') return 'da'
    if (primary === 'en') return 'en'
  }
  return 'en'
}

export function stringsFor(lang: Lang): Strings {
  return strings[lang]
}
