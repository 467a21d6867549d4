// The rules for the numbers of the group frame (PSG1.md §3.1), shared by the form that writes
// version 1 and the form that proposes a change, so both refuse the same things.

import type { FrameNumbers } from './psg1_port.ts'

export type FrameProblem = 'sizeCap' | 'turn' | 'term'

/** The first field of the frame that PSG1 would refuse, or null. */
export function frameProblem(frame: Pick<FrameNumbers, 'sizeCap' | 'turnS' | 'facTerm'>): FrameProblem | null {
  if (!Number.isInteger(frame.sizeCap) || frame.sizeCap < 2 || frame.sizeCap > 12) return 'sizeCap'
  if (!Number.isInteger(frame.turnS) || (frame.turnS !== 0 && (frame.turnS < 30 || frame.turnS > 3600))) return 'turn'
  if (!Number.isInteger(frame.facTerm) || frame.facTerm < 0 || frame.facTerm > 65535) return 'term'
  return null
}

export type FrameChangeProblem = FrameProblem | 'belowMembers' | 'unchanged'

/**
 * Why a proposed frame cannot be proposed on top of the current one: a field out of range, a size
 * below the members the group has now (verify_step would refuse it, §3.5 check 4), or no change.
 */
export function frameChangeProblem(current: FrameNumbers, proposed: FrameNumbers, members: number): FrameChangeProblem | null {
  const problem = frameProblem(proposed)
  if (problem !== null) return problem
  if (proposed.sizeCap < members) return 'belowMembers'
  const same =
    proposed.sizeCap === current.sizeCap &&
    proposed.admission === current.admission &&
    proposed.opening === current.opening &&
    proposed.facTerm === current.facTerm &&
    proposed.turnS === current.turnS
  return same ? 'unchanged' : null
}
