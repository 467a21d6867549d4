// The language a person chose on this device. It is the one thing Sirkel keeps in localStorage:
// a word like "nb" says nothing about a person or a group, and it lets the page open in the chosen
// language before anything else is known. Nothing else about the person is ever stored there.

import { type Lang, langs, pickLang } from './i18n.ts'

export const langStorageKey = 'sirkel-lang'

function isLang(value: string | null): value is Lang {
  return value !== null && (langs as readonly string[]).includes(value)
}

/** The language chosen earlier on this device, if any; storage that is blocked counts as none. */
export function storedLang(): Lang | null {
  try {
    const value = localStorage.getItem(langStorageKey)
    return isLang(value) ? value : null
  } catch {
    return null
  }
}

/** The language to open in: the one chosen earlier, else the browser's first that Sirkel speaks. */
export function initialLang(preferred: readonly string[]): Lang {
  return storedLang() ?? pickLang(preferred)
}

/** Remember a language the person chose; if storage is blocked, the choice lasts for this page. */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(langStorageKey, lang)
  } catch {
    // Private modes may refuse storage: the page still switches, it only forgets next time.
  }
}
