// The client's words (client-web/src/i18n.ts) for the browser tests, read from the source the
// client is built from: typescript (installed in client-web) strips its types, and the module is
// imported from a temporary file. Its imports are types only, so nothing else is needed.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { repoRoot } from './sirkel_server.mjs'

const clientDir = path.join(repoRoot, 'client-web')

/** { langs, stringsFor } of i18n.ts. */
export async function loadCatalogue() {
  const ts = createRequire(path.join(clientDir, 'package.json'))('typescript')
  const source = await readFile(path.join(clientDir, 'src', 'i18n.ts'), 'utf8')
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sirkel-i18n-'))
  try {
    const file = path.join(dir, 'i18n.mjs')
    await writeFile(file, outputText)
    return await import(pathToFileURL(file).href)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Every string of one language, flattened. */
export function leaves(value) {
  if (typeof value === 'string') return [value]
  return Object.values(value).flatMap(leaves)
}

/**
 * The pieces of other languages' strings that would give away a screen not said in `lang`: the
 * parts between placeholders ({name}) of at least `min` characters that no string of `lang`
 * contains.
 */
export function foreignPieces(catalogue, lang, min = 12) {
  const own = leaves(catalogue.stringsFor(lang))
  const pieces = new Set()
  for (const other of catalogue.langs) {
    if (other === lang) continue
    for (const text of leaves(catalogue.stringsFor(other))) {
      for (const piece of text.split(/\{[a-z]+\}/)) {
        const trimmed = piece.trim()
        if (trimmed.length >= min && !own.some((s) => s.includes(trimmed))) pieces.add(trimmed)
      }
    }
  }
  return [...pieces]
}
