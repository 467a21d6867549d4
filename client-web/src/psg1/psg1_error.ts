// Every way a PSG1 check can fail, named after the codes of protocol/PSG1.md §3.5, §6.3, §8.5
// and §9, as the C++ psg1_error does. Some are wire codes the server also sends (roster_invalid,
// ...); others are client verdicts that never reach the wire (sig_invalid, replay, ...).

const rules = {
  roster_invalid: 'roster bytes must parse and make exactly one allowed change',
  version_gap: 'a roster version must be the current version plus one',
  prev_hash_mismatch: 'prev_hash must be the hash of the current version',
  size_cap_reached: "a group holds at most its frame's size cap",
  approval_invalid: 'an approval or decline must be a valid signature by an eligible member, once',
  approvals_missing: 'a change needs the approvals its admission policy asks for',
  no_roster: 'the group has no roster yet; its first member must publish version 1',
  pin_mismatch: 'the first version fetched must hash to the roster hash pinned in the link',
  roster_stale: "rv and rh must be the group's current roster",
  invite_invalid: 'an invite link is https://HOST/j/<group>#1.<80 bytes base64url>',
  pledge_invalid: "the pledge is signed over the group's current pledge hash, by an adult",
  request_mismatch: 'the encrypted join request must repeat its clear member id, keys and pledge',
  doc_invalid: 'the ground-rules text is 1..8192 bytes of UTF-8 hashing to the pledge hash',
  bad_name: 'a name is 1..63 bytes of UTF-8, NFC, trimmed, without control characters',
  wrong_epoch: "ep must be the meeting's current epoch (or the previous one, for 10 s)",
  not_a_participant: 'from must be a participant of this epoch',
  out_of_range: 'a value is outside its allowed range',
  bad_encoding: 'binary fields are base64url without padding, of the exact length',
  ekey_invalid: "the ekey signature must hold over this participant's view of the epoch",
  skd_invalid: 'a sender-key box must open and carry exactly the expected fields',
  sig_invalid: "a message, request or text must carry its sender's valid signature",
  replay: 'a message counter is used once',
  jump_too_far: 'a message counter may skip at most 1000 messages',
  aead_failed: 'the ciphertext must decrypt under its key and associated data',
  bad_padding: 'the plaintext must carry valid padding',
  bad_plaintext: 'the plaintext must be the canonical JSON of its kind',
} as const

/** A PSG1 error code, e.g. "version_gap". */
export type Psg1Code = keyof typeof rules

/** The rule sentence of a code, for logs and developer messages (never shown with user data). */
export function psg1Rule(code: Psg1Code): string {
  return rules[code]
}

/** The one error every PSG1 function throws: `code` is the spec's code name. */
export class Psg1Error extends Error {
  readonly code: Psg1Code

  constructor(code: Psg1Code) {
    super(`${code}: ${rules[code]}`)
    this.name = 'Psg1Error'
    this.code = code
  }
}

/** True if err is a Psg1Error, optionally with the given code. */
export function isPsg1Error(err: unknown, code?: Psg1Code): err is Psg1Error {
  return err instanceof Psg1Error && (code === undefined || err.code === code)
}
