// The WebSocket to the group's live endpoint (protocol/PROTOCOL.md §1). The server may put several
// frames in one WebSocket message, one per line; the client sends exactly one JSON object per
// message. This module knows nothing of what the frames mean.

/** A frame from the server: a JSON object with a string `t`. Fields are read with frames.ts. */
export type ServerFrame = { readonly t: string } & Readonly<Record<string, unknown>>

/** Split one server message into its frames: one JSON object per line (PROTOCOL.md §1). */
export function splitFrames(data: string): ServerFrame[] {
  const frames: ServerFrame[] = []
  for (const line of data.split('\n')) {
    if (line === '') continue
    const value: unknown = JSON.parse(line)
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { t?: unknown }).t === 'string') {
      frames.push(value as ServerFrame)
    }
  }
  return frames
}

export interface ConnectionEvents {
  open(): void
  frame(frame: ServerFrame): void
  close(code: number, reason: string): void
}

export class Connection {
  readonly #socket: WebSocket

  constructor(url: string, events: ConnectionEvents) {
    this.#socket = new WebSocket(url)
    this.#socket.addEventListener('open', () => events.open())
    this.#socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return
      let frames: ServerFrame[]
      try {
        frames = splitFrames(event.data)
      } catch {
        console.warn('server sent a frame that is not JSON')
        return
      }
      for (const frame of frames) events.frame(frame)
    })
    this.#socket.addEventListener('close', (event) => events.close(event.code, event.reason))
  }

  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN
  }

  /** Send one frame. Frames sent before the socket opened or after it closed are dropped. */
  send(frame: { t: string } & Record<string, unknown>): boolean {
    if (!this.isOpen) return false
    this.#socket.send(JSON.stringify(frame))
    return true
  }

  close(): void {
    this.#socket.close(1000)
  }
}

/**
 * wss://HOST/ws/<group> on the page's own host; ws:// only when the page itself came over plain
 * http (a server run with --insecure-plain, as behind the tests' tampering relay), where wss://
 * would reach no server.
 */
export function groupSocketUrl(group: string, page: { protocol: string; host: string } = location): string {
  const scheme = page.protocol === 'http:' ? 'ws' : 'wss'
  return `${scheme}://${page.host}/ws/${group}`
}
