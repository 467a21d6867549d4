// The organisation's crisis lines, served by its Sirkel server at GET /crisis-lines (the
// --crisis-lines setting): "☎ <name>: <number or address>" lines, the same convention as a
// group's text (ground_rules_text.ts). Fetched once when the page opens; anything that goes
// wrong leaves the client's built-in lines in place, so nobody is ever left without a line.

import { type CrisisLine, splitGroundRules } from './ground_rules_text.ts'

export const organisationCrisisLinesPath = '/crisis-lines'

/** A server that has not answered by then is not waited for: the built-in lines stay. */
const fetchTimeoutMs = 10_000

/** The well-formed crisis lines of a served text (a name and a contact each), or null if none. */
export function readOrganisationCrisisLines(text: string): CrisisLine[] | null {
  const lines = splitGroundRules(text.replace(/\r\n?/g, '\n')).crisis.filter((line) => line.label !== '' && line.contact !== '')
  return lines.length === 0 ? null : lines
}

/** The organisation's lines, or null when it has none (404), or the fetch fails in any way. */
export async function fetchOrganisationCrisisLines(): Promise<CrisisLine[] | null> {
  try {
    const response = await fetch(organisationCrisisLinesPath, { cache: 'no-cache', signal: AbortSignal.timeout(fetchTimeoutMs) })
    if (!response.ok) return null
    return readOrganisationCrisisLines(await response.text())
  } catch {
    return null
  }
}
