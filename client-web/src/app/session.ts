// The connection and login (PROTOCOL.md §4): hello, challenge, auth and redeem. Each auth, redeem
// and join_request needs a fresh challenge; challenge() asks for one, reconnecting first if the
// server closed an idle connection (it gives 10 s to log in, 10 min after a knock).

import { Connection, groupSocketUrl, type ServerFrame } from '../net/connection.ts'
import type { ClientFrame } from './context.ts'
import { FrameError, optStr, str } from './frames.ts'
import type { AppState, ConnectionState } from './state.ts'
import type { Store } from './store.ts'

export interface SessionEvents {
  frame(frame: ServerFrame): void
  authed(role: 'facilitator' | 'member' | 'pending', member: string): void
  error(code: string, ref: string | undefined): void
  closed(code: number): void
}

export class Session {
  #connection: Connection | null = null
  #waiting: ((nonce: string) => void)[] = []
  #rejecting: ((err: Error) => void)[] = []

  readonly group: string
  readonly store: Store<AppState>
  readonly events: SessionEvents

  constructor(group: string, store: Store<AppState>, events: SessionEvents) {
    this.group = group
    this.store = store
    this.events = events
  }

  connect(): void {
    this.#setState('connecting')
    this.#connection = new Connection(groupSocketUrl(this.group), {
      open: () => {
        this.#setState('connected')
        this.#connection?.send({ t: 'hello', v: 1 })
      },
      frame: (frame) => this.#onFrame(frame),
      close: (code) => {
        this.#connection = null
        for (const reject of this.#rejecting) reject(new Error('connection closed'))
        this.#waiting = []
        this.#rejecting = []
        if (this.store.state.connection !== 'error') this.#setState('closed')
        this.events.closed(code)
      },
    })
  }

  get isOpen(): boolean {
    return this.#connection?.isOpen ?? false
  }

  send(frame: ClientFrame): boolean {
    return this.#connection?.send(frame) ?? false
  }

  /** A fresh challenge nonce (base64url) for one auth, redeem or join_request. */
  challenge(): Promise<string> {
    const nonce = new Promise<string>((resolve, reject) => {
      this.#waiting.push(resolve)
      this.#rejecting.push(reject)
    })
    if (this.#connection === null) this.connect()
    else if (this.#connection.isOpen) this.#connection.send({ t: 'hello', v: 1 })
    return nonce
  }

  close(): void {
    this.#connection?.close()
  }

  #setState(connection: ConnectionState, serverError: string | null = null, serverErrorSpeaker: string | null = null): void {
    this.store.update((state) => ({ ...state, connection, serverError, serverErrorSpeaker }))
  }

  #onFrame(frame: ServerFrame): void {
    try {
      switch (frame.t) {
        case 'challenge': {
          const nonce = str(frame, 'nonce')
          this.#setState('challenge')
          const resolve = this.#waiting.shift()
          this.#rejecting.shift()
          resolve?.(nonce)
          return
        }
        case 'authed': {
          const role = str(frame, 'role')
          if (role !== 'facilitator' && role !== 'member' && role !== 'pending') throw new FrameError('authed.role')
          this.#setState('authed', null)
          this.events.authed(role, str(frame, 'member'))
          return
        }
        case 'error': {
          const code = str(frame, 'code')
          // Once logged in, a refused frame does not end the session: the connection stays
          // "authed" and the error is shown on its own.
          const connection = this.store.state.connection
          // A floor refusal names who holds the floor (PROTOCOL.md §8.4), said with it.
          this.#setState(connection === 'authed' ? 'authed' : 'error', code, optStr(frame, 'speaker') ?? null)
          this.events.error(code, optStr(frame, 'ref'))
          return
        }
        default:
          this.events.frame(frame)
      }
    } catch (err) {
      if (!(err instanceof FrameError)) throw err
      console.warn('dropped a malformed server frame:', err.message)
    }
  }
}
