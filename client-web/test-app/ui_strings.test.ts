// No sentence of the interface is written into the code that builds the page: every word a person
// reads comes from the catalogue (src/i18n.ts), so a language switch changes all of it. The views'
// source is read as text and every string literal in it that looks like words is reported; the
// few words in index.html, shown before the script runs, must be English words of the catalogue.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { langNames, stringsFor } from '../src/i18n.ts'

const clientDir = new URL('../../', import.meta.url)
const viewFiles = [
  ...readdirSync(new URL('src/ui/', clientDir))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `src/ui/${name}`),
  'src/main.ts',
  'src/crypto.ts',
]

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '')
}

/** The string literals of a source, template literals cut at their ${…} parts. */
function literals(source: string): string[] {
  const found: string[] = []
  for (const match of withoutComments(source).matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)) {
    if (match[1] !== undefined) found.push(match[1])
    else if (match[2] !== undefined) found.push(...templateParts(match[2]))
  }
  return found
}

/** The literal parts of a template literal's body, around its ${…} parts (which may hold braces). */
function templateParts(body: string): string[] {
  const parts: string[] = []
  let part = ''
  let depth = 0
  for (let i = 0; i < body.length; i += 1) {
    if (depth === 0 && body.startsWith('${', i)) {
      depth = 1
      i += 1
      parts.push(part)
      part = ''
    } else if (depth > 0) {
      if (body[i] === '{') depth += 1
      else if (body[i] === '}') depth -= 1
    } else {
      part += body[i]
    }
  }
  return [...parts, part]
}

/** Words a person would read: a capitalised word, a Nordic letter, or three words in a row. */
function looksLikeWords(literal: string): boolean {
  return /(^|[^A-Za-z])[A-ZÆØÅ][a-zæøå]+/.test(literal) || /[æøåÆØÅ]/.test(literal) || /[a-z]+ [a-z]+ [a-z]+/i.test(literal)
}

/** Literals that are words but never shown: a key's name, and what goes to a developer's console. */
const notShown = new Set(['Enter', 'index.html lacks ', 'libsodium failed to start'])

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Object.values(value as object).flatMap(leaves)
}

describe('the words of the interface', () => {
  it('are never written into the views: every literal that reads as words is reported', () => {
    const written = viewFiles.flatMap((file) =>
      literals(readFileSync(new URL(file, clientDir), 'utf8'))
        .filter((literal) => looksLikeWords(literal) && !notShown.has(literal))
        .map((literal) => `${file}: '${literal}'`),
    )
    assert.deepEqual(written, [])
  })

  it('catches a sentence written into a view', () => {
    const source = [
      "h('p', { text: 'Welcome to the group' })",
      "h('p', { className: 'hint writing', testid: 'floor-mode', hidden: s.lobbyNotice === null })",
      'const s = `${t.you} — Møtet ${t.say.replace(\'{name}\', name(s))}`',
    ].join('\n')
    assert.deepEqual(literals(source).filter(looksLikeWords), ['Welcome to the group', ' — Møtet '])
  })

  it('in index.html are the product name and English words of the catalogue, replaced at start', () => {
    const html = readFileSync(new URL('index.html', clientDir), 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    const texts = [...html.matchAll(/>([^<>]+)</g)].map((m) => (m[1] ?? '').trim()).filter((text) => text !== '')
    const english = new Set(leaves(stringsFor('en')))
    assert.deepEqual(
      texts.filter((text) => text !== 'Sirkel' && !english.has(text)),
      [],
    )
    assert.ok(texts.includes('Crisis lines') && texts.includes('Language'), `index.html says ${texts.join(', ')}`)
  })

  it('name each language in itself, for the switch', () => {
    assert.deepEqual(Object.keys(langNames).sort(), ['da', 'en', 'nb'])
  })
})
