// PSG1 for the browser client (protocol/PSG1.md): the one entry point the UI imports. Every
// function throws Psg1Error with the spec's code; await psg1Ready() before calling any of them.

export { Psg1Error, isPsg1Error, psg1Rule, type Psg1Code } from './psg1_error.ts'
export {
  base64urlDecodeExact,
  base64urlDecodeRange,
  base64urlEncode,
  base64urlLength,
} from './base64url.ts'
export {
  ByteReader,
  compareBytes,
  concat,
  equalBytes,
  expectLength,
  fromHex,
  lp,
  toHex,
  u16be,
  u32be,
  u64be,
  u8,
  utf8Bytes,
} from './bytes.ts'
export { checkName, name64, name64Bytes, normalizeName, openName64 } from './name64.ts'
export {
  aeadDecrypt,
  aeadEncrypt,
  box,
  boxKeyPair,
  boxKeyPairFromSeed,
  boxOpen,
  hash,
  idBytes,
  keyBytes,
  nonceBytes,
  pad,
  psg1Ready,
  randomBytes,
  randomId,
  seal,
  sealOpen,
  sign,
  signKeyPair,
  signKeyPairFromSeed,
  signatureBytes,
  unpad,
  verify,
  wipe,
  type KeyPair,
} from './psg1_crypto.ts'
export {
  kdfInviteInfoKey,
  kdfInviteJoinKey,
  kdfInviteToken,
  ratchetChainKey,
  ratchetMessageKey,
} from './kdf.ts'
export { authMessage, redeemMessage, signAuth, signRedeem } from './login.ts'
export {
  Roster,
  approvalFromWire,
  approvalMessage,
  approvalToWire,
  approvalsMissing,
  classifyStep,
  entriesEqual,
  framesEqual,
  isAdmitted,
  mayApprove,
  quorum,
  rosterVersionFromWire,
  rosterVersionToWire,
  signApproval,
  verifyChain,
  verifyChainFromPin,
  verifyStep,
  type ApprovalWire,
  type RosterApproval,
  type RosterChange,
  type RosterEntry,
  type RosterFrame,
  type RosterVersion,
  type RosterVersionWire,
} from './roster.ts'
export {
  checkGroundRules,
  groundRulesDocFromWire,
  groundRulesDocToWire,
  openGroundRules,
  pledgeHashOf,
  sealGroundRules,
  type DocRecipient,
  type GroundRulesDoc,
  type GroundRulesDocWire,
} from './ground_rules.ts'
export {
  buildInviteLink,
  parseInviteFragment,
  parseInviteLink,
  type InviteFragment,
  type InviteLink,
} from './invite_link.ts'
export {
  inviteInfoFromWire,
  inviteInfoToWire,
  openInviteInfo,
  sealInviteInfo,
  type InviteInfo,
  type SealedInviteInfo,
} from './invite_info.ts'
export { joinKeyMessage, openJoinKey, sealJoinKey, sealedJoinKeyBytes } from './join_key.ts'
export {
  buildJoinRequest,
  checkPledge,
  joinRequestAd,
  joinRequestPlaintext,
  joinRequestToWire,
  joinSigMessage,
  openJoinRequest,
  pledgeMessage,
  possessionMessage,
  requestFrameFromWire,
  type JoinRequest,
  type JoinRequestClear,
  type JoinerIdentity,
  type OpenedJoinRequest,
  type RequestFrame,
} from './join_request.ts'
export { declineMessage, signDecline, verifyDeclines, type DeclinedJoiner } from './decline.ts'
export { checkEpoch, epochFrameFromWire, partsHash, type EpochFrame } from './epoch.ts'
export { ekeyFromWire, ekeyMessage, ekeyToWire, signEkey, verifyEkey, type Ekey } from './ekey.ts'
export {
  openSkdBox,
  sealSkdBox,
  skdBoxFromWire,
  skdBoxToWire,
  skdPayload,
  type SenderKey,
  type SkdAddress,
  type SkdBox,
} from './skd.ts'
export {
  maxPlaintextBytes,
  messageAd,
  messageCtrLimit,
  messageFromWire,
  messageKind,
  messageSignedBytes,
  messageToWire,
  type Psg1Message,
} from './psg1_message.ts'
export {
  isCanonicalPlaintext,
  parsePlaintext,
  reactionPlaintext,
  reactions,
  textPlaintext,
  typingPlaintext,
  type Plaintext,
  type Reaction,
} from './plaintext.ts'
export { MessageSender } from './message_sender.ts'
export { MessageReceiver, maxJump, maxSkipped } from './message_receiver.ts'
export {
  MeetingReceiver,
  epochGraceMs,
  heldMessageMs,
  maxHeldMessages,
  type Delivery,
  type HeldOutcome,
} from './meeting_receiver.ts'
export {
  createEpochKeys,
  createIdentity,
  wipeEpochKeys,
  type EpochKeys,
  type Identity,
} from './identity.ts'
export {
  formatSafetyNumber,
  safetyDigits,
  safetyFingerprint,
  safetyNumber,
} from './safety_number.ts'
