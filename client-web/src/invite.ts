// The invite link (protocol/PSG1.md §invite): https://HOST/j/<group>#1.<b64u(invite_id||secret||roster_hash)>.
// The fragment holds the invite secret. Browsers never send a fragment to a server; this module
// also takes it out of the address bar and history at once, so it is not left for a screenshot,
// a synced tab or the next person at a shared computer.

import { parseInviteFragment, type InviteFragment } from './psg1/index.ts'

const groupPath = /^\/j\/([A-Za-z0-9_-]{22})$/

export type Invite = InviteFragment

/** The group id of a /j/<group> path, or null for any other path. */
export function groupFromPath(pathname: string): string | null {
  return groupPath.exec(pathname)?.[1] ?? null
}

/**
 * Read the fragment and remove it from the address bar and the history entry, before anything
 * else runs. Returns the fragment without "#", or null if there was none.
 */
export function takeFragment(): string | null {
  const fragment = location.hash.length > 1 ? location.hash.slice(1) : null
  if (location.hash !== '' || location.href.endsWith('#')) {
    history.replaceState(history.state, '', location.pathname + location.search)
  }
  return fragment
}

/** Decode "1.<b64u>" into its parts; null unless it has exactly that form. Needs sodium.ready. */
export function parseInvite(fragment: string): Invite | null {
  try {
    return parseInviteFragment(fragment)
  } catch {
    return null
  }
}
