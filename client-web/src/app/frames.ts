// Reading fields of server frames. A server frame is untrusted input: every field is checked for
// its type before use, and a frame that lacks one is dropped with a console warning (never shown
// to the person: it is a server bug or an attack, and PSG1's checks decide what to alert on).

import type { ServerFrame } from '../net/connection.ts'

export class FrameError extends Error {}

export function str(frame: ServerFrame, key: string): string {
  const value = frame[key]
  if (typeof value !== 'string') throw new FrameError(`${frame.t}.${key} is not a string`)
  return value
}

export function optStr(frame: ServerFrame, key: string): string | undefined {
  return frame[key] === undefined ? undefined : str(frame, key)
}

export function int(frame: ServerFrame, key: string): number {
  const value = frame[key]
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FrameError(`${frame.t}.${key} is not a non-negative integer`)
  }
  return value
}

export function optInt(frame: ServerFrame, key: string): number | undefined {
  return frame[key] === undefined ? undefined : int(frame, key)
}

export function bool(frame: ServerFrame, key: string): boolean {
  const value = frame[key]
  if (typeof value !== 'boolean') throw new FrameError(`${frame.t}.${key} is not a boolean`)
  return value
}

export function strList(frame: ServerFrame, key: string): string[] {
  const value = frame[key]
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new FrameError(`${frame.t}.${key} is not a list of strings`)
  }
  return value as string[]
}

/** A list of objects; each is given to read as a frame-like record with the parent's `t`. */
export function objList<T>(frame: ServerFrame, key: string, read: (item: ServerFrame) => T): T[] {
  const value = frame[key]
  if (!Array.isArray(value)) throw new FrameError(`${frame.t}.${key} is not a list`)
  return value.map((item: unknown) => read(obj(frame.t, key, item)))
}

export function objField(frame: ServerFrame, key: string): ServerFrame {
  return obj(frame.t, key, frame[key])
}

export function optObj(frame: ServerFrame, key: string): ServerFrame | undefined {
  return frame[key] === undefined ? undefined : obj(frame.t, key, frame[key])
}

function obj(t: string, key: string, value: unknown): ServerFrame {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FrameError(`${t}.${key} is not an object`)
  }
  return { ...(value as Record<string, unknown>), t } as ServerFrame
}

/** The approvals or declines of a frame: [{"m","sig"}]. */
export interface Signed {
  m: string
  sig: string
}

export function signedList(frame: ServerFrame, key: string): Signed[] {
  return objList(frame, key, (item) => ({ m: str(item, 'm'), sig: str(item, 'sig') }))
}
