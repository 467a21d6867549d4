// Dates and times on screen: the words around them are in the app's language, and so are the
// month names inside them, but the order, the clock (24 h or AM/PM) and the separators follow the
// person's region as the browser reports it (navigator.languages). An English page for someone
// in Norway says "15 Jan 2027, 08:00", not the American "Jan 15, 2027, 8:00 AM".

import type { Lang } from '../i18n.ts'

/** The primary language of a BCP 47 tag as Sirkel's Lang, any Norwegian counting as Bokmål. */
function langOf(tag: string): string {
  const primary = tag.toLowerCase().split('-')[0] ?? ''
  return primary === 'no' || primary === 'nn' ? 'nb' : primary
}

/** The region subtag of a BCP 47 tag ("NO" of "nb-NO"), or null. */
function regionOf(tag: string): string | null {
  try {
    return new Intl.Locale(tag).region ?? null
  } catch {
    return null
  }
}

/**
 * The locales to format with, best first: the first browser locale in the app's language if it
 * names a region ("en-GB" for English), else the app's language with the region of the first
 * browser locale that names one ("en-NO" for English read in Norway), else the app's language
 * alone. Tags Intl does not accept are skipped.
 */
export function formatLocales(lang: Lang, browser: readonly string[]): string[] {
  const valid = browser.filter((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1
    } catch {
      return false
    }
  })
  const same = valid.find((tag) => langOf(tag) === lang)
  if (same !== undefined && regionOf(same) !== null) return [same, lang]
  const region = valid.map(regionOf).find((r) => r !== null)
  return region === undefined || region === null ? [lang] : [`${lang}-${region}`, lang]
}

/** A Unix time (seconds) as a medium date and a short time. */
export function formatTime(seconds: number, lang: Lang, browser: readonly string[]): string {
  const format = new Intl.DateTimeFormat(formatLocales(lang, browser), { dateStyle: 'medium', timeStyle: 'short' })
  return format.format(new Date(seconds * 1000))
}
