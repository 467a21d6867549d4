// The words of the interface in the three languages Sirkel speaks. Every string a person reads
// comes from here; code never shows a literal sentence. The Strings type makes every key
// required in every language, and the unit test checks that none is empty.

import type { FloorSayCause, RoundKind, TextBlock, TurnState } from './app/floor.ts'
import type { AlertCode } from './app/state.ts'

export type Lang = 'nb' | 'da' | 'en'

export const langs: readonly Lang[] = ['nb', 'da', 'en']

/** Each language named in itself, for the language switch. */
export const langNames: Record<Lang, string> = { nb: 'Norsk (bokmål)', da: 'Dansk', en: 'English' }

/** Server error codes (PROTOCOL.md §6, §8, PSG1.md §8.5) a person may meet, said plainly. */
export const translatedErrors = [
  'invite_invalid',
  'group_started',
  'group_full',
  'size_cap_reached',
  'member_exists',
  'pledge_invalid',
  'too_many_requests',
  'too_many_invites',
  'proposal_open',
  'already_approved',
  'not_a_member',
  'no_roster',
  'roster_invalid',
  'roster_stale',
  'doc_invalid',
  'challenge_expired',
  'auth_failed',
  'internal_error',
  'no_meeting',
  'not_in_meeting',
  'already_in_meeting',
  'meeting_ended',
  'not_present',
  'removed_from_meeting',
  'not_your_turn',
  'turn_over',
  'floor_not_granted',
  'floor_break',
  'rate_limited',
  'too_many_frames',
  'too_many_attempts',
  'not_chair',
  'not_eligible_to_lead',
  'chair_present',
  'cannot_remove_self',
  'no_round',
  'speaker_changed',
  'not_open_floor',
  'hands_off',
  'hand_already_raised',
  'hand_not_raised',
  'holds_floor',
  'not_floor_holder',
] as const
export type TranslatedError = (typeof translatedErrors)[number]

/** The group panel: its members, how it is run, and its decisions (PSG1.md §3.4). */
export interface GroupStrings {
  title: string
  rulesTitle: string
  sizeCap: string
  admissionAll: string
  admissionMajority: string
  openingFacilitators: string
  openingAny: string
  termNone: string
  termMeetings: string
  turnNone: string
  turnTime: string
  selfRun: string
  seconds: string
  minutes: string
  termOverTag: string
  termOverNotice: string
  leave: string
  leaveConfirm: string
  leaveYes: string
  cancel: string
  remove: string
  removeConfirm: string
  removeYes: string
  handOver: string
  handOverConfirm: string
  stepDown: string
  stepDownConfirm: string
  selfRunPropose: string
  selfRunConfirm: string
  confirmYes: string
  waitOpen: string
  changeTitle: string
  fieldSizeCap: string
  fieldAdmission: string
  fieldOpening: string
  fieldTerm: string
  fieldTurn: string
  valueAll: string
  valueMajority: string
  valueFacilitators: string
  valueAnyMember: string
  valueNoTerm: string
  valueMeetings: string
  valueNoTurn: string
  changeSubmit: string
  problemSizeCap: string
  problemBelowMembers: string
  problemTurn: string
  problemTerm: string
  problemUnchanged: string
  decisionFirst: string
  decisionAdd: string
  decisionLeave: string
  decisionRemove: string
  decisionHandOver: string
  decisionStepDown: string
  decisionSelfRun: string
  decisionBecomes: string
  decisionNoLonger: string
  decisionText: string
  decisionField: string
  proposalObject: string
  proposalWithdraw: string
  proposalYouObjected: string
  proposalAboutYou: string
  closedCommitted: string
  closedRejected: string
  closedWithdrawn: string
  closedExpired: string
  closedStale: string
  leftTitle: string
  leftText: string
}

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
  signedIn: string
  serverError: string
  disconnected: string
  reconnect: string
  /** The status line while the client tries again by itself after a drop. */
  connectionRetrying: string
  /** The status line once it stopped trying by itself. */
  connectionGaveUp: string
  reconnectNow: string
  languageLabel: string
  you: string
  /** A member whose name is not known here; {digits} is the start of its safety digits. */
  memberUnnamed: string
  memberOutside: string
  facilitator: string
  groundRulesTitle: string
  pseudonymHint: string

  damagedTitle: string
  inviteClosedTitle: string
  inviteClosedText: string
  unknownTitle: string

  startGroupTitle: string
  startGroupText: string
  startGroupButton: string

  setupTitle: string
  setupIntro: string
  setupGroupName: string
  setupGroupNameHint: string
  setupMyName: string
  setupSizeCap: string
  setupSizeCapHint: string
  setupAdmission: string
  admissionAll: string
  admissionMajority: string
  setupOpening: string
  openingFacilitators: string
  openingAnyone: string
  setupFacTerm: string
  setupFacTermHint: string
  setupTurn: string
  setupTurnHint: string
  setupTemplateLang: string
  setupTemplateHint: string
  setupText: string
  setupSubmit: string
  problemGroupName: string
  problemName: string
  problemSizeCap: string
  problemTurn: string
  problemTerm: string
  problemText: string

  knockTitle: string
  knockGroup: string
  knockCreator: string
  safetyTitle: string
  knockSafetyHint: string
  knockVerifying: string
  knockVerified: string
  joinTitle: string
  joinName: string
  joinAdult: string
  joinPledge: string
  joinSubmit: string
  joinCancel: string
  problemAdult: string
  problemPledge: string

  pendingTitle: string
  pendingText: string
  pendingSafetyHint: string
  withdrawButton: string
  declinedTitle: string
  declinedText: string
  declinedNotYou: string
  declinedOther: string
  lapsedTitle: string
  lapsedText: string
  removedTitle: string
  removedText: string

  crisisTitle: string
  crisisText: string
  /** The link at the top of every page that takes the person to the crisis lines. */
  crisisLink: string

  // The group's ground rules and crisis lines, changed only by a decision of the group (§3.7)
  setupCrisis: string
  setupCrisisHint: string
  problemCrisis: string
  textChangeOpen: string
  textChangeTitle: string
  textChangeIntro: string
  textChangeRules: string
  textChangeCrisis: string
  textChangeSubmit: string
  textChangeCancel: string
  textChangeBusy: string
  textProblemRules: string
  textProblemLong: string
  textProblemSame: string
  textProblemFailed: string
  textChangeSent: string
  textOutdated: string
  proposalTextRemoved: string
  proposalTextAdded: string
  proposalTextWhole: string
  proposalTextApproveMeans: string
  proposalObject: string
  blockerTextInvalid: string

  lobbyTitle: string
  lobbyGroup: string
  joinMeeting: string
  membersTitle: string
  requestsTitle: string
  requestsEmpty: string
  requestsWaiting: string
  requestAsked: string
  requestUnreadable: string
  requestSafetyHint: string
  requestCompared: string
  requestComparedYes: string
  requestComparedNo: string
  requestApprove: string
  requestDecline: string
  requestYouDeclined: string
  requestWaitProposal: string
  proposalTitle: string
  proposalNone: string
  proposalOnRequest: string
  proposalAdd: string
  proposalRemove: string
  proposalChange: string
  proposalBy: string
  proposalExpires: string
  proposalApprovedBy: string
  proposalStillNeeded: string
  proposalObjections: string
  proposalApprove: string
  blockerApproved: string
  blockerNotMember: string
  blockerUnreadable: string
  blockerApprovedOther: string
  invitesTitle: string
  invitesHint: string
  inviteCreate: string
  inviteShownOnce: string
  inviteLinkLabel: string
  inviteCopy: string
  inviteCopied: string
  inviteCopyManual: string
  inviteDone: string
  inviteBy: string
  inviteExpires: string
  inviteUsesLeft: string
  inviteRevoke: string

  meetingTitle: string
  meetingKeys: string
  meetingReady: string
  meetingWaiting: string
  meetingSent: string
  messageWaiting: string
  presentTitle: string
  messagesLabel: string
  messageLabel: string
  send: string
  sendNotReady: string
  reactionsLabel: string
  reactionRecognise: string
  reactionThanks: string
  reactionHeart: string
  reactionHeartName: string
  reacted: string
  messageUnverified: string
  leaveMeeting: string

  meetingOpenNow: string
  meetingNotOpen: string
  meetingNotOpened: string
  openMeeting: string
  awayToggle: string
  awayTitle: string
  awayNextTitle: string
  awayNone: string
  lobbyNoticeEnded: string
  lobbyNoticeRemoved: string
  lobbyNoticeReconnected: string
  meetingRejoined: string
  meetingListening: string

  floorTitle: string
  floorAnnouncementsLabel: string
  floorYou: string
  floorChair: string
  floorSpeaker: string
  floorHolder: string
  floorNobody: string
  floorTimeLeft: string
  floorOrderTitle: string
  floorQueueTitle: string
  floorQueueEmpty: string
  floorRoundKinds: Record<RoundKind, string>
  floorModeOpen: string
  floorModeOpenHands: string
  floorModeBreak: string
  floorModeEnded: string
  group: GroupStrings
  floorTurnStates: Record<TurnState, string>
  floorBlocked: Record<TextBlock, string>
  floorDone: string
  floorPass: string
  floorRaise: string
  floorLower: string
  floorYield: string
  floorTakeChair: string
  floorSayYourTurn: string
  floorSayTurnOf: string
  floorSayOpen: string
  floorSayHandsWait: string
  floorSayYouHaveFloor: string
  floorSayHasFloor: string
  floorSayBreak: string
  floorSayEnded: string
  floorSayRoundStarted: string
  floorSayRoundOver: string
  floorSayWarning: string
  floorSayWarningYou: string
  floorSeconds: string
  floorSayYouChair: string
  floorSay: Record<FloorSayCause, string>
  writingOne: string
  writingMany: string
  reactionsRecentLabel: string

  chairTitle: string
  chairRoundKind: string
  chairTurnTime: string
  chairTurnDefault: string
  chairTurnNone: string
  chairTurnMinutes: string
  chairAfter: string
  chairAfterOpen: string
  chairAfterBreak: string
  chairStartRound: string
  chairNext: string
  chairOpen: string
  chairHandsOn: string
  chairHandsOff: string
  chairGrant: string
  chairBreak: string
  chairEnd: string
  chairEndConfirm: string
  chairEndYes: string
  chairCancel: string
  chairRemove: string
  chairRemoveConfirm: string
  chairRemoveYes: string
  chairHandOver: string
  errorSpeaker: string

  alertDismiss: string
  alerts: Record<AlertCode, string>
  errorCodes: Record<TranslatedError, string>
}

const en: Strings = {
  description: 'Closed, end-to-end encrypted meetings for self-help groups.',
  cryptoLoading: 'Loading encryption…',
  cryptoReady: 'Encryption is ready.',
  cryptoFailed: 'Encryption could not start in this browser.',
  inviteRead: 'Invitation read.',
  inviteDamaged: 'This invitation link is damaged. Ask for a new one.',
  noGroup: 'Open the invitation link you were given to join your group.',
  connecting: 'Connecting…',
  connected: 'Connected.',
  signedIn: 'Connected to your group.',
  serverError: 'Something went wrong, and nothing was changed. Try again.',
  disconnected: 'Disconnected.',
  reconnect: 'Connect again',
  connectionRetrying: 'Connection lost — trying again…',
  connectionGaveUp: 'Connection lost. The app has stopped trying by itself; connect again when you are back online.',
  reconnectNow: 'Try now',
  languageLabel: 'Language',
  you: 'You',
  memberUnnamed: 'Member (safety number {digits}…)',
  memberOutside: 'someone not yet in the group',
  facilitator: 'facilitator',
  groundRulesTitle: 'Ground rules and confidentiality pledge',
  pseudonymHint: 'A first name or a made-up name. The others in the group will see it; the server never does.',

  damagedTitle: 'The invitation cannot be read',
  inviteClosedTitle: 'This invitation no longer works',
  inviteClosedText: 'The link has been used, withdrawn, or has run out. Ask the person who gave it to you for a new one.',
  unknownTitle: 'No invitation',

  startGroupTitle: 'Start a new group',
  startGroupText:
    'You have been given the invitation to start this group. You will be its first member and its facilitator. Next you choose the group’s name and write its ground rules.',
  startGroupButton: 'Start the group',

  setupTitle: 'Set up the group',
  setupIntro: 'Everyone who is invited will read this before they ask to join. You can change it later together with the group.',
  setupGroupName: 'Name of the group',
  setupGroupNameHint: 'Shown only to members and to people you invite.',
  setupMyName: 'Your name in the group',
  setupSizeCap: 'Most members',
  setupSizeCapHint: 'Between 2 and 12. Many groups have 4 to 8.',
  setupAdmission: 'Who must agree before someone new comes in',
  admissionAll: 'Everyone in the group',
  admissionMajority: 'More than half of the group',
  setupOpening: 'Who may open meetings',
  openingFacilitators: 'Facilitators',
  openingAnyone: 'Any member',
  setupFacTerm: 'Facilitator role ends after this many meetings',
  setupFacTermHint: '0 means it does not end by itself. A starter often helps for the first 2 to 5 meetings.',
  setupTurn: 'Seconds per turn in a round',
  setupTurnHint: '0 for no time limit, otherwise between 30 and 3600.',
  setupTemplateLang: 'Language of the suggested text',
  setupTemplateHint: 'Choosing a language replaces the text below with the suggestion in that language.',
  setupText: 'Ground rules and confidentiality pledge',
  setupSubmit: 'Create the group',
  problemGroupName: 'Give the group a name (at most 64 bytes).',
  problemName: 'Write a name of 1 to 63 characters, without special control characters.',
  problemSizeCap: 'The number of members must be between 2 and 12.',
  problemTurn: 'The time per turn must be 0, or between 30 and 3600 seconds.',
  problemTerm: 'The number of meetings must be between 0 and 65535.',
  problemText: 'The ground rules must not be empty, and at most 8192 bytes.',

  knockTitle: 'You are invited to a group',
  knockGroup: 'Group:',
  knockCreator: 'Invited by:',
  safetyTitle: 'Safety numbers',
  knockSafetyHint:
    'If you can, compare these numbers with the person who invited you, in person or by phone. If they match, you know the link leads to the right group.',
  knockVerifying: 'Checking the group’s membership…',
  knockVerified: 'The group’s membership is checked.',
  joinTitle: 'Ask to join',
  joinName: 'Your name in the group',
  joinAdult: 'I am 18 or older.',
  joinPledge: 'I have read the ground rules and I promise to keep what is said in the group confidential.',
  joinSubmit: 'Ask to join',
  joinCancel: 'Not now',
  problemAdult: 'The groups are for adults. Confirm that you are 18 or older.',
  problemPledge: 'Accept the ground rules and the confidentiality pledge to ask to join.',

  pendingTitle: 'Your request has been sent',
  pendingText:
    'The group decides together who comes in. This can take some days, often until the next meeting. You can close this page and open the same address later on this device.',
  pendingSafetyHint: 'A member may ask to compare safety numbers with you first.',
  withdrawButton: 'Withdraw my request',
  declinedTitle: 'The group cannot take you in now',
  declinedText: 'The group cannot take in a new member at this time.',
  declinedNotYou: 'This is not a judgement of you. Groups say no for many reasons, such as size or where they are in their work together.',
  declinedOther: 'There are other groups, and people you can talk to right now.',
  lapsedTitle: 'Your request is no longer open',
  lapsedText: 'The request ran out, was withdrawn, or the server was restarted. You are welcome to ask again with a new invitation link.',
  removedTitle: 'You are no longer a member',
  removedText: 'You are no longer a member of this group, so this device has forgotten its keys for it.',

  crisisTitle: 'If you need someone to talk to now',
  crisisLink: 'Crisis lines',
  crisisText: 'If you are in crisis, call a helpline. It is free and you can stay anonymous.',

  // The group's ground rules and crisis lines, changed only by a decision of the group (§3.7)
  setupCrisis: 'Crisis lines shown to the group',
  setupCrisisHint: 'One a line, as: name of the helpline: number or address. They are part of the ground rules; later only the group together can change them.',
  problemCrisis: 'Write each crisis line as: name: number or address.',
  textChangeOpen: 'Propose new ground rules',
  textChangeTitle: 'New ground rules and crisis lines',
  textChangeIntro: 'Change the text below and propose it. The new text applies once the group has agreed to it, as with any decision.',
  textChangeRules: 'Ground rules and confidentiality pledge',
  textChangeCrisis: 'Crisis lines, one a line, as: name: number',
  textChangeSubmit: 'Propose to the group',
  textChangeCancel: 'Cancel',
  textChangeBusy: 'Another decision is open. Propose this when it has finished.',
  textProblemRules: 'The ground rules cannot be empty.',
  textProblemLong: 'The text is too long.',
  textProblemSame: 'Nothing has been changed.',
  textProblemFailed: 'It could not be proposed now. Try again later.',
  textChangeSent: 'Proposed. The others see it under “Open decision”.',
  textOutdated: 'The group has agreed to new ground rules that have not reached this device. Until they do, it cannot make invitation links or propose new rules. Ask another member.',
  proposalTextRemoved: 'Taken out:',
  proposalTextAdded: 'Put in:',
  proposalTextWhole: 'Read the whole new text',
  proposalTextApproveMeans: 'Saying yes means you agree to the new text.',
  proposalObject: 'I object',
  blockerTextInvalid: 'The new text that came with this proposal could not be checked. Do not agree to it; tell the others.',

  lobbyTitle: 'Your group',
  lobbyGroup: 'Group:',
  joinMeeting: 'Join the meeting',
  membersTitle: 'Members',
  requestsTitle: 'Asking to join',
  requestsEmpty: 'Nobody is asking to join.',
  requestsWaiting: 'Requests waiting for an answer:',
  requestAsked: 'Asked',
  requestUnreadable: 'This request could not be read and checked. You can only decline it.',
  requestSafetyHint: 'Before you approve, compare this number with the person who asks, outside Sirkel.',
  requestCompared: 'We have compared the numbers, and they match',
  requestComparedYes: 'Compared.',
  requestComparedNo: 'Not compared yet.',
  requestApprove: 'Approve',
  requestDecline: 'Decline',
  requestYouDeclined: 'You have declined this request.',
  requestWaitProposal: 'Another decision is open. It must finish first.',
  proposalTitle: 'Open decision',
  proposalNone: 'No decision is open.',
  proposalOnRequest: 'You answer this at the request above, under “Asking to join”.',
  proposalAdd: 'Let in:',
  proposalRemove: 'Remove:',
  proposalChange: 'Change the group’s frame or roles',
  proposalBy: 'Proposed by',
  proposalExpires: 'open until',
  proposalApprovedBy: 'Approved by',
  proposalStillNeeded: 'approvals still needed:',
  proposalObjections: 'Objected:',
  proposalApprove: 'Approve',
  blockerApproved: 'You have approved this.',
  blockerNotMember: 'Only members of the group can approve.',
  blockerUnreadable: 'The request behind this could not be read and checked here, so you cannot approve it.',
  blockerApprovedOther: 'You have already approved another change at this step.',
  invitesTitle: 'Invitations',
  invitesHint: 'A link lets one person read the ground rules and ask to join. The group still decides.',
  inviteCreate: 'Make an invitation link',
  inviteShownOnce: 'Copy the link now and give it to the person in a safe way. It is shown only once.',
  inviteLinkLabel: 'Invitation link',
  inviteCopy: 'Copy',
  inviteCopied: 'Copied.',
  inviteCopyManual: 'Could not copy. Select the link and copy it yourself.',
  inviteDone: 'Done, hide the link',
  inviteBy: 'Made by',
  inviteExpires: 'valid until',
  inviteUsesLeft: 'uses left:',
  inviteRevoke: 'Withdraw',

  meetingTitle: 'Meeting',
  meetingKeys: 'Setting up encryption for everyone present… You can start typing; Send works as soon as it is ready.',
  meetingReady: 'You can write. Only the people present can read it, and nothing is saved.',
  meetingWaiting: 'Your message is waiting while encryption is set up. It will go out on its own in a moment.',
  meetingSent: 'Your message has been sent. Only the people present can read it, and nothing is saved.',
  messageWaiting: 'waiting to be sent…',
  presentTitle: 'Present',
  messagesLabel: 'Messages',
  messageLabel: 'Your message',
  send: 'Send',
  sendNotReady: 'Send works as soon as encryption is ready. What you type stays here.',
  reactionsLabel: 'Quiet reactions',
  reactionRecognise: 'I recognise this',
  reactionThanks: 'Thank you',
  reactionHeart: '❤',
  reactionHeartName: 'Heart',
  reacted: 'reacted:',
  messageUnverified: 'a message could not be verified.',
  leaveMeeting: 'Leave the meeting',

  meetingOpenNow: 'A meeting is open now.',
  meetingNotOpen: 'No meeting is open right now.',
  meetingNotOpened: 'The meeting has not been opened yet. You can join as soon as it is.',
  openMeeting: 'Open the meeting',
  awayToggle: 'I can’t come to the next meeting',
  awayTitle: 'Can’t come:',
  awayNextTitle: 'Can’t come to the meeting after this one:',
  awayNone: 'Nobody has said they can’t come.',
  lobbyNoticeEnded: 'The meeting has ended. What was said is gone from this device.',
  lobbyNoticeRemoved: 'The chair took you out of this meeting. You are still a member of the group.',
  lobbyNoticeReconnected: 'You are connected again. Anything said while you were away is not shown here: the server keeps no messages.',
  meetingRejoined: 'You are back in the meeting after a lost connection. Messages sent while you were away are not shown: the server keeps none.',
  meetingListening: 'Encryption is ready. Only the people present can read what is said, and nothing is saved.',

  floorTitle: 'Who speaks',
  floorAnnouncementsLabel: 'Changes of who speaks',
  floorYou: 'You',
  floorChair: 'Chair:',
  floorSpeaker: 'Speaking:',
  floorHolder: 'Has the floor:',
  floorNobody: 'nobody yet',
  floorTimeLeft: '{name} left',
  floorOrderTitle: 'Order of the round',
  floorQueueTitle: 'Raised hands',
  floorQueueEmpty: 'No hands raised.',
  floorRoundKinds: { opening: 'Opening round', closing: 'Closing round', other: 'Round' },
  floorModeOpen: 'Open floor',
  floorModeOpenHands: 'Open floor with raised hands',
  floorModeBreak: 'Break',
  floorModeEnded: 'The meeting has ended',
  group: {
    title: 'The group',
    rulesTitle: 'How the group is run',
    sizeCap: 'Room for at most {n} members.',
    admissionAll: 'A decision needs every member’s approval.',
    admissionMajority: 'A decision needs the approval of more than half of the members.',
    openingFacilitators: 'Facilitators open the meetings.',
    openingAny: 'Any member may open a meeting.',
    termNone: 'A facilitator serves with no set term.',
    termMeetings: 'A facilitator serves for {n} meetings.',
    turnNone: 'No set time per turn.',
    turnTime: 'Time per turn: {n}.',
    selfRun: 'The group runs itself: it has no facilitator.',
    seconds: '{n} seconds',
    minutes: '{n} minutes',
    termOverTag: 'term over',
    termOverNotice: 'Your term as facilitator is over. Please step down, so that the group’s list shows it.',
    leave: 'Leave the group',
    leaveConfirm: 'Do you want to leave the group? You leave at once, and this device forgets the group, its keys and the names. To come back you would need a new invitation.',
    leaveYes: 'Yes, leave the group',
    cancel: 'No, go back',
    remove: 'Propose removing',
    removeConfirm: 'Propose that {name} is removed from the group? The other members decide together.',
    removeYes: 'Yes, propose it',
    handOver: 'Hand my facilitator role over',
    handOverConfirm: 'Propose that {name} takes over your role as facilitator? The group decides.',
    stepDown: 'Step down as facilitator',
    stepDownConfirm: 'Step down as facilitator now? This needs nobody else’s approval.',
    selfRunPropose: 'Propose that the group runs itself',
    selfRunConfirm: 'Propose that the group has no facilitator and any member may open a meeting? The group decides.',
    confirmYes: 'Yes, propose it',
    waitOpen: 'A decision is open. New proposals wait until it is settled.',
    changeTitle: 'Propose other rules for the group',
    fieldSizeCap: 'Most members',
    fieldAdmission: 'A decision needs',
    fieldOpening: 'Who opens meetings',
    fieldTerm: 'Facilitator’s term (in meetings; 0: no set term)',
    fieldTurn: 'Time per turn (in seconds; 0: none, else 30 to 3600)',
    valueAll: 'every member',
    valueMajority: 'more than half',
    valueFacilitators: 'the facilitators',
    valueAnyMember: 'any member',
    valueNoTerm: 'no set term',
    valueMeetings: '{n} meetings',
    valueNoTurn: 'none',
    changeSubmit: 'Propose these rules',
    problemSizeCap: 'Most members must be a whole number from 2 to 12.',
    problemBelowMembers: 'Most members cannot be fewer than the group has now ({n}).',
    problemTurn: 'Time per turn is 0, or from 30 to 3600 seconds.',
    problemTerm: 'The term is a whole number of meetings from 0 to 65535.',
    problemUnchanged: 'Nothing is changed yet.',
    decisionFirst: 'The group starts',
    decisionAdd: 'Let {name} in',
    decisionLeave: '{name} leaves the group',
    decisionRemove: 'Remove {name} from the group',
    decisionHandOver: 'The facilitator role passes from {from} to {to}',
    decisionStepDown: '{name} steps down as facilitator',
    decisionSelfRun: 'The group runs itself, with no facilitator',
    decisionBecomes: '{name} becomes a facilitator',
    decisionNoLonger: '{name} is no longer a facilitator',
    decisionText: 'New ground rules and crisis lines',
    decisionField: '{field}: {from} → {to}',
    proposalObject: 'Object',
    proposalWithdraw: 'Withdraw my proposal',
    proposalYouObjected: 'You have objected.',
    proposalAboutYou: 'This is about you: your approval would mean that you leave.',
    closedCommitted: 'Decided: {what}.',
    closedRejected: 'Not carried, because of objections: {what}.',
    closedWithdrawn: 'Withdrawn by the one who proposed it: {what}.',
    closedExpired: 'Lapsed, as it was not decided in time: {what}.',
    closedStale: 'Overtaken by another change to the group; propose it again if it is still wanted: {what}.',
    leftTitle: 'You have left the group',
    leftText: 'You have left the group. This device has forgotten its keys, the names and everything else it held for the group. Thank you for the time you shared with the others.',
  },
  floorTurnStates: {
    waiting: 'waiting',
    speaking: 'speaking',
    done: 'finished',
    passed: 'passed',
    timed_out: 'time ran out',
    skipped: 'skipped',
    moved_on: 'the chair moved on',
    removed: 'taken out',
  },
  floorBlocked: {
    not_your_turn: 'You can write when it is your turn. Quiet reactions go through meanwhile.',
    turn_over: 'The time for your turn is up.',
    floor_not_granted: 'Raise your hand: you can write when the chair gives you the floor.',
    floor_break: 'Break: nobody writes now. Quiet reactions still go through.',
    meeting_ended: 'The meeting has ended.',
  },
  floorDone: 'I’m done',
  floorPass: 'Pass',
  floorRaise: 'Raise my hand',
  floorLower: 'Lower my hand',
  floorYield: 'Give the floor back',
  floorTakeChair: 'Take the chair',
  floorSayYourTurn: 'It’s your turn.',
  floorSayTurnOf: 'Now speaking: {name}.',
  floorSayOpen: 'The floor is open: anyone may write.',
  floorSayHandsWait: 'Raise your hand to speak; the chair gives the floor.',
  floorSayYouHaveFloor: 'You have the floor.',
  floorSayHasFloor: 'The floor goes to {name}.',
  floorSayBreak: 'Break: nobody writes now. Quiet reactions still go through.',
  floorSayEnded: 'The meeting has ended.',
  floorSayRoundStarted: '{name} begins.',
  floorSayRoundOver: 'The round is over.',
  floorSayWarning: '{name} left of this turn.',
  floorSayWarningYou: '{name} left of your turn.',
  floorSeconds: '{name} seconds',
  floorSayYouChair: 'You chair the meeting now.',
  floorSay: {
    turn_done: '{name} finished.',
    turn_passed: '{name} passed.',
    turn_timed_out: '{name}: the time ran out.',
    turn_moved_on: '{name}: the chair moved on.',
    speaker_left: '{name} left; the turn was skipped.',
    late_arrival: '{name} joined the round.',
    participant_left: '{name} left the meeting.',
    hand_raised: '{name} raised a hand.',
    hand_lowered: '{name} lowered a hand.',
    floor_yielded: '{name} gave the floor back.',
    member_removed: '{name}: taken out of the meeting by the chair.',
    chair_handed_over: 'The chair goes to {name}.',
    chair_taken: 'The chair goes to {name}.',
  },
  writingOne: '{name} is writing…',
  writingMany: '{name} are writing…',
  reactionsRecentLabel: 'Reactions just now',

  chairTitle: 'Chairing the meeting',
  chairRoundKind: 'Kind of round',
  chairTurnTime: 'Time per turn',
  chairTurnDefault: 'The group’s setting',
  chairTurnNone: 'No limit',
  chairTurnMinutes: '{name} min',
  chairAfter: 'After the round',
  chairAfterOpen: 'Open floor',
  chairAfterBreak: 'Break',
  chairStartRound: 'Start the round',
  chairNext: 'Next speaker',
  chairOpen: 'Open the floor',
  chairHandsOn: 'Turn hand-raising on',
  chairHandsOff: 'Turn hand-raising off',
  chairGrant: 'Give the floor',
  chairBreak: 'Start a break',
  chairEnd: 'End the meeting',
  chairEndConfirm: 'End the meeting for everyone? What was said disappears from every screen.',
  chairEndYes: 'Yes, end the meeting',
  chairCancel: 'No, go back',
  chairRemove: 'Take out of the meeting',
  chairRemoveConfirm: 'Take {name} out of this meeting? They stay a member of the group.',
  chairRemoveYes: 'Yes, take them out',
  chairHandOver: 'Hand the chair over',
  errorSpeaker: 'The floor is with {name}.',

  alertDismiss: 'I understand',
  alerts: {
    rollback:
      'The server showed this group’s membership inconsistently (an older version). Sirkel will not share keys until you press “I understand”. Tell the others in your group.',
    fork: 'The server showed this group’s membership inconsistently (two different versions). Sirkel will not share keys until you press “I understand”. Tell the others in your group.',
    pin_mismatch: 'This invitation does not match the group the server showed. Do not go on; ask the person who gave you the link.',
    roster_invalid: 'The server sent a change of membership without valid signatures. It was not accepted.',
    text_mismatch: 'The ground rules you were shown do not match the group’s. Do not go on; ask for a new link.',
    text_change_invalid: 'The proposed new ground rules did not match the proposal. You cannot agree to them here. Tell the others in your group.',
    epoch_invalid: 'The server showed who is present in a way that does not add up. No keys were shared for it.',
    ekey_invalid: 'Presence was shown inconsistently, or a key was forged. No keys were shared this time.',
    skd_invalid: 'Messages from someone in the meeting cannot be read for now.',
    message_unverified: 'A message could not be verified.',
    decline_unverified: 'The answer to your request could not be confirmed. Your request has ended on this device.',
    request_unreadable: 'A request to join could not be read and checked. Only declining is offered.',
  },
  errorCodes: {
    invite_invalid: 'This invitation no longer works. Ask for a new one.',
    group_started: 'This group has already started. Ask one of its members for an invitation.',
    group_full: 'The group is full.',
    size_cap_reached: 'The group is full.',
    member_exists: 'This device is already known to the group.',
    pledge_invalid: 'The ground rules have changed. Open the invitation again.',
    too_many_requests: 'The group has many open requests right now. Try again later.',
    too_many_invites: 'The group has many open invitations. Withdraw one first.',
    proposal_open: 'Another decision is open. It must finish first.',
    already_approved: 'You have already answered this.',
    not_a_member: 'Only members of the group can do this.',
    no_roster: 'The group has not been set up yet.',
    roster_invalid: 'The server did not accept the group’s settings. Check the number of members with your organisation.',
    roster_stale: 'The group changed meanwhile. Try again.',
    doc_invalid: 'The new ground rules could not be sent to every member. Try again.',
    challenge_expired: 'That took too long. Try again.',
    auth_failed: 'This device could not sign in to the group. If you think you were removed, ask one of the members.',
    internal_error: 'The server had a problem. Nothing was changed. Try again.',
    no_meeting: 'No meeting is open yet.',
    not_in_meeting: 'You are not in the meeting.',
    already_in_meeting: 'You are already in the meeting.',
    meeting_ended: 'The meeting has ended.',
    not_present: 'That person is not in the meeting now.',
    removed_from_meeting: 'You were taken out of this meeting and cannot come back into it.',
    not_your_turn: 'It is not your turn.',
    turn_over: 'The time for this turn is up.',
    floor_not_granted: 'Only the person who has been given the floor can write now.',
    floor_break: 'Nobody writes during a break.',
    rate_limited: 'That was a lot at once. Wait a moment.',
    too_many_frames: 'Your device sent too much at once. Wait a moment.',
    too_many_attempts: 'Too many tries from your network in a short time. Wait a minute and try again.',
    not_chair: 'Only the person chairing the meeting can do this.',
    not_eligible_to_lead: 'In this group only a facilitator chairs the meeting.',
    chair_present: 'The chair is here; they can hand it over.',
    cannot_remove_self: 'You cannot take yourself out; hand the chair over or leave.',
    no_round: 'No round is going on.',
    speaker_changed: 'Someone else is speaking already; nobody was skipped.',
    not_open_floor: 'The floor can be given only when it is open.',
    hands_off: 'Hand-raising is off.',
    hand_already_raised: 'Your hand is already raised.',
    hand_not_raised: 'That hand is not raised.',
    holds_floor: 'You have the floor; give it back before raising your hand.',
    not_floor_holder: 'You do not have the floor.',
  },
}

const nb: Strings = {
  description: 'Lukkede, ende-til-ende-krypterte møter for selvhjelpsgrupper.',
  cryptoLoading: 'Laster kryptering …',
  cryptoReady: 'Krypteringen er klar.',
  cryptoFailed: 'Krypteringen kunne ikke starte i denne nettleseren.',
  inviteRead: 'Invitasjonen er lest.',
  inviteDamaged: 'Denne invitasjonslenken er ødelagt. Be om en ny.',
  noGroup: 'Åpne invitasjonslenken du har fått for å bli med i gruppen din.',
  connecting: 'Kobler til …',
  connected: 'Tilkoblet.',
  signedIn: 'Koblet til gruppen din.',
  serverError: 'Noe gikk galt, og ingenting ble endret. Prøv igjen.',
  disconnected: 'Frakoblet.',
  reconnect: 'Koble til igjen',
  connectionRetrying: 'Forbindelsen ble brutt — prøver igjen …',
  connectionGaveUp: 'Forbindelsen ble brutt. Appen har sluttet å prøve av seg selv; koble til igjen når du er på nett.',
  reconnectNow: 'Prøv nå',
  languageLabel: 'Språk',
  you: 'Du',
  memberUnnamed: 'Medlem (sikkerhetsnummer {digits}…)',
  memberOutside: 'en som ikke er med i gruppa ennå',
  facilitator: 'igangsetter',
  groundRulesTitle: 'Rammer og taushetserklæring',
  pseudonymHint: 'Et fornavn eller et påfunnet navn. De andre i gruppa ser det, tjeneren ser det aldri.',

  damagedTitle: 'Invitasjonen kan ikke leses',
  inviteClosedTitle: 'Denne invitasjonen virker ikke lenger',
  inviteClosedText: 'Lenken er brukt, trukket tilbake eller utløpt. Be den som ga deg den, om en ny.',
  unknownTitle: 'Ingen invitasjon',

  startGroupTitle: 'Start en ny gruppe',
  startGroupText:
    'Du har fått invitasjonen til å starte denne gruppa. Du blir det første medlemmet og igangsetter. Deretter velger du navn på gruppa og skriver rammene for den.',
  startGroupButton: 'Start gruppa',

  setupTitle: 'Sett opp gruppa',
  setupIntro: 'Alle som blir invitert, leser dette før de ber om å bli med. Dere kan endre det senere, sammen i gruppa.',
  setupGroupName: 'Navn på gruppa',
  setupGroupNameHint: 'Vises bare for medlemmer og for dem dere inviterer.',
  setupMyName: 'Navnet ditt i gruppa',
  setupSizeCap: 'Flest antall medlemmer',
  setupSizeCapHint: 'Mellom 2 og 12. Mange grupper har 4 til 8.',
  setupAdmission: 'Hvem må si ja før noen ny kommer inn',
  admissionAll: 'Alle i gruppa',
  admissionMajority: 'Mer enn halvparten av gruppa',
  setupOpening: 'Hvem kan åpne møter',
  openingFacilitators: 'Igangsettere',
  openingAnyone: 'Alle medlemmer',
  setupFacTerm: 'Igangsetterrollen slutter etter så mange møter',
  setupFacTermHint: '0 betyr at den ikke slutter av seg selv. En igangsetter hjelper ofte de første 2 til 5 møtene.',
  setupTurn: 'Sekunder per tur i en runde',
  setupTurnHint: '0 for ingen tidsgrense, ellers mellom 30 og 3600.',
  setupTemplateLang: 'Språk på forslaget til tekst',
  setupTemplateHint: 'Når du velger språk, blir teksten under byttet ut med forslaget på det språket.',
  setupText: 'Rammer og taushetserklæring',
  setupSubmit: 'Opprett gruppa',
  problemGroupName: 'Gi gruppa et navn (høyst 64 byte).',
  problemName: 'Skriv et navn på 1 til 63 tegn, uten spesielle kontrolltegn.',
  problemSizeCap: 'Antall medlemmer må være mellom 2 og 12.',
  problemTurn: 'Tid per tur må være 0, eller mellom 30 og 3600 sekunder.',
  problemTerm: 'Antall møter må være mellom 0 og 65535.',
  problemText: 'Rammene kan ikke være tomme, og høyst 8192 byte.',

  knockTitle: 'Du er invitert til en gruppe',
  knockGroup: 'Gruppe:',
  knockCreator: 'Invitert av:',
  safetyTitle: 'Sikkerhetsnumre',
  knockSafetyHint:
    'Sammenlign gjerne disse numrene med den som inviterte deg, ansikt til ansikt eller på telefon. Hvis de er like, vet du at lenken fører til riktig gruppe.',
  knockVerifying: 'Sjekker hvem som er med i gruppa …',
  knockVerified: 'Medlemslisten til gruppa er sjekket.',
  joinTitle: 'Be om å bli med',
  joinName: 'Navnet ditt i gruppa',
  joinAdult: 'Jeg er 18 år eller eldre.',
  joinPledge: 'Jeg har lest rammene, og jeg lover å holde det som blir sagt i gruppa, for meg selv.',
  joinSubmit: 'Be om å bli med',
  joinCancel: 'Ikke nå',
  problemAdult: 'Gruppene er for voksne. Bekreft at du er 18 år eller eldre.',
  problemPledge: 'Godta rammene og taushetserklæringen for å be om å bli med.',

  pendingTitle: 'Forespørselen din er sendt',
  pendingText:
    'Gruppa bestemmer sammen hvem som kommer inn. Det kan ta noen dager, ofte til neste møte. Du kan lukke siden og åpne den samme adressen senere på denne enheten.',
  pendingSafetyHint: 'Et medlem kan be om å sammenligne sikkerhetsnumre med deg først.',
  withdrawButton: 'Trekk tilbake forespørselen',
  declinedTitle: 'Gruppa kan ikke ta deg inn nå',
  declinedText: 'Gruppa kan ikke ta inn et nytt medlem nå.',
  declinedNotYou: 'Dette er ingen vurdering av deg. Grupper sier nei av mange grunner, for eksempel størrelse eller hvor de er i arbeidet sitt.',
  declinedOther: 'Det finnes andre grupper, og folk du kan snakke med med en gang.',
  lapsedTitle: 'Forespørselen din er ikke lenger åpen',
  lapsedText: 'Forespørselen gikk ut på tid, ble trukket tilbake, eller tjeneren ble startet på nytt. Du er velkommen til å spørre igjen med en ny invitasjonslenke.',
  removedTitle: 'Du er ikke lenger medlem',
  removedText: 'Du er ikke lenger med i denne gruppa, så denne enheten har glemt nøklene sine for den.',

  crisisTitle: 'Hvis du trenger noen å snakke med nå',
  crisisLink: 'Krisetelefoner',
  crisisText: 'Er du i krise, ring en hjelpetelefon. Det er gratis, og du kan være anonym.',

  // The group's ground rules and crisis lines, changed only by a decision of the group (§3.7)
  setupCrisis: 'Krisetelefoner som vises i gruppa',
  setupCrisisHint: 'Én per linje, slik: navn på tjenesten: nummer eller adresse. De hører til rammene, og senere kan bare gruppa endre dem sammen.',
  problemCrisis: 'Skriv hver krisetelefon slik: navn: nummer eller adresse.',
  textChangeOpen: 'Foreslå nye rammer',
  textChangeTitle: 'Nye rammer og krisetelefoner',
  textChangeIntro: 'Endre teksten under og foreslå den. Den nye teksten gjelder når gruppa har sagt ja til den, som ved andre avgjørelser.',
  textChangeRules: 'Rammer og taushetserklæring',
  textChangeCrisis: 'Krisetelefoner, én per linje, slik: navn: nummer',
  textChangeSubmit: 'Foreslå for gruppa',
  textChangeCancel: 'Avbryt',
  textChangeBusy: 'En annen avgjørelse er åpen. Foreslå dette når den er ferdig.',
  textProblemRules: 'Rammene kan ikke være tomme.',
  textProblemLong: 'Teksten er for lang.',
  textProblemSame: 'Ingenting er endret.',
  textProblemFailed: 'Det kunne ikke foreslås nå. Prøv igjen senere.',
  textChangeSent: 'Foreslått. De andre ser det under «Åpen avgjørelse».',
  textOutdated: 'Gruppa har sagt ja til nye rammer som ikke har kommet fram til denne enheten. Til de gjør det, kan den ikke lage invitasjonslenker eller foreslå nye rammer. Spør et annet medlem.',
  proposalTextRemoved: 'Tas ut:',
  proposalTextAdded: 'Kommer inn:',
  proposalTextWhole: 'Les hele den nye teksten',
  proposalTextApproveMeans: 'Når du sier ja, sier du ja til den nye teksten.',
  proposalObject: 'Jeg er imot',
  blockerTextInvalid: 'Den nye teksten som fulgte med forslaget, kunne ikke sjekkes. Ikke si ja til den. Si fra til de andre.',

  lobbyTitle: 'Gruppa di',
  lobbyGroup: 'Gruppe:',
  joinMeeting: 'Gå inn i møtet',
  membersTitle: 'Medlemmer',
  requestsTitle: 'Ber om å bli med',
  requestsEmpty: 'Ingen ber om å bli med nå.',
  requestsWaiting: 'Forespørsler som venter på svar:',
  requestAsked: 'Spurte',
  requestUnreadable: 'Denne forespørselen kunne ikke leses og sjekkes. Du kan bare avslå den.',
  requestSafetyHint: 'Før du sier ja, sammenlign dette nummeret med den som spør, utenfor Sirkel.',
  requestCompared: 'Vi har sammenlignet numrene, og de er like',
  requestComparedYes: 'Sammenlignet.',
  requestComparedNo: 'Ikke sammenlignet ennå.',
  requestApprove: 'Si ja',
  requestDecline: 'Avslå',
  requestYouDeclined: 'Du har avslått denne forespørselen.',
  requestWaitProposal: 'En annen avgjørelse er åpen. Den må bli ferdig først.',
  proposalTitle: 'Åpen avgjørelse',
  proposalNone: 'Ingen avgjørelse er åpen.',
  proposalOnRequest: 'Du svarer på dette ved forespørselen over, under «Ber om å bli med».',
  proposalAdd: 'Ta inn:',
  proposalRemove: 'Ta ut:',
  proposalChange: 'Endre gruppas rammer eller roller',
  proposalBy: 'Foreslått av',
  proposalExpires: 'åpen til',
  proposalApprovedBy: 'Sagt ja:',
  proposalStillNeeded: 'ja som fortsatt mangler:',
  proposalObjections: 'Imot:',
  proposalApprove: 'Si ja',
  blockerApproved: 'Du har sagt ja til dette.',
  blockerNotMember: 'Bare medlemmer av gruppa kan si ja.',
  blockerUnreadable: 'Forespørselen bak dette kunne ikke leses og sjekkes her, så du kan ikke si ja.',
  blockerApprovedOther: 'Du har allerede sagt ja til en annen endring på dette trinnet.',
  invitesTitle: 'Invitasjoner',
  invitesHint: 'En lenke lar én person lese rammene og be om å bli med. Gruppa bestemmer fortsatt.',
  inviteCreate: 'Lag en invitasjonslenke',
  inviteShownOnce: 'Kopier lenken nå og gi den til personen på en trygg måte. Den vises bare én gang.',
  inviteLinkLabel: 'Invitasjonslenke',
  inviteCopy: 'Kopier',
  inviteCopied: 'Kopiert.',
  inviteCopyManual: 'Kunne ikke kopiere. Merk lenken og kopier den selv.',
  inviteDone: 'Ferdig, skjul lenken',
  inviteBy: 'Laget av',
  inviteExpires: 'gyldig til',
  inviteUsesLeft: 'bruk igjen:',
  inviteRevoke: 'Trekk tilbake',

  meetingTitle: 'Møte',
  meetingKeys: 'Setter opp kryptering for alle som er til stede … Du kan begynne å skrive. Send-knappen virker så snart alt er klart.',
  meetingReady: 'Du kan skrive. Bare de som er til stede, kan lese det, og ingenting blir lagret.',
  meetingWaiting: 'Meldingen din venter mens krypteringen settes opp. Den blir sendt av seg selv om et øyeblikk.',
  meetingSent: 'Meldingen din er sendt. Bare de som er til stede, kan lese den, og ingenting blir lagret.',
  messageWaiting: 'venter på å bli sendt …',
  presentTitle: 'Til stede',
  messagesLabel: 'Meldinger',
  messageLabel: 'Meldingen din',
  send: 'Send',
  sendNotReady: 'Send-knappen virker så snart krypteringen er klar. Det du skriver, forsvinner ikke.',
  reactionsLabel: 'Stille reaksjoner',
  reactionRecognise: 'Jeg kjenner meg igjen',
  reactionThanks: 'Takk',
  reactionHeart: '❤',
  reactionHeartName: 'Hjerte',
  reacted: 'reagerte:',
  messageUnverified: 'en melding kunne ikke bekreftes.',
  leaveMeeting: 'Forlat møtet',

  meetingOpenNow: 'Et møte er åpent nå.',
  meetingNotOpen: 'Ingen møter er åpne akkurat nå.',
  meetingNotOpened: 'Møtet er ikke åpnet ennå. Du kan gå inn så snart det er åpnet.',
  openMeeting: 'Åpne møtet',
  awayToggle: 'Jeg kan ikke komme på neste møte',
  awayTitle: 'Kan ikke komme:',
  awayNextTitle: 'Kan ikke komme på møtet etter dette:',
  awayNone: 'Ingen har sagt at de ikke kan komme.',
  lobbyNoticeEnded: 'Møtet er avsluttet. Det som ble sagt, er borte fra denne enheten.',
  lobbyNoticeRemoved: 'Ordstyreren tok deg ut av dette møtet. Du er fortsatt medlem av gruppa.',
  lobbyNoticeReconnected: 'Du er koblet til igjen. Det som ble sagt mens du var borte, vises ikke her: serveren tar ikke vare på meldinger.',
  meetingRejoined: 'Du er tilbake i møtet etter at forbindelsen ble brutt. Meldinger som ble sendt mens du var borte, vises ikke: serveren tar ikke vare på dem.',
  meetingListening: 'Krypteringen er klar. Bare de som er til stede, kan lese det som blir sagt, og ingenting blir lagret.',

  floorTitle: 'Hvem som snakker',
  floorAnnouncementsLabel: 'Endringer i hvem som snakker',
  floorYou: 'Du',
  floorChair: 'Ordstyrer:',
  floorSpeaker: 'Snakker:',
  floorHolder: 'Har ordet:',
  floorNobody: 'ingen ennå',
  floorTimeLeft: '{name} igjen',
  floorOrderTitle: 'Rekkefølgen i runden',
  floorQueueTitle: 'Rakte hender',
  floorQueueEmpty: 'Ingen hender er rakt opp.',
  floorRoundKinds: { opening: 'Åpningsrunde', closing: 'Avslutningsrunde', other: 'Runde' },
  floorModeOpen: 'Ordet er fritt',
  floorModeOpenHands: 'Ordet er fritt, med håndsopprekking',
  floorModeBreak: 'Pause',
  floorModeEnded: 'Møtet er avsluttet',
  group: {
    title: 'Gruppa',
    rulesTitle: 'Slik drives gruppa',
    sizeCap: 'Plass til høyst {n} medlemmer.',
    admissionAll: 'En beslutning trenger godkjenning fra alle medlemmene.',
    admissionMajority: 'En beslutning trenger godkjenning fra mer enn halvparten av medlemmene.',
    openingFacilitators: 'Igangsetterne åpner møtene.',
    openingAny: 'Alle medlemmer kan åpne et møte.',
    termNone: 'En igangsetter har ingen fast periode.',
    termMeetings: 'En igangsetter har rollen i {n} møter.',
    turnNone: 'Ingen fast tid per tur.',
    turnTime: 'Tid per tur: {n}.',
    selfRun: 'Gruppa styrer seg selv: den har ingen igangsetter.',
    seconds: '{n} sekunder',
    minutes: '{n} minutter',
    termOverTag: 'perioden er over',
    termOverNotice: 'Perioden din som igangsetter er over. Trå gjerne ned, så gruppas liste viser det.',
    leave: 'Forlat gruppa',
    leaveConfirm: 'Vil du forlate gruppa? Du går ut med en gang, og denne enheten glemmer gruppa, nøklene og navnene. For å komme tilbake trenger du en ny invitasjon.',
    leaveYes: 'Ja, forlat gruppa',
    cancel: 'Nei, gå tilbake',
    remove: 'Foreslå å fjerne',
    removeConfirm: 'Foreslå at {name} fjernes fra gruppa? De andre medlemmene bestemmer sammen.',
    removeYes: 'Ja, foreslå det',
    handOver: 'Gi igangsetterrollen min videre',
    handOverConfirm: 'Foreslå at {name} tar over rollen din som igangsetter? Gruppa bestemmer.',
    stepDown: 'Trå ned som igangsetter',
    stepDownConfirm: 'Trå ned som igangsetter nå? Det trenger ingen andres godkjenning.',
    selfRunPropose: 'Foreslå at gruppa styrer seg selv',
    selfRunConfirm: 'Foreslå at gruppa ikke har noen igangsetter, og at alle kan åpne et møte? Gruppa bestemmer.',
    confirmYes: 'Ja, foreslå det',
    waitOpen: 'En beslutning er åpen. Nye forslag venter til den er avgjort.',
    changeTitle: 'Foreslå andre regler for gruppa',
    fieldSizeCap: 'Flest medlemmer',
    fieldAdmission: 'En beslutning trenger',
    fieldOpening: 'Hvem som åpner møter',
    fieldTerm: 'Igangsetterens periode (i møter; 0: ingen fast periode)',
    fieldTurn: 'Tid per tur (i sekunder; 0: ingen, ellers 30 til 3600)',
    valueAll: 'alle medlemmene',
    valueMajority: 'mer enn halvparten',
    valueFacilitators: 'igangsetterne',
    valueAnyMember: 'alle medlemmer',
    valueNoTerm: 'ingen fast periode',
    valueMeetings: '{n} møter',
    valueNoTurn: 'ingen',
    changeSubmit: 'Foreslå disse reglene',
    problemSizeCap: 'Flest medlemmer må være et helt tall fra 2 til 12.',
    problemBelowMembers: 'Flest medlemmer kan ikke være færre enn gruppa har nå ({n}).',
    problemTurn: 'Tid per tur er 0, eller fra 30 til 3600 sekunder.',
    problemTerm: 'Perioden er et helt antall møter fra 0 til 65535.',
    problemUnchanged: 'Ingenting er endret ennå.',
    decisionFirst: 'Gruppa starter',
    decisionAdd: 'Slippe inn {name}',
    decisionLeave: '{name} forlater gruppa',
    decisionRemove: 'Fjerne {name} fra gruppa',
    decisionHandOver: 'Igangsetterrollen går fra {from} til {to}',
    decisionStepDown: '{name} trer ned som igangsetter',
    decisionSelfRun: 'Gruppa styrer seg selv, uten igangsetter',
    decisionBecomes: '{name} blir igangsetter',
    decisionNoLonger: '{name} er ikke lenger igangsetter',
    decisionText: 'Nye rammer og krisetelefoner',
    decisionField: '{field}: fra {from} til {to}',
    proposalObject: 'Protester',
    proposalWithdraw: 'Trekk tilbake forslaget mitt',
    proposalYouObjected: 'Du har protestert.',
    proposalAboutYou: 'Dette gjelder deg: godkjenner du, betyr det at du går ut.',
    closedCommitted: 'Bestemt: {what}.',
    closedRejected: 'Ikke vedtatt, fordi noen protesterte: {what}.',
    closedWithdrawn: 'Trukket tilbake av den som foreslo det: {what}.',
    closedExpired: 'Falt bort, fordi det ikke ble avgjort i tide: {what}.',
    closedStale: 'Gikk ut fordi gruppa endret seg først; foreslå det igjen om det fortsatt trengs: {what}.',
    leftTitle: 'Du har forlatt gruppa',
    leftText: 'Du har forlatt gruppa. Denne enheten har glemt nøklene, navnene og alt annet den hadde om gruppa. Takk for tiden du delte med de andre.',
  },
  floorTurnStates: {
    waiting: 'venter',
    speaking: 'snakker',
    done: 'ferdig',
    passed: 'sto over',
    timed_out: 'tiden gikk ut',
    skipped: 'hoppet over',
    moved_on: 'ordstyreren gikk videre',
    removed: 'tatt ut',
  },
  floorBlocked: {
    not_your_turn: 'Du kan skrive når det er din tur. Stille reaksjoner går fram i mellomtiden.',
    turn_over: 'Tiden for turen din er ute.',
    floor_not_granted: 'Rekk opp hånden: du kan skrive når ordstyreren gir deg ordet.',
    floor_break: 'Pause: ingen skriver nå. Stille reaksjoner går fortsatt fram.',
    meeting_ended: 'Møtet er avsluttet.',
  },
  floorDone: 'Jeg er ferdig',
  floorPass: 'Stå over',
  floorRaise: 'Rekk opp hånden',
  floorLower: 'Ta ned hånden',
  floorYield: 'Gi fra meg ordet',
  floorTakeChair: 'Bli ordstyrer',
  floorSayYourTurn: 'Det er din tur.',
  floorSayTurnOf: 'Nå snakker {name}.',
  floorSayOpen: 'Ordet er fritt: alle kan skrive.',
  floorSayHandsWait: 'Rekk opp hånden for å snakke; ordstyreren gir ordet.',
  floorSayYouHaveFloor: 'Du har ordet.',
  floorSayHasFloor: 'Ordet går til {name}.',
  floorSayBreak: 'Pause: ingen skriver nå. Stille reaksjoner går fortsatt fram.',
  floorSayEnded: 'Møtet er avsluttet.',
  floorSayRoundStarted: '{name} begynner.',
  floorSayRoundOver: 'Runden er ferdig.',
  floorSayWarning: '{name} igjen av denne turen.',
  floorSayWarningYou: '{name} igjen av turen din.',
  floorSeconds: '{name} sekunder',
  floorSayYouChair: 'Du er ordstyrer nå.',
  floorSay: {
    turn_done: '{name} er ferdig.',
    turn_passed: '{name} sto over.',
    turn_timed_out: '{name}: tiden gikk ut.',
    turn_moved_on: '{name}: ordstyreren gikk videre.',
    speaker_left: '{name} gikk; turen ble hoppet over.',
    late_arrival: '{name} ble med i runden.',
    participant_left: '{name} forlot møtet.',
    hand_raised: '{name} rakk opp hånden.',
    hand_lowered: '{name} tok ned hånden.',
    floor_yielded: '{name} ga fra seg ordet.',
    member_removed: '{name}: tatt ut av møtet av ordstyreren.',
    chair_handed_over: 'Ordstyrer nå: {name}.',
    chair_taken: 'Ordstyrer nå: {name}.',
  },
  writingOne: '{name} skriver …',
  writingMany: '{name} skriver …',
  reactionsRecentLabel: 'Reaksjoner akkurat nå',

  chairTitle: 'Ordstyring',
  chairRoundKind: 'Slags runde',
  chairTurnTime: 'Tid per tur',
  chairTurnDefault: 'Gruppas innstilling',
  chairTurnNone: 'Ingen grense',
  chairTurnMinutes: '{name} min',
  chairAfter: 'Etter runden',
  chairAfterOpen: 'Ordet er fritt',
  chairAfterBreak: 'Pause',
  chairStartRound: 'Start runden',
  chairNext: 'Neste taler',
  chairOpen: 'Gi ordet fritt',
  chairHandsOn: 'Slå på håndsopprekking',
  chairHandsOff: 'Slå av håndsopprekking',
  chairGrant: 'Gi ordet',
  chairBreak: 'Start en pause',
  chairEnd: 'Avslutt møtet',
  chairEndConfirm: 'Avslutte møtet for alle? Det som ble sagt, forsvinner fra alle skjermer.',
  chairEndYes: 'Ja, avslutt møtet',
  chairCancel: 'Nei, gå tilbake',
  chairRemove: 'Ta ut av møtet',
  chairRemoveConfirm: 'Ta {name} ut av dette møtet? Personen er fortsatt medlem av gruppa.',
  chairRemoveYes: 'Ja, ta ut',
  chairHandOver: 'Gi ordstyringen videre',
  errorSpeaker: 'Ordet er hos {name}.',

  alertDismiss: 'Jeg forstår',
  alerts: {
    rollback:
      'Tjeneren viste medlemslisten til gruppa på en motstridende måte (en eldre versjon). Sirkel deler ingen nøkler før du trykker «Jeg forstår». Si fra til de andre i gruppa.',
    fork: 'Tjeneren viste medlemslisten til gruppa på en motstridende måte (to ulike versjoner). Sirkel deler ingen nøkler før du trykker «Jeg forstår». Si fra til de andre i gruppa.',
    pin_mismatch: 'Denne invitasjonen stemmer ikke med gruppa tjeneren viste. Ikke gå videre. Spør den som ga deg lenken.',
    roster_invalid: 'Tjeneren sendte en endring av medlemslisten uten gyldige underskrifter. Den ble ikke godtatt.',
    text_mismatch: 'Rammene du fikk se, stemmer ikke med gruppas. Ikke gå videre. Be om en ny lenke.',
    text_change_invalid: 'De foreslåtte nye rammene stemte ikke med forslaget. Du kan ikke si ja til dem her. Si fra til de andre i gruppa.',
    epoch_invalid: 'Tjeneren viste hvem som er til stede, på en måte som ikke går opp. Ingen nøkler ble delt.',
    ekey_invalid: 'Hvem som er til stede, ble vist på en motstridende måte, eller en nøkkel var forfalsket. Ingen nøkler ble delt denne gangen.',
    skd_invalid: 'Meldinger fra en i møtet kan ikke leses akkurat nå.',
    message_unverified: 'En melding kunne ikke bekreftes.',
    decline_unverified: 'Svaret på forespørselen din kunne ikke bekreftes. Forespørselen er avsluttet på denne enheten.',
    request_unreadable: 'En forespørsel om å bli med kunne ikke leses og sjekkes. Du kan bare avslå den.',
  },
  errorCodes: {
    invite_invalid: 'Denne invitasjonen virker ikke lenger. Be om en ny.',
    group_started: 'Denne gruppa er allerede startet. Be et av medlemmene om en invitasjon.',
    group_full: 'Gruppa er full.',
    size_cap_reached: 'Gruppa er full.',
    member_exists: 'Denne enheten er allerede kjent for gruppa.',
    pledge_invalid: 'Rammene er endret. Åpne invitasjonen på nytt.',
    too_many_requests: 'Gruppa har mange åpne forespørsler nå. Prøv igjen senere.',
    too_many_invites: 'Gruppa har mange åpne invitasjoner. Trekk tilbake en først.',
    proposal_open: 'En annen avgjørelse er åpen. Den må bli ferdig først.',
    already_approved: 'Du har allerede svart på dette.',
    not_a_member: 'Bare medlemmer av gruppa kan gjøre dette.',
    no_roster: 'Gruppa er ikke satt opp ennå.',
    roster_invalid: 'Tjeneren godtok ikke innstillingene til gruppa. Sjekk antall medlemmer med organisasjonen din.',
    roster_stale: 'Gruppa ble endret i mellomtiden. Prøv igjen.',
    doc_invalid: 'De nye rammene kunne ikke sendes til alle medlemmene. Prøv igjen.',
    challenge_expired: 'Det tok for lang tid. Prøv igjen.',
    auth_failed: 'Denne enheten kunne ikke logge inn i gruppa. Tror du at du er tatt ut, kan du spørre et av medlemmene.',
    internal_error: 'Tjeneren fikk et problem. Ingenting ble endret. Prøv igjen.',
    no_meeting: 'Ingen møter er åpnet ennå.',
    not_in_meeting: 'Du er ikke i møtet.',
    already_in_meeting: 'Du er allerede i møtet.',
    meeting_ended: 'Møtet er avsluttet.',
    not_present: 'Den personen er ikke i møtet nå.',
    removed_from_meeting: 'Du ble tatt ut av dette møtet og kan ikke komme inn igjen i det.',
    not_your_turn: 'Det er ikke din tur.',
    turn_over: 'Tiden for denne turen er ute.',
    floor_not_granted: 'Bare den som har fått ordet, kan skrive nå.',
    floor_break: 'Ingen skriver i pausen.',
    rate_limited: 'Det ble mye på en gang. Vent litt.',
    too_many_frames: 'Enheten din sendte for mye på en gang. Vent litt.',
    too_many_attempts: 'For mange forsøk fra nettverket ditt på kort tid. Vent et minutt og prøv igjen.',
    not_chair: 'Bare ordstyreren kan gjøre dette.',
    not_eligible_to_lead: 'I denne gruppa er det bare en igangsetter som leder møtet.',
    chair_present: 'Ordstyreren er her og kan gi ordstyringen videre.',
    cannot_remove_self: 'Du kan ikke ta deg selv ut. Gi ordstyringen videre eller forlat møtet.',
    no_round: 'Ingen runde pågår.',
    speaker_changed: 'Noen andre snakker allerede; ingen ble hoppet over.',
    not_open_floor: 'Ordet kan bare gis når ordet er fritt.',
    hands_off: 'Håndsopprekking er slått av.',
    hand_already_raised: 'Hånden din er allerede oppe.',
    hand_not_raised: 'Den hånden er ikke oppe.',
    holds_floor: 'Du har ordet. Gi det fra deg før du rekker opp hånden.',
    not_floor_holder: 'Du har ikke ordet.',
  },
}

const da: Strings = {
  description: 'Lukkede, end-to-end-krypterede møder for selvhjælpsgrupper.',
  cryptoLoading: 'Indlæser kryptering …',
  cryptoReady: 'Krypteringen er klar.',
  cryptoFailed: 'Krypteringen kunne ikke starte i denne browser.',
  inviteRead: 'Invitationen er læst.',
  inviteDamaged: 'Dette invitationslink er beskadiget. Bed om et nyt.',
  noGroup: 'Åbn det invitationslink, du har fået, for at komme med i din gruppe.',
  connecting: 'Forbinder …',
  connected: 'Forbundet.',
  signedIn: 'Forbundet til din gruppe.',
  serverError: 'Noget gik galt, og intet blev ændret. Prøv igen.',
  disconnected: 'Forbindelsen er afbrudt.',
  reconnect: 'Forbind igen',
  connectionRetrying: 'Forbindelsen blev afbrudt — prøver igen …',
  connectionGaveUp: 'Forbindelsen blev afbrudt. Appen er holdt op med at prøve af sig selv; forbind igen, når du er online.',
  reconnectNow: 'Prøv nu',
  languageLabel: 'Sprog',
  you: 'Dig',
  memberUnnamed: 'Medlem (sikkerhedsnummer {digits}…)',
  memberOutside: 'en, der ikke er med i gruppen endnu',
  facilitator: 'gruppeleder',
  groundRulesTitle: 'Rammer og tavshedserklæring',
  pseudonymHint: 'Et fornavn eller et opdigtet navn. De andre i gruppen ser det, serveren ser det aldrig.',

  damagedTitle: 'Invitationen kan ikke læses',
  inviteClosedTitle: 'Denne invitation virker ikke længere',
  inviteClosedText: 'Linket er brugt, trukket tilbage eller udløbet. Bed den, der gav dig det, om et nyt.',
  unknownTitle: 'Ingen invitation',

  startGroupTitle: 'Start en ny gruppe',
  startGroupText:
    'Du har fået invitationen til at starte denne gruppe. Du bliver det første medlem og gruppeleder. Bagefter vælger du gruppens navn og skriver rammerne for den.',
  startGroupButton: 'Start gruppen',

  setupTitle: 'Sæt gruppen op',
  setupIntro: 'Alle, der bliver inviteret, læser dette, før de beder om at komme med. I kan ændre det senere, sammen i gruppen.',
  setupGroupName: 'Gruppens navn',
  setupGroupNameHint: 'Vises kun for medlemmer og for dem, I inviterer.',
  setupMyName: 'Dit navn i gruppen',
  setupSizeCap: 'Højeste antal medlemmer',
  setupSizeCapHint: 'Mellem 2 og 12. Mange grupper har 4 til 8.',
  setupAdmission: 'Hvem skal sige ja, før en ny kommer med',
  admissionAll: 'Alle i gruppen',
  admissionMajority: 'Mere end halvdelen af gruppen',
  setupOpening: 'Hvem må åbne møder',
  openingFacilitators: 'Gruppeledere',
  openingAnyone: 'Alle medlemmer',
  setupFacTerm: 'Gruppelederrollen slutter efter så mange møder',
  setupFacTermHint: '0 betyder, at den ikke slutter af sig selv. Mange grupper fortsætter på egen hånd efter 10 til 12 møder.',
  setupTurn: 'Sekunder pr. tur i en runde',
  setupTurnHint: '0 for ingen tidsgrænse, ellers mellem 30 og 3600.',
  setupTemplateLang: 'Sprog i tekstforslaget',
  setupTemplateHint: 'Når du vælger et sprog, bliver teksten nedenfor erstattet af forslaget på det sprog.',
  setupText: 'Rammer og tavshedserklæring',
  setupSubmit: 'Opret gruppen',
  problemGroupName: 'Giv gruppen et navn (højst 64 byte).',
  problemName: 'Skriv et navn på 1 til 63 tegn, uden særlige kontroltegn.',
  problemSizeCap: 'Antallet af medlemmer skal være mellem 2 og 12.',
  problemTurn: 'Tiden pr. tur skal være 0 eller mellem 30 og 3600 sekunder.',
  problemTerm: 'Antallet af møder skal være mellem 0 og 65535.',
  problemText: 'Rammerne må ikke være tomme og højst fylde 8192 byte.',

  knockTitle: 'Du er inviteret til en gruppe',
  knockGroup: 'Gruppe:',
  knockCreator: 'Inviteret af:',
  safetyTitle: 'Sikkerhedsnumre',
  knockSafetyHint:
    'Sammenlign gerne disse numre med den, der inviterede dig, ansigt til ansigt eller i telefonen. Hvis de er ens, ved du, at linket fører til den rigtige gruppe.',
  knockVerifying: 'Tjekker, hvem der er med i gruppen …',
  knockVerified: 'Gruppens medlemsliste er tjekket.',
  joinTitle: 'Bed om at komme med',
  joinName: 'Dit navn i gruppen',
  joinAdult: 'Jeg er 18 år eller ældre.',
  joinPledge: 'Jeg har læst rammerne, og jeg lover at holde det, der bliver sagt i gruppen, for mig selv.',
  joinSubmit: 'Bed om at komme med',
  joinCancel: 'Ikke nu',
  problemAdult: 'Grupperne er for voksne. Bekræft, at du er 18 år eller ældre.',
  problemPledge: 'Accepter rammerne og tavshedserklæringen for at bede om at komme med.',

  pendingTitle: 'Din forespørgsel er sendt',
  pendingText:
    'Gruppen beslutter sammen, hvem der kommer med. Det kan tage nogle dage, ofte til næste møde. Du kan lukke siden og åbne den samme adresse senere på denne enhed.',
  pendingSafetyHint: 'Et medlem kan bede om at sammenligne sikkerhedsnumre med dig først.',
  withdrawButton: 'Træk min forespørgsel tilbage',
  declinedTitle: 'Gruppen kan ikke tage dig ind nu',
  declinedText: 'Gruppen kan ikke tage et nyt medlem ind lige nu.',
  declinedNotYou: 'Det er ikke en vurdering af dig. Grupper siger nej af mange grunde, for eksempel størrelse eller hvor de er i deres forløb.',
  declinedOther: 'Der findes andre grupper, og folk du kan tale med med det samme.',
  lapsedTitle: 'Din forespørgsel er ikke længere åben',
  lapsedText: 'Forespørgslen udløb, blev trukket tilbage, eller serveren blev genstartet. Du er velkommen til at spørge igen med et nyt invitationslink.',
  removedTitle: 'Du er ikke længere medlem',
  removedText: 'Du er ikke længere med i denne gruppe, så denne enhed har glemt sine nøgler til den.',

  crisisTitle: 'Hvis du har brug for at tale med nogen nu',
  crisisLink: 'Krisetelefoner',
  crisisText: 'Er du i krise, så ring til en rådgivning. Det er gratis, og du kan være anonym.',

  // The group's ground rules and crisis lines, changed only by a decision of the group (§3.7)
  setupCrisis: 'Krisetelefoner, der vises i gruppen',
  setupCrisisHint: 'Én pr. linje, sådan: navn på rådgivningen: nummer eller adresse. De hører til rammerne, og senere kan kun gruppen ændre dem sammen.',
  problemCrisis: 'Skriv hver krisetelefon sådan: navn: nummer eller adresse.',
  textChangeOpen: 'Foreslå nye rammer',
  textChangeTitle: 'Nye rammer og krisetelefoner',
  textChangeIntro: 'Ret teksten herunder, og foreslå den. Den nye tekst gælder, når gruppen har sagt ja til den, som ved andre beslutninger.',
  textChangeRules: 'Rammer og tavshedserklæring',
  textChangeCrisis: 'Krisetelefoner, én pr. linje, sådan: navn: nummer',
  textChangeSubmit: 'Foreslå for gruppen',
  textChangeCancel: 'Annuller',
  textChangeBusy: 'En anden beslutning er åben. Foreslå dette, når den er færdig.',
  textProblemRules: 'Rammerne kan ikke være tomme.',
  textProblemLong: 'Teksten er for lang.',
  textProblemSame: 'Intet er ændret.',
  textProblemFailed: 'Det kunne ikke foreslås nu. Prøv igen senere.',
  textChangeSent: 'Foreslået. De andre ser det under »Åben beslutning«.',
  textOutdated: 'Gruppen har sagt ja til nye rammer, som ikke er nået frem til denne enhed. Indtil de gør det, kan den ikke lave invitationslinks eller foreslå nye rammer. Spørg et andet medlem.',
  proposalTextRemoved: 'Tages ud:',
  proposalTextAdded: 'Kommer ind:',
  proposalTextWhole: 'Læs hele den nye tekst',
  proposalTextApproveMeans: 'Når du siger ja, siger du ja til den nye tekst.',
  proposalObject: 'Jeg er imod',
  blockerTextInvalid: 'Den nye tekst, der fulgte med forslaget, kunne ikke kontrolleres. Sig ikke ja til den. Sig det til de andre.',

  lobbyTitle: 'Din gruppe',
  lobbyGroup: 'Gruppe:',
  joinMeeting: 'Gå ind i mødet',
  membersTitle: 'Medlemmer',
  requestsTitle: 'Beder om at komme med',
  requestsEmpty: 'Ingen beder om at komme med lige nu.',
  requestsWaiting: 'Forespørgsler, der venter på svar:',
  requestAsked: 'Spurgte',
  requestUnreadable: 'Denne forespørgsel kunne ikke læses og tjekkes. Du kan kun afvise den.',
  requestSafetyHint: 'Før du siger ja, så sammenlign dette nummer med den, der spørger, uden for Sirkel.',
  requestCompared: 'Vi har sammenlignet numrene, og de er ens',
  requestComparedYes: 'Sammenlignet.',
  requestComparedNo: 'Ikke sammenlignet endnu.',
  requestApprove: 'Sig ja',
  requestDecline: 'Afvis',
  requestYouDeclined: 'Du har afvist denne forespørgsel.',
  requestWaitProposal: 'En anden beslutning er åben. Den skal afsluttes først.',
  proposalTitle: 'Åben beslutning',
  proposalNone: 'Ingen beslutning er åben.',
  proposalOnRequest: 'Du svarer på det ved forespørgslen ovenfor, under »Beder om at komme med«.',
  proposalAdd: 'Tag med:',
  proposalRemove: 'Tag ud:',
  proposalChange: 'Ændr gruppens rammer eller roller',
  proposalBy: 'Foreslået af',
  proposalExpires: 'åben til',
  proposalApprovedBy: 'Sagt ja:',
  proposalStillNeeded: 'ja, der stadig mangler:',
  proposalObjections: 'Imod:',
  proposalApprove: 'Sig ja',
  blockerApproved: 'Du har sagt ja til dette.',
  blockerNotMember: 'Kun medlemmer af gruppen kan sige ja.',
  blockerUnreadable: 'Forespørgslen bag dette kunne ikke læses og tjekkes her, så du kan ikke sige ja.',
  blockerApprovedOther: 'Du har allerede sagt ja til en anden ændring på dette trin.',
  invitesTitle: 'Invitationer',
  invitesHint: 'Et link lader én person læse rammerne og bede om at komme med. Gruppen beslutter stadig.',
  inviteCreate: 'Lav et invitationslink',
  inviteShownOnce: 'Kopier linket nu, og giv det til personen på en sikker måde. Det vises kun én gang.',
  inviteLinkLabel: 'Invitationslink',
  inviteCopy: 'Kopier',
  inviteCopied: 'Kopieret.',
  inviteCopyManual: 'Kunne ikke kopiere. Marker linket, og kopier det selv.',
  inviteDone: 'Færdig, skjul linket',
  inviteBy: 'Lavet af',
  inviteExpires: 'gyldigt til',
  inviteUsesLeft: 'brug tilbage:',
  inviteRevoke: 'Træk tilbage',

  meetingTitle: 'Møde',
  meetingKeys: 'Sætter kryptering op for alle, der er til stede … Du kan begynde at skrive. Send-knappen virker, så snart alt er klar.',
  meetingReady: 'Du kan skrive. Kun dem, der er til stede, kan læse det, og intet bliver gemt.',
  meetingWaiting: 'Din besked venter, mens krypteringen bliver sat op. Den bliver sendt af sig selv om et øjeblik.',
  meetingSent: 'Din besked er sendt. Kun dem, der er til stede, kan læse den, og intet bliver gemt.',
  messageWaiting: 'venter på at blive sendt …',
  presentTitle: 'Til stede',
  messagesLabel: 'Beskeder',
  messageLabel: 'Din besked',
  send: 'Send',
  sendNotReady: 'Send-knappen virker, så snart krypteringen er klar. Det, du skriver, forsvinder ikke.',
  reactionsLabel: 'Stille reaktioner',
  reactionRecognise: 'Det kender jeg godt',
  reactionThanks: 'Tak',
  reactionHeart: '❤',
  reactionHeartName: 'Hjerte',
  reacted: 'reagerede:',
  messageUnverified: 'en besked kunne ikke bekræftes.',
  leaveMeeting: 'Forlad mødet',

  meetingOpenNow: 'Et møde er åbent nu.',
  meetingNotOpen: 'Intet møde er åbent lige nu.',
  meetingNotOpened: 'Mødet er ikke åbnet endnu. Du kan gå ind, så snart det er åbnet.',
  openMeeting: 'Åbn mødet',
  awayToggle: 'Jeg kan ikke komme til næste møde',
  awayTitle: 'Kan ikke komme:',
  awayNextTitle: 'Kan ikke komme til mødet efter dette:',
  awayNone: 'Ingen har sagt, at de ikke kan komme.',
  lobbyNoticeEnded: 'Mødet er slut. Det, der blev sagt, er væk fra denne enhed.',
  lobbyNoticeRemoved: 'Ordstyreren tog dig ud af dette møde. Du er stadig medlem af gruppen.',
  lobbyNoticeReconnected: 'Du er forbundet igen. Det, der blev sagt, mens du var væk, vises ikke her: serveren gemmer ingen beskeder.',
  meetingRejoined: 'Du er tilbage i mødet efter en afbrudt forbindelse. Beskeder, der blev sendt, mens du var væk, vises ikke: serveren gemmer dem ikke.',
  meetingListening: 'Krypteringen er klar. Kun dem, der er til stede, kan læse det, der bliver sagt, og intet bliver gemt.',

  floorTitle: 'Hvem der taler',
  floorAnnouncementsLabel: 'Ændringer i hvem der taler',
  floorYou: 'Du',
  floorChair: 'Ordstyrer:',
  floorSpeaker: 'Taler:',
  floorHolder: 'Har ordet:',
  floorNobody: 'ingen endnu',
  floorTimeLeft: '{name} tilbage',
  floorOrderTitle: 'Rækkefølgen i runden',
  floorQueueTitle: 'Rakte hænder',
  floorQueueEmpty: 'Ingen hænder er rakt op.',
  floorRoundKinds: { opening: 'Åbningsrunde', closing: 'Afslutningsrunde', other: 'Runde' },
  floorModeOpen: 'Ordet er frit',
  floorModeOpenHands: 'Ordet er frit, med håndsoprækning',
  floorModeBreak: 'Pause',
  floorModeEnded: 'Mødet er slut',
  group: {
    title: 'Gruppen',
    rulesTitle: 'Sådan drives gruppen',
    sizeCap: 'Plads til højst {n} medlemmer.',
    admissionAll: 'En beslutning kræver godkendelse fra alle medlemmerne.',
    admissionMajority: 'En beslutning kræver godkendelse fra mere end halvdelen af medlemmerne.',
    openingFacilitators: 'Igangsætterne åbner møderne.',
    openingAny: 'Alle medlemmer kan åbne et møde.',
    termNone: 'En igangsætter har ingen fast periode.',
    termMeetings: 'En igangsætter har rollen i {n} møder.',
    turnNone: 'Ingen fast tid pr. tur.',
    turnTime: 'Tid pr. tur: {n}.',
    selfRun: 'Gruppen styrer sig selv: den har ingen igangsætter.',
    seconds: '{n} sekunder',
    minutes: '{n} minutter',
    termOverTag: 'perioden er slut',
    termOverNotice: 'Din periode som igangsætter er slut. Træd gerne tilbage, så gruppens liste viser det.',
    leave: 'Forlad gruppen',
    leaveConfirm: 'Vil du forlade gruppen? Du går ud med det samme, og denne enhed glemmer gruppen, nøglerne og navnene. For at komme tilbage skal du have en ny invitation.',
    leaveYes: 'Ja, forlad gruppen',
    cancel: 'Nej, gå tilbage',
    remove: 'Foreslå at fjerne',
    removeConfirm: 'Foreslå at {name} fjernes fra gruppen? De andre medlemmer beslutter sammen.',
    removeYes: 'Ja, foreslå det',
    handOver: 'Giv min igangsætterrolle videre',
    handOverConfirm: 'Foreslå at {name} overtager din rolle som igangsætter? Gruppen beslutter.',
    stepDown: 'Træd tilbage som igangsætter',
    stepDownConfirm: 'Træde tilbage som igangsætter nu? Det kræver ingen andres godkendelse.',
    selfRunPropose: 'Foreslå at gruppen styrer sig selv',
    selfRunConfirm: 'Foreslå at gruppen ikke har nogen igangsætter, og at alle kan åbne et møde? Gruppen beslutter.',
    confirmYes: 'Ja, foreslå det',
    waitOpen: 'En beslutning er åben. Nye forslag venter, til den er afgjort.',
    changeTitle: 'Foreslå andre regler for gruppen',
    fieldSizeCap: 'Flest medlemmer',
    fieldAdmission: 'En beslutning kræver',
    fieldOpening: 'Hvem der åbner møder',
    fieldTerm: 'Igangsætterens periode (i møder; 0: ingen fast periode)',
    fieldTurn: 'Tid pr. tur (i sekunder; 0: ingen, ellers 30 til 3600)',
    valueAll: 'alle medlemmerne',
    valueMajority: 'mere end halvdelen',
    valueFacilitators: 'igangsætterne',
    valueAnyMember: 'alle medlemmer',
    valueNoTerm: 'ingen fast periode',
    valueMeetings: '{n} møder',
    valueNoTurn: 'ingen',
    changeSubmit: 'Foreslå disse regler',
    problemSizeCap: 'Flest medlemmer skal være et helt tal fra 2 til 12.',
    problemBelowMembers: 'Flest medlemmer kan ikke være færre, end gruppen har nu ({n}).',
    problemTurn: 'Tid pr. tur er 0, eller fra 30 til 3600 sekunder.',
    problemTerm: 'Perioden er et helt antal møder fra 0 til 65535.',
    problemUnchanged: 'Intet er ændret endnu.',
    decisionFirst: 'Gruppen starter',
    decisionAdd: 'Lukke {name} ind',
    decisionLeave: '{name} forlader gruppen',
    decisionRemove: 'Fjerne {name} fra gruppen',
    decisionHandOver: 'Igangsætterrollen går fra {from} til {to}',
    decisionStepDown: '{name} træder tilbage som igangsætter',
    decisionSelfRun: 'Gruppen styrer sig selv, uden igangsætter',
    decisionBecomes: '{name} bliver igangsætter',
    decisionNoLonger: '{name} er ikke længere igangsætter',
    decisionText: 'Nye rammer og krisetelefoner',
    decisionField: '{field}: fra {from} til {to}',
    proposalObject: 'Gør indsigelse',
    proposalWithdraw: 'Træk mit forslag tilbage',
    proposalYouObjected: 'Du har gjort indsigelse.',
    proposalAboutYou: 'Det handler om dig: godkender du, betyder det, at du går ud.',
    closedCommitted: 'Besluttet: {what}.',
    closedRejected: 'Ikke vedtaget, fordi nogen gjorde indsigelse: {what}.',
    closedWithdrawn: 'Trukket tilbage af den, der foreslog det: {what}.',
    closedExpired: 'Bortfaldet, fordi det ikke blev afgjort i tide: {what}.',
    closedStale: 'Bortfaldet, fordi gruppen ændrede sig først; foreslå det igen, hvis det stadig er ønsket: {what}.',
    leftTitle: 'Du har forladt gruppen',
    leftText: 'Du har forladt gruppen. Denne enhed har glemt nøglerne, navnene og alt andet, den havde om gruppen. Tak for den tid, du delte med de andre.',
  },
  floorTurnStates: {
    waiting: 'venter',
    speaking: 'taler',
    done: 'færdig',
    passed: 'sprang over',
    timed_out: 'tiden løb ud',
    skipped: 'sprunget over',
    moved_on: 'ordstyreren gik videre',
    removed: 'taget ud',
  },
  floorBlocked: {
    not_your_turn: 'Du kan skrive, når det er din tur. Stille reaktioner går igennem imens.',
    turn_over: 'Tiden for din tur er gået.',
    floor_not_granted: 'Ræk hånden op: du kan skrive, når ordstyreren giver dig ordet.',
    floor_break: 'Pause: ingen skriver nu. Stille reaktioner går stadig igennem.',
    meeting_ended: 'Mødet er slut.',
  },
  floorDone: 'Jeg er færdig',
  floorPass: 'Spring over',
  floorRaise: 'Ræk hånden op',
  floorLower: 'Tag hånden ned',
  floorYield: 'Giv ordet fra mig',
  floorTakeChair: 'Bliv ordstyrer',
  floorSayYourTurn: 'Det er din tur.',
  floorSayTurnOf: 'Nu taler {name}.',
  floorSayOpen: 'Ordet er frit: alle kan skrive.',
  floorSayHandsWait: 'Ræk hånden op for at tale; ordstyreren giver ordet.',
  floorSayYouHaveFloor: 'Du har ordet.',
  floorSayHasFloor: 'Ordet går til {name}.',
  floorSayBreak: 'Pause: ingen skriver nu. Stille reaktioner går stadig igennem.',
  floorSayEnded: 'Mødet er slut.',
  floorSayRoundStarted: '{name} begynder.',
  floorSayRoundOver: 'Runden er færdig.',
  floorSayWarning: '{name} tilbage af denne tur.',
  floorSayWarningYou: '{name} tilbage af din tur.',
  floorSeconds: '{name} sekunder',
  floorSayYouChair: 'Du er ordstyrer nu.',
  floorSay: {
    turn_done: '{name} er færdig.',
    turn_passed: '{name} sprang over.',
    turn_timed_out: '{name}: tiden løb ud.',
    turn_moved_on: '{name}: ordstyreren gik videre.',
    speaker_left: '{name} gik; turen blev sprunget over.',
    late_arrival: '{name} kom med i runden.',
    participant_left: '{name} forlod mødet.',
    hand_raised: '{name} rakte hånden op.',
    hand_lowered: '{name} tog hånden ned.',
    floor_yielded: '{name} gav ordet fra sig.',
    member_removed: '{name}: taget ud af mødet af ordstyreren.',
    chair_handed_over: 'Ordstyrer nu: {name}.',
    chair_taken: 'Ordstyrer nu: {name}.',
  },
  writingOne: '{name} skriver …',
  writingMany: '{name} skriver …',
  reactionsRecentLabel: 'Reaktioner lige nu',

  chairTitle: 'Ordstyring',
  chairRoundKind: 'Slags runde',
  chairTurnTime: 'Tid per tur',
  chairTurnDefault: 'Gruppens indstilling',
  chairTurnNone: 'Ingen grænse',
  chairTurnMinutes: '{name} min.',
  chairAfter: 'Efter runden',
  chairAfterOpen: 'Ordet er frit',
  chairAfterBreak: 'Pause',
  chairStartRound: 'Start runden',
  chairNext: 'Næste taler',
  chairOpen: 'Giv ordet frit',
  chairHandsOn: 'Slå håndsoprækning til',
  chairHandsOff: 'Slå håndsoprækning fra',
  chairGrant: 'Giv ordet',
  chairBreak: 'Start en pause',
  chairEnd: 'Afslut mødet',
  chairEndConfirm: 'Afslutte mødet for alle? Det, der blev sagt, forsvinder fra alle skærme.',
  chairEndYes: 'Ja, afslut mødet',
  chairCancel: 'Nej, gå tilbage',
  chairRemove: 'Tag ud af mødet',
  chairRemoveConfirm: 'Tage {name} ud af dette møde? Personen er stadig medlem af gruppen.',
  chairRemoveYes: 'Ja, tag ud',
  chairHandOver: 'Giv ordstyringen videre',
  errorSpeaker: 'Ordet er hos {name}.',

  alertDismiss: 'Jeg forstår',
  alerts: {
    rollback:
      'Serveren viste gruppens medlemsliste på en modstridende måde (en ældre version). Sirkel deler ingen nøgler, før du trykker »Jeg forstår«. Sig det til de andre i gruppen.',
    fork: 'Serveren viste gruppens medlemsliste på en modstridende måde (to forskellige versioner). Sirkel deler ingen nøgler, før du trykker »Jeg forstår«. Sig det til de andre i gruppen.',
    pin_mismatch: 'Denne invitation passer ikke med den gruppe, serveren viste. Gå ikke videre. Spørg den, der gav dig linket.',
    roster_invalid: 'Serveren sendte en ændring af medlemslisten uden gyldige underskrifter. Den blev ikke godtaget.',
    text_mismatch: 'De rammer, du fik vist, passer ikke med gruppens. Gå ikke videre. Bed om et nyt link.',
    text_change_invalid: 'De foreslåede nye rammer passede ikke med forslaget. Du kan ikke sige ja til dem her. Sig det til de andre i gruppen.',
    epoch_invalid: 'Serveren viste, hvem der er til stede, på en måde, der ikke hænger sammen. Der blev ikke delt nøgler.',
    ekey_invalid: 'Hvem der er til stede, blev vist på en modstridende måde, eller en nøgle var forfalsket. Der blev ikke delt nøgler denne gang.',
    skd_invalid: 'Beskeder fra en deltager i mødet kan ikke læses lige nu.',
    message_unverified: 'En besked kunne ikke bekræftes.',
    decline_unverified: 'Svaret på din forespørgsel kunne ikke bekræftes. Forespørgslen er afsluttet på denne enhed.',
    request_unreadable: 'En forespørgsel om at komme med kunne ikke læses og tjekkes. Du kan kun afvise den.',
  },
  errorCodes: {
    invite_invalid: 'Denne invitation virker ikke længere. Bed om en ny.',
    group_started: 'Denne gruppe er allerede startet. Bed et af medlemmerne om en invitation.',
    group_full: 'Gruppen er fuld.',
    size_cap_reached: 'Gruppen er fuld.',
    member_exists: 'Denne enhed er allerede kendt af gruppen.',
    pledge_invalid: 'Rammerne er ændret. Åbn invitationen igen.',
    too_many_requests: 'Gruppen har mange åbne forespørgsler lige nu. Prøv igen senere.',
    too_many_invites: 'Gruppen har mange åbne invitationer. Træk en tilbage først.',
    proposal_open: 'En anden beslutning er åben. Den skal afsluttes først.',
    already_approved: 'Du har allerede svaret på dette.',
    not_a_member: 'Kun medlemmer af gruppen kan gøre dette.',
    no_roster: 'Gruppen er ikke sat op endnu.',
    roster_invalid: 'Serveren godtog ikke gruppens indstillinger. Tjek antallet af medlemmer med din organisation.',
    roster_stale: 'Gruppen blev ændret i mellemtiden. Prøv igen.',
    doc_invalid: 'De nye rammer kunne ikke sendes til alle medlemmer. Prøv igen.',
    challenge_expired: 'Det tog for lang tid. Prøv igen.',
    auth_failed: 'Denne enhed kunne ikke logge ind i gruppen. Tror du, at du er taget ud, så spørg et af medlemmerne.',
    internal_error: 'Serveren fik et problem. Intet blev ændret. Prøv igen.',
    no_meeting: 'Intet møde er åbnet endnu.',
    not_in_meeting: 'Du er ikke i mødet.',
    already_in_meeting: 'Du er allerede i mødet.',
    meeting_ended: 'Mødet er slut.',
    not_present: 'Den person er ikke i mødet nu.',
    removed_from_meeting: 'Du blev taget ud af dette møde og kan ikke komme ind i det igen.',
    not_your_turn: 'Det er ikke din tur.',
    turn_over: 'Tiden for denne tur er gået.',
    floor_not_granted: 'Kun den, der har fået ordet, kan skrive nu.',
    floor_break: 'Ingen skriver i pausen.',
    rate_limited: 'Det blev meget på én gang. Vent lidt.',
    too_many_frames: 'Din enhed sendte for meget på én gang. Vent lidt.',
    too_many_attempts: 'For mange forsøg fra dit netværk på kort tid. Vent et minut og prøv igen.',
    not_chair: 'Kun ordstyreren kan gøre dette.',
    not_eligible_to_lead: 'I denne gruppe er det kun en igangsætter, der leder mødet.',
    chair_present: 'Ordstyreren er her og kan give ordstyringen videre.',
    cannot_remove_self: 'Du kan ikke tage dig selv ud. Giv ordstyringen videre, eller forlad mødet.',
    no_round: 'Ingen runde er i gang.',
    speaker_changed: 'En anden taler allerede; ingen blev sprunget over.',
    not_open_floor: 'Ordet kan kun gives, når ordet er frit.',
    hands_off: 'Håndsoprækning er slået fra.',
    hand_already_raised: 'Din hånd er allerede oppe.',
    hand_not_raised: 'Den hånd er ikke oppe.',
    holds_floor: 'Du har ordet. Giv det fra dig, før du rækker hånden op.',
    not_floor_holder: 'Du har ikke ordet.',
  },
}

const strings: Record<Lang, Strings> = { en, nb, da }

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
