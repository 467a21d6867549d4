// The invite link (protocol/PSG1.md §4.1):
// https://HOST/j/<b64u room_id>#1.<b64u(invite_id(16) || invite_secret(32) || roster_hash(32))>.
// Parsed and built exactly as protocol/src/invite_link.cpp does; any other form is invite_invalid.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlEncode } from './base64url.ts'
import { concat, expectLength } from './bytes.ts'
import { idBytes, keyBytes, wipe } from './psg1_crypto.ts'

const pathPrefix = '/j/'
const fragmentPrefix = '1.'
const groupChars = 22 // base64url of 16 bytes
const payloadBytes = idBytes + 2 * keyBytes

export interface InviteLink {
  /** "https://host[:port]", as in the link. */
  origin: string
  roomId: Uint8Array
  inviteId: Uint8Array
  secret: Uint8Array
  /** The pinned roster hash; ZERO32 for a group that has no roster yet. */
  rosterHash: Uint8Array
}

/** The part of a link after "#": invite id, secret and pin. */
export interface InviteFragment {
  inviteId: Uint8Array
  secret: Uint8Array
  rosterHash: Uint8Array
}

// Whitespace, controls, non-ASCII, and anything that would end the authority or add userinfo.
function foreignToAuthority(c: string): boolean {
  const u = c.charCodeAt(0)
  return u <= 0x20 || u >= 0x7f || c === '/' || c === '?' || c === '#' || c === '@' || c === '\\'
}

/* True if origin is the ASCII serialisation of a web origin: "http" or "https", "://", then a
 * non-empty host[:port]. Only the shape is checked; whether it is the right server is the
 * client's call. */
function isOrigin(origin: string): boolean {
  let authority: string
  if (origin.startsWith('https://')) authority = origin.slice(8)
  else if (origin.startsWith('http://')) authority = origin.slice(7)
  else return false
  return authority.length > 0 && ![...authority].some(foreignToAuthority)
}

/** "1.<b64u of 80 bytes>" (location.hash without "#"); invite_invalid otherwise. */
export function parseInviteFragment(fragment: string): InviteFragment {
  if (!fragment.startsWith(fragmentPrefix)) throw new Psg1Error('invite_invalid')
  let payload: Uint8Array
  try {
    payload = base64urlDecodeExact(fragment.slice(fragmentPrefix.length), payloadBytes)
  } catch {
    throw new Psg1Error('invite_invalid')
  }
  const out = {
    inviteId: payload.slice(0, idBytes),
    secret: payload.slice(idBytes, idBytes + keyBytes),
    rosterHash: payload.slice(idBytes + keyBytes),
  }
  wipe(payload)
  return out
}

/** Parse a full link; invite_invalid unless every part has its exact form. */
export function parseInviteLink(url: string): InviteLink {
  // Split at the only '#': base64url has no '#', so a second one is malformed.
  const hashAt = url.indexOf('#')
  if (hashAt < 0 || url.indexOf('#', hashAt + 1) >= 0) throw new Psg1Error('invite_invalid')
  const before = url.slice(0, hashAt)

  // Before the fragment: <origin>/j/<22 characters of group id>, nothing else.
  if (before.length < pathPrefix.length + groupChars) throw new Psg1Error('invite_invalid')
  const groupText = before.slice(before.length - groupChars)
  const origin = before.slice(0, before.length - groupChars - pathPrefix.length)
  if (
    before.slice(origin.length, origin.length + pathPrefix.length) !== pathPrefix ||
    !isOrigin(origin)
  ) {
    throw new Psg1Error('invite_invalid')
  }
  let roomId: Uint8Array
  try {
    roomId = base64urlDecodeExact(groupText, idBytes)
  } catch {
    throw new Psg1Error('invite_invalid')
  }
  return { origin, roomId, ...parseInviteFragment(url.slice(hashAt + 1)) }
}

/** The link for origin (no trailing slash), e.g. "https://sirkel.example". */
export function buildInviteLink(origin: string, link: Omit<InviteLink, 'origin'>): string {
  const payload = concat(
    expectLength(link.inviteId, idBytes),
    expectLength(link.secret, keyBytes),
    expectLength(link.rosterHash, keyBytes),
  )
  const group = base64urlEncode(expectLength(link.roomId, idBytes))
  const url = `${origin}${pathPrefix}${group}#${fragmentPrefix}${base64urlEncode(payload)}`
  // The payload holds the invite secret; keep no stray copy of it.
  wipe(payload)
  return url
}
