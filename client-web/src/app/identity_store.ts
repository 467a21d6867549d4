// A group's identity on this device (PSG1.md §2): IndexedDB database "sirkel", store "identity",
// key room_id. The two secret keys are stored AES-GCM-encrypted under a WebCrypto key made with
// extractable: false and kept in the same database (store "wrapping"), so a copied export of the
// record is useless; it does not help against script in the page (PSG1.md §11).
// Nothing of a meeting or a message is ever written here.

import type { Identity } from './psg1_types.ts'

const databaseName = 'sirkel'
const identityStore = 'identity'
const wrappingStore = 'wrapping'
const wrappingKeyId = 'identity-keys'
const sigSkBytes = 64
const dhSkBytes = 32

export type MembershipStatus = 'first' | 'pending' | 'member'

/** The last verified roster version (§3.8); the full entries are parsed again from tbs. */
export interface StoredRoster {
  v: number
  hash: Uint8Array
  tbs: Uint8Array
}

/** Everything this device keeps about one group, apart from the secret keys. */
export interface GroupRecord {
  status: MembershipStatus
  roster: StoredRoster | null
  /** A pending joiner's invite id, to check declines against (§4.5). */
  inviteId: string | null
  groupName: string | null
  myName: string | null
  text: string | null
  names: Record<string, string>
  compared: string[]
  lastApproved: { v: number; rh: string } | null
}

interface StoredIdentity extends GroupRecord {
  memberId: string
  sigPk: Uint8Array
  dhPk: Uint8Array
  iv: Uint8Array
  wrapped: Uint8Array
}

export interface LoadedIdentity {
  identity: Identity
  record: GroupRecord
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result))
    req.addEventListener('error', () => reject(req.error ?? new Error('IndexedDB request failed')))
  })
}

function openDatabase(): Promise<IDBDatabase> {
  const open = indexedDB.open(databaseName, 1)
  open.addEventListener('upgradeneeded', () => {
    const db = open.result
    if (!db.objectStoreNames.contains(identityStore)) db.createObjectStore(identityStore)
    if (!db.objectStoreNames.contains(wrappingStore)) db.createObjectStore(wrappingStore)
  })
  return request(open)
}

async function wrappingKey(db: IDBDatabase): Promise<CryptoKey> {
  const existing = (await request(db.transaction(wrappingStore).objectStore(wrappingStore).get(wrappingKeyId))) as
    | CryptoKey
    | undefined
  if (existing !== undefined) return existing
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  // add, not put: if another tab made one meanwhile, theirs wins and we read it back.
  await request(db.transaction(wrappingStore, 'readwrite').objectStore(wrappingStore).add(key, wrappingKeyId)).catch(
    () => undefined,
  )
  return (await request(db.transaction(wrappingStore).objectStore(wrappingStore).get(wrappingKeyId))) as CryptoKey
}

/** Bind the wrapped keys to their group and member, so a record's keys cannot be moved to another. */
function wrapAd(roomId: string, memberId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`sirkel-identity|${roomId}|${memberId}`)
}

export class IdentityStore {
  #opened: Promise<IDBDatabase> | null = null

  /** Opened on first use, so a page that never needs an identity never creates the database. */
  get #db(): Promise<IDBDatabase> {
    this.#opened ??= openDatabase()
    return this.#opened
  }

  async load(roomId: string): Promise<LoadedIdentity | null> {
    const db = await this.#db
    const stored = (await request(db.transaction(identityStore).objectStore(identityStore).get(roomId))) as
      | StoredIdentity
      | undefined
    if (stored === undefined) return null
    const key = await wrappingKey(db)
    const secrets = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(stored.iv), additionalData: wrapAd(roomId, stored.memberId) },
        key,
        new Uint8Array(stored.wrapped),
      ),
    )
    const identity: Identity = {
      memberId: stored.memberId,
      sigPk: stored.sigPk,
      dhPk: stored.dhPk,
      sigSk: secrets.slice(0, sigSkBytes),
      dhSk: secrets.slice(sigSkBytes, sigSkBytes + dhSkBytes),
    }
    secrets.fill(0)
    const { memberId: _m, sigPk: _s, dhPk: _d, iv: _i, wrapped: _w, ...record } = stored
    return { identity, record }
  }

  /** Store a new identity with its record (replaces any earlier one for the group). */
  async create(roomId: string, identity: Identity, record: GroupRecord): Promise<void> {
    const db = await this.#db
    const key = await wrappingKey(db)
    const secrets = new Uint8Array(sigSkBytes + dhSkBytes)
    secrets.set(identity.sigSk, 0)
    secrets.set(identity.dhSk, sigSkBytes)
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const wrapped = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: wrapAd(roomId, identity.memberId) }, key, secrets),
    )
    secrets.fill(0)
    const stored: StoredIdentity = {
      ...record,
      memberId: identity.memberId,
      sigPk: identity.sigPk,
      dhPk: identity.dhPk,
      iv,
      wrapped,
    }
    await request(db.transaction(identityStore, 'readwrite').objectStore(identityStore).put(stored, roomId))
  }

  /** Change the public part of a group's record; the keys stay as they are. */
  async update(roomId: string, change: Partial<GroupRecord>): Promise<void> {
    const db = await this.#db
    const tx = db.transaction(identityStore, 'readwrite')
    const store = tx.objectStore(identityStore)
    const stored = (await request(store.get(roomId))) as StoredIdentity | undefined
    if (stored === undefined) return
    await request(store.put({ ...stored, ...change }, roomId))
  }

  /** Forget the group on this device (no longer a member, or a request that ended). */
  async remove(roomId: string): Promise<void> {
    const db = await this.#db
    await request(db.transaction(identityStore, 'readwrite').objectStore(identityStore).delete(roomId))
  }
}
