import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Roster,
  aeadEncrypt,
  buildInviteLink,
  concat,
  fromHex,
  inviteInfoFromWire,
  inviteInfoToWire,
  kdfInviteInfoKey,
  kdfInviteJoinKey,
  kdfInviteToken,
  lp,
  name64,
  openInviteInfo,
  openJoinKey,
  pad,
  parseInviteFragment,
  parseInviteLink,
  seal,
  sealInviteInfo,
  sealJoinKey,
  toHex,
  utf8Bytes,
} from '../src/psg1/index.ts'
import {
  A,
  B,
  C,
  D,
  filled,
  flipped,
  entryOf,
  groundRules,
  groupFrame,
  roomId,
  otherRoomId,
  throwsCode,
} from './fixtures.ts'

const secret = filled(32, 0x33)
const inviteId = filled(16, 0x11)
const pin = fromHex('d28f9167f364375b70f782f4478c6f91d976b1f4e2c889b987a215f8af4c6b32')
// The link protocol/src/invite_link.cpp builds for these inputs.
const cppLink =
  'https://sirkel.example/j/AAECAwQFBgcICQoLDA0ODw#1.ERERERERERERERERERERETMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMz0o-RZ_NkN1tw94L0R4xvkdl2sfTiyIm5h6IV-K9MazI'

describe('invite kdf (§4.1)', () => {
  it('tok and jk match the C++ kdf, ik is the third subkey', () => {
    assert.equal(
      toHex(kdfInviteToken(secret)),
      '03f1bd06067d098678df3efc7b7d0c5123eef85f82f061633d7e5b7a7572726d',
    )
    assert.equal(
      toHex(kdfInviteJoinKey(secret)),
      '027cdbc20aa752212e801650ebdda0281c03e0cace441538cc08875381d486d8',
    )
    const ik = kdfInviteInfoKey(secret)
    assert.equal(ik.length, 32)
    assert.notEqual(toHex(ik), toHex(kdfInviteJoinKey(secret)))
    throwsCode(() => kdfInviteToken(filled(31, 0x33)), 'bad_encoding')
  })
})

describe('invite link (§4.1)', () => {
  it('builds the same link as the C++ invite_link and parses it back', () => {
    assert.equal(
      buildInviteLink('https://sirkel.example', { roomId, inviteId, secret, rosterHash: pin }),
      cppLink,
    )
    const link = parseInviteLink(cppLink)
    assert.equal(link.origin, 'https://sirkel.example')
    assert.equal(toHex(link.roomId), toHex(roomId))
    assert.equal(toHex(link.inviteId), toHex(inviteId))
    assert.equal(toHex(link.secret), toHex(secret))
    assert.equal(toHex(link.rosterHash), toHex(pin))
    assert.equal(
      parseInviteLink(
        'http://localhost:8443/j/AAECAwQFBgcICQoLDA0ODw' + cppLink.slice(cppLink.indexOf('#')),
      ).origin,
      'http://localhost:8443',
    )
    assert.equal(
      toHex(parseInviteFragment(cppLink.slice(cppLink.indexOf('#') + 1)).secret),
      toHex(secret),
    )
  })

  it('refuses every other form with invite_invalid', () => {
    const fragment = cppLink.slice(cppLink.indexOf('#'))
    const bad = [
      cppLink.replace('#', ''),
      cppLink + '#',
      cppLink.replace('#1.', '#2.'),
      cppLink.slice(0, -1),
      cppLink + 'A',
      cppLink.replace('/j/', '/k/'),
      cppLink.replace('https://', 'ftp://'),
      cppLink.replace('sirkel.example', 'user@sirkel.example'),
      cppLink.replace('sirkel.example', 'sirkel example'),
      cppLink.replace('sirkel.example', ''),
      'https://sirkel.example/x/j/AAECAwQFBgcICQoLDA0ODw' + fragment,
      'https://sirkel.example/j/AAECAwQFBgcICQoLDA0ODx' + fragment, // trailing bits
      'https://sirkel.example/j/AAECAwQFBgcICQoLDA0OD' + fragment,
      cppLink.replace('#1.ERER', '#1.+RER'),
    ]
    for (const url of bad) throwsCode(() => parseInviteLink(url), 'invite_invalid')
    throwsCode(() => parseInviteFragment('1.AAAA'), 'invite_invalid')
  })
})

describe('invite info (§4.2)', () => {
  const ik = kdfInviteInfoKey(secret)
  const info = { groupName: 'Torsdagsgruppa', creatorName: 'Kari', text: groundRules }
  const n = filled(24, 0x24)

  it('seals and opens the group name, creator name and text', () => {
    const sealed = sealInviteInfo(roomId, inviteId, ik, info, n)
    assert.equal(sealed.c.length, 256 + 16)
    assert.deepEqual(openInviteInfo(roomId, inviteId, ik, sealed), info)
    const wire = inviteInfoFromWire(JSON.parse(JSON.stringify(inviteInfoToWire(sealed))))
    assert.deepEqual(openInviteInfo(roomId, inviteId, ik, wire), info)
    const long = { ...info, text: 'x'.repeat(8192), groupName: 'g'.repeat(64) }
    assert.deepEqual(
      openInviteInfo(roomId, inviteId, ik, sealInviteInfo(roomId, inviteId, ik, long)),
      long,
    )
  })

  it('aead_failed under another room, invite or key', () => {
    const sealed = sealInviteInfo(roomId, inviteId, ik, info, n)
    throwsCode(() => openInviteInfo(otherRoomId, inviteId, ik, sealed), 'aead_failed')
    throwsCode(() => openInviteInfo(roomId, filled(16, 0x12), ik, sealed), 'aead_failed')
    throwsCode(
      () => openInviteInfo(roomId, inviteId, kdfInviteJoinKey(secret), sealed),
      'aead_failed',
    )
    throwsCode(
      () => openInviteInfo(roomId, inviteId, ik, { ...sealed, c: flipped(sealed.c, 3) }),
      'aead_failed',
    )
  })

  const ad = concat(lp('PSG1-invinfo'), roomId, inviteId)
  const sealRaw = (pt: Uint8Array): { n: Uint8Array; c: Uint8Array } => ({
    n,
    c: aeadEncrypt(pt, ad, n, ik),
  })

  it('bad_padding, bad_encoding, bad_name and doc_invalid for a malformed inside', () => {
    throwsCode(
      () => openInviteInfo(roomId, inviteId, ik, sealRaw(new Uint8Array(256))),
      'bad_padding',
    )
    const parts = (
      name: Uint8Array,
      creator: Uint8Array,
      text: Uint8Array,
      extra = new Uint8Array(0),
    ): Uint8Array => pad(concat(lp(name), creator, lp(text), extra), 256)
    const g = utf8Bytes('Gruppe')
    const t = utf8Bytes(groundRules)
    assert.equal(
      openInviteInfo(roomId, inviteId, ik, sealRaw(parts(g, name64('Kari'), t))).groupName,
      'Gruppe',
    )
    throwsCode(
      () =>
        openInviteInfo(
          roomId,
          inviteId,
          ik,
          sealRaw(parts(g, name64('Kari'), t, Uint8Array.of(0))),
        ),
      'bad_encoding',
    )
    throwsCode(
      () => openInviteInfo(roomId, inviteId, ik, sealRaw(pad(concat(lp(g), name64('Kari')), 256))),
      'bad_encoding',
    )
    throwsCode(
      () =>
        openInviteInfo(roomId, inviteId, ik, sealRaw(parts(new Uint8Array(0), name64('Kari'), t))),
      'bad_name',
    )
    throwsCode(
      () =>
        openInviteInfo(roomId, inviteId, ik, sealRaw(parts(filled(65, 0x67), name64('Kari'), t))),
      'bad_name',
    )
    throwsCode(
      () => openInviteInfo(roomId, inviteId, ik, sealRaw(parts(g, pad(utf8Bytes(' Kari'), 64), t))),
      'bad_name',
    )
    throwsCode(
      () =>
        openInviteInfo(roomId, inviteId, ik, sealRaw(parts(g, name64('Kari'), new Uint8Array(0)))),
      'doc_invalid',
    )
    // The group name keeps the name rules (as the C++ reader does), checked after the layout.
    for (const bad of [' Gruppe', 'Grup\u0007pe', 'Gruppe\u0085']) {
      const sealed = sealRaw(parts(utf8Bytes(bad), name64('Kari'), t))
      throwsCode(() => openInviteInfo(roomId, inviteId, ik, sealed), 'bad_name')
    }
    throwsCode(
      () =>
        openInviteInfo(
          roomId,
          inviteId,
          ik,
          sealRaw(parts(utf8Bytes(' Gruppe'), name64('Kari'), t, Uint8Array.of(0))),
        ),
      'bad_encoding',
    )
    throwsCode(
      () =>
        openInviteInfo(
          roomId,
          inviteId,
          ik,
          sealRaw(parts(g, name64('Kari'), Uint8Array.of(0xff))),
        ),
      'doc_invalid',
    )
  })

  it('refuses to build an info with a bad name or text', () => {
    throwsCode(() => sealInviteInfo(roomId, inviteId, ik, { ...info, groupName: '' }), 'bad_name')
    throwsCode(
      () => sealInviteInfo(roomId, inviteId, ik, { ...info, groupName: 'Gruppe\n' }),
      'bad_name',
    )
    throwsCode(
      () => sealInviteInfo(roomId, inviteId, ik, { ...info, creatorName: 'Kari\n' }),
      'bad_name',
    )
    throwsCode(
      () => sealInviteInfo(roomId, inviteId, ik, { ...info, text: 'x'.repeat(8193) }),
      'doc_invalid',
    )
  })

  it('reads {n, c} with their lengths', () => {
    const wire = inviteInfoToWire(sealInviteInfo(roomId, inviteId, ik, info, n))
    throwsCode(() => inviteInfoFromWire({ ...wire, n: wire.n.slice(1) }), 'bad_encoding')
    throwsCode(() => inviteInfoFromWire({ ...wire, c: wire.c.slice(0, 40) }), 'bad_encoding')
  })
})

describe('sealed join key (§4.2)', () => {
  const jk = kdfInviteJoinKey(secret)
  const v1 = Roster.build(roomId, 1, new Uint8Array(32), groupFrame, [entryOf(A, 1)])
  const v2 = Roster.build(roomId, 2, v1.hash, groupFrame, [entryOf(A, 1), entryOf(B, 0)])
  const toB = { memberId: B.memberId, dhPk: B.dhPk }
  const selfB = { memberId: B.memberId, dhPk: B.dhPk, dhSk: B.dhSk }

  it('opens a jk sealed by a member and checks its signature', () => {
    const sealed = sealJoinKey(roomId, inviteId, jk, { memberId: A.memberId, sigSk: A.sigSk }, toB)
    assert.equal(sealed.length, 160)
    const opened = openJoinKey(roomId, inviteId, sealed, selfB, [v2])
    assert.equal(toHex(opened.jk), toHex(jk))
    assert.equal(toHex(opened.signerId), toHex(A.memberId))
    // A signer who was a member at the invite's version but has left since still counts.
    const v3 = Roster.build(roomId, 3, v2.hash, groupFrame, [entryOf(B, 1)])
    openJoinKey(roomId, inviteId, sealed, selfB, [v2, v3])
    throwsCode(() => openJoinKey(roomId, inviteId, sealed, selfB, [v3]), 'approval_invalid')
  })

  it('approval_invalid for a non-member signer, a forged or misdirected signature', () => {
    const byC = sealJoinKey(roomId, inviteId, jk, { memberId: C.memberId, sigSk: C.sigSk }, toB)
    throwsCode(() => openJoinKey(roomId, inviteId, byC, selfB, [v2]), 'approval_invalid')
    const claimsA = sealJoinKey(roomId, inviteId, jk, { memberId: A.memberId, sigSk: D.sigSk }, toB)
    throwsCode(() => openJoinKey(roomId, inviteId, claimsA, selfB, [v2]), 'approval_invalid')
    const forOtherInvite = sealJoinKey(
      roomId,
      filled(16, 0x12),
      jk,
      { memberId: A.memberId, sigSk: A.sigSk },
      toB,
    )
    throwsCode(() => openJoinKey(roomId, inviteId, forOtherInvite, selfB, [v2]), 'approval_invalid')
    const meantForA = sealJoinKey(
      roomId,
      inviteId,
      jk,
      { memberId: A.memberId, sigSk: A.sigSk },
      { memberId: A.memberId, dhPk: B.dhPk },
    )
    throwsCode(() => openJoinKey(roomId, inviteId, meantForA, selfB, [v2]), 'approval_invalid')
  })

  it('aead_failed for a seal to someone else, bad_encoding for a wrong length', () => {
    const toA = sealJoinKey(
      roomId,
      inviteId,
      jk,
      { memberId: A.memberId, sigSk: A.sigSk },
      { memberId: B.memberId, dhPk: A.dhPk },
    )
    throwsCode(() => openJoinKey(roomId, inviteId, toA, selfB, [v2]), 'aead_failed')
    throwsCode(
      () => openJoinKey(roomId, inviteId, seal(new Uint8Array(111), B.dhPk), selfB, [v2]),
      'bad_encoding',
    )
  })
})
