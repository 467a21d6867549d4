// The invite link (protocol/PSG1.md §invite): https://HOST/j/<group>#1.<b64u(invite_id||secret||roster_hash)>.
// The fragment holds the invite secret. Browsers never send a fragment to a server; this module
// also takes it out of the address bar and history at once, so it is not left for a screenshot,
// a synced tab or the next person at a shared computer.

import sodium from 'libsodium-wrappers'

const groupPath = /^\/j\/([A-Za-z0-9_-]{22})$/
const idBytes = 16
const keyBytes = 32

export interface Invite {
  inviteId: Uint8Array
  secret: Uint8Array
  rosterHash: Uint8Array
}

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
  const match = /^1\.([A-Za-z0-9_-]+)$/.exec(fragment)
  if (match?.[1] === undefined) return null
  let bytes: Uint8Array
  try {
    bytes = sodium.from_base64(match[1], sodium.base64_variants.URLSAFE_NO_PADDING)
  } catch {
    return null
  }
  if (bytes.length !== idBytes + 2 * keyBytes) return null
  return {
    inviteId: bytes.slice(0, idBytes),
    secret: bytes.slice(idBytes, idBytes + keyBytes),
    rosterHash: bytes.slice(idBytes + keyBytes),
  }
}
