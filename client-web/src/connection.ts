// The WebSocket to the group's live endpoint (protocol/PROTOCOL.md §1, §4). For this milestone
// it says hello and shows that the server's challenge arrived.

import type { Strings } from './i18n.ts'

type ServerFrame = { t: string; code?: unknown }

/** Split one server message into its frames: one JSON object per line (PROTOCOL.md §1). */
export function splitFrames(data: string): ServerFrame[] {
  const frames: ServerFrame[] = []
  for (const line of data.split('\n')) {
    if (line === '') continue
    const value: unknown = JSON.parse(line)
    if (typeof value === 'object' && value !== null && typeof (value as ServerFrame).t === 'string') {
      frames.push(value as ServerFrame)
    }
  }
  return frames
}

export function setupConnection(status: HTMLElement, group: string, text: Strings): WebSocket {
  const show = (state: string, message: string) => {
    status.dataset.state = state
    status.textContent = message
  }

  show('connecting', text.connecting)
  const ws = new WebSocket(`wss://${location.host}/ws/${group}`)

  ws.addEventListener('open', () => {
    show('open', text.connected)
    ws.send(JSON.stringify({ t: 'hello', v: 1 }))
  })

  ws.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data !== 'string') return
    let frames: ServerFrame[]
    try {
      frames = splitFrames(event.data)
    } catch {
      console.warn('server sent a frame that is not JSON')
      return
    }
    for (const frame of frames) {
      switch (frame.t) {
        case 'challenge':
          show('challenge', text.challengeReceived)
          break
        case 'error':
          show('error', `${text.serverError} ${String(frame.code)}`)
          break
        default:
          break
      }
    }
  })

  ws.addEventListener('close', () => {
    if (status.dataset.state !== 'error') show('closed', text.disconnected)
  })

  return ws
}
