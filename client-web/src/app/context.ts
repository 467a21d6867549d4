// What the protocol modules (session, roster, admission, meeting) share: the group, the store,
// the PSG1 port, this device's identity for the group, and the way to the server.

import type { GroupRecord, IdentityStore } from './identity_store.ts'
import type { Psg1Port } from './psg1_port.ts'
import type { Identity } from './psg1_types.ts'
import type { AlertCode, AppState } from './state.ts'
import { withAlert } from './state.ts'
import type { Store } from './store.ts'

export type ClientFrame = { t: string } & Record<string, unknown>

export class AppContext {
  identity: Identity | null = null
  record: GroupRecord | null = null

  readonly roomId: string
  readonly origin: string
  readonly store: Store<AppState>
  readonly psg1: Psg1Port
  readonly identities: IdentityStore
  readonly send: (frame: ClientFrame) => boolean
  readonly challenge: () => Promise<string>

  constructor(parts: {
    roomId: string
    origin: string
    store: Store<AppState>
    psg1: Psg1Port
    identities: IdentityStore
    send: (frame: ClientFrame) => boolean
    challenge: () => Promise<string>
  }) {
    this.roomId = parts.roomId
    this.origin = parts.origin
    this.store = parts.store
    this.psg1 = parts.psg1
    this.identities = parts.identities
    this.send = parts.send
    this.challenge = parts.challenge
  }

  alert(code: AlertCode): void {
    this.store.update((state) => withAlert(state, code))
  }

  /** Alerts that stop this client from distributing keys until the person dismisses them (§3.8). */
  get trustHeld(): boolean {
    return this.store.state.alerts.some((a) => a.code === 'rollback' || a.code === 'fork' || a.code === 'roster_invalid')
  }

  /** Change the stored record of the group, in memory at once and in IndexedDB soon after. */
  saveRecord(change: Partial<GroupRecord>): void {
    if (this.record === null) return
    this.record = { ...this.record, ...change }
    this.identities.update(this.roomId, change).catch((err: unknown) => console.warn('could not store the group record', err))
  }

  /** Forget this group on this device: keys in memory and the stored record. */
  async forget(): Promise<void> {
    if (this.identity !== null) this.psg1.wipeIdentity(this.identity)
    this.identity = null
    this.record = null
    await this.identities.remove(this.roomId).catch((err: unknown) => console.warn('could not remove the group record', err))
  }
}
