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

  it('shows no protocol word to a person, in any language', () => {
    // The words of PSG1 and PROTOCOL.md, and the Norwegian and Danish for "challenge": a
    // participant reads "Connected", not "challenge received".
    const jargon = /\b(challenge|utfordring|udfordring|epoch|ekey|skd|roster|nonce|hash|crypto|member_id|ciphertext|PSG1)\b/i
    for (const lang of langs) {
      for (const [key, value] of leaves(stringsFor(lang))) {
        assert.doesNotMatch(value as string, jargon, `${lang}.${key}`)
        assert.doesNotMatch(value as string, /\b[a-z]+_[a-z_]+\b/, `${lang}.${key} holds no code like not_a_member`)
      }
    }
    // The check itself catches the old status.
    assert.match('challenge received', jargon)
  })

  it('has a plain sentence for every server error it names', () => {
    for (const lang of langs) {
      for (const code of translatedErrors) assert.ok(stringsFor(lang).errorCodes[code].length > 0, `${lang} ${code}`)
    }
  })

  it('keeps the words the browser tests look for', () => {
    assert.equal(stringsFor('en').connected, 'Connected.')
    assert.equal(stringsFor('en').cryptoReady, 'Encryption is ready.')
    assert.equal(stringsFor('nb').cryptoReady, 'Krypteringen er klar.')
    assert.match(stringsFor('en').meetingKeys, /^Setting up encryption/)
    assert.match(stringsFor('en').meetingReady, /^You can write\./)
    assert.match(stringsFor('nb').meetingReady, /^Du kan skrive\./)
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
