// Every string of the interface exists, non-empty, in Norwegian, Danish and English; the ground
// rules templates fit PSG1's text limit (§3.7) and carry a confidentiality pledge.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { groundRulesTemplate } from '../src/app/templates.ts'
import { langs, pickLang, stringsFor, translatedErrors } from '../src/i18n.ts'

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      for (const [path, leaf] of leaves(inner, prefix === '' ? key : `${prefix}.${key}`)) out.set(path, leaf)
    }
  } else {
    out.set(prefix, value)
  }
  return out
}

describe('i18n', () => {
  const en = leaves(stringsFor('en'))

  it('has every key of English in every language, as a non-empty string', () => {
    for (const lang of langs) {
      const strings = leaves(stringsFor(lang))
      assert.deepEqual([...strings.keys()].sort(), [...en.keys()].sort(), `keys of ${lang}`)
      for (const [key, value] of strings) {
        assert.equal(typeof value, 'string', `${lang}.${key} is a string`)
        assert.notEqual((value as string).trim(), '', `${lang}.${key} is not empty`)
      }
    }
  })

  it('translates Norwegian and Danish rather than copying English', () => {
    for (const lang of ['nb', 'da'] as const) {
      const strings = leaves(stringsFor(lang))
      const same = [...strings].filter(([key, value]) => value === en.get(key) && (value as string).length > 12)
      assert.deepEqual(same, [], `${lang} strings identical to English`)
    }
  })

  it('has a plain sentence for every server error it names', () => {
    for (const lang of langs) {
      for (const code of translatedErrors) assert.ok(stringsFor(lang).errorCodes[code].length > 0, `${lang} ${code}`)
    }
  })

  it('keeps the words the browser tests look for', () => {
    assert.equal(stringsFor('en').challengeReceived, 'challenge received')
    assert.equal(stringsFor('en').cryptoReady, 'crypto ready')
    assert.equal(stringsFor('nb').cryptoReady, 'kryptering klar')
    assert.match(stringsFor('en').description, /self-help groups/)
    assert.match(stringsFor('nb').description, /selvhjelpsgrupper/)
  })

  it('picks the language from the browser, Bokmål for any Norwegian, English otherwise', () => {
    assert.equal(pickLang(['nn-NO', 'en']), 'nb')
    assert.equal(pickLang(['no']), 'nb')
    assert.equal(pickLang(['da-DK']), 'da')
    assert.equal(pickLang(['sv-SE', 'de']), 'en')
  })

  it('offers a ground-rules template in each language within 1..8192 bytes, with a pledge', () => {
    const pledge = { nb: /Taushetserklæring/, da: /Tavshedserklæring/, en: /Confidentiality pledge/ }
    for (const lang of langs) {
      const text = groundRulesTemplate(lang)
      const bytes = new TextEncoder().encode(text).length
      assert.ok(bytes >= 1 && bytes <= 8192, `${lang} template is ${bytes} bytes`)
      assert.match(text, pledge[lang])
      assert.match(text, /18/)
    }
  })
})
