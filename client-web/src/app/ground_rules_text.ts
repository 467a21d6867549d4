// The group's one text (PSG1.md §3.7) read as two parts, by a client convention: every line that
// starts with "☎ " is a crisis line, "☎ <label>: <number or address>", and the rest is the ground
// rules and confidentiality pledge. The crisis lines live in the text so that pledge_hash covers
// them and only a decision of the group changes them; the 39-byte frame stays as it is.

/** What a crisis line starts with: U+260E BLACK TELEPHONE and a space. */
export const crisisMark = '\u260e '

export interface CrisisLine {
  label: string
  /** A phone number or an address; empty when the line has no ": " to split at. */
  contact: string
}

export interface GroundRulesParts {
  rules: string
  crisis: CrisisLine[]
}

/** Why a person's rules and crisis lines do not make a text (the editor says it plainly). */
export type TextProblem = 'rules' | 'crisis' | 'long' | 'same' | null

const maxTextBytes = 8192

/** A line's label and contact, split at the last ": " (an address may hold a colon, not ": "). */
function crisisLine(body: string): CrisisLine {
  const at = body.lastIndexOf(': ')
  if (at < 0) return { label: body.trim(), contact: '' }
  return { label: body.slice(0, at).trim(), contact: body.slice(at + 2).trim() }
}

/** The text split into its ground rules and its crisis lines, in the order written. */
export function splitGroundRules(text: string): GroundRulesParts {
  const rules: string[] = []
  const crisis: CrisisLine[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith(crisisMark)) crisis.push(crisisLine(line.slice(crisisMark.length)))
    else rules.push(line)
  }
  return { rules: rules.join('\n').trimEnd(), crisis }
}

/** A crisis line as a person reads and writes it: "label: contact". */
export function crisisLineText(line: CrisisLine): string {
  return line.contact === '' ? line.label : `${line.label}: ${line.contact}`
}

/**
 * The crisis lines a person wrote, one a line as "label: contact" (a leading ☎ is allowed), or
 * null when a line has no label or no contact.
 */
export function readCrisisLines(written: string): CrisisLine[] | null {
  const lines: CrisisLine[] = []
  for (const raw of written.split(/\r?\n/)) {
    const body = raw.trim().replace(/^\u260e\s*/, '')
    if (body === '') continue
    const line = crisisLine(body)
    if (line.label === '' || line.contact === '') return null
    lines.push(line)
  }
  return lines
}

/** The one text: the rules, a blank line, then one "☎ label: contact" line per crisis line. */
export function composeGroundRules(rules: string, crisis: readonly CrisisLine[]): string {
  // A rules line that begins with the mark would be read back as a crisis line: it is kept as
  // written but moved off the mark by a space, so the text means what the editor showed.
  const body = rules
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.startsWith(crisisMark) ? ` ${line}` : line))
    .join('\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
  const lines = crisis.map((line) => `${crisisMark}${crisisLineText(line)}`)
  return lines.length === 0 ? body : `${body}\n\n${lines.join('\n')}`
}

/** Why rules and written crisis lines cannot become the group's text, or null with the text. */
export function composeProblem(rules: string, written: string, current: string | null): { problem: TextProblem; text: string | null } {
  if (rules.trim() === '') return { problem: 'rules', text: null }
  const crisis = readCrisisLines(written)
  if (crisis === null) return { problem: 'crisis', text: null }
  const text = composeGroundRules(rules, crisis)
  if (new TextEncoder().encode(text).length > maxTextBytes || /\p{Surrogate}/u.test(text)) return { problem: 'long', text: null }
  if (text === current) return { problem: 'same', text: null }
  return { problem: null, text }
}

export interface ChangedLines {
  removed: string[]
  added: string[]
}

/**
 * The lines of old that new no longer has and the lines new adds, by a longest common
 * subsequence of lines; blank lines are left out, as nobody needs to be told of them.
 */
export function changedLines(before: string, after: string): ChangedLines {
  const a = before.split('\n')
  const b = after.split('\n')
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = common[i] as number[]
      const below = common[i + 1] as number[]
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number)
    }
  }
  const removed: string[] = []
  const added: string[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++
      j++
    } else if (j < b.length && (i === a.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))) {
      added.push(b[j] as string)
      j++
    } else {
      removed.push(a[i] as string)
      i++
    }
  }
  const shown = (line: string) => line.trim() !== ''
  return { removed: removed.filter(shown), added: added.filter(shown) }
}
