// Screens before membership: the first member's start and setup (§4.7), reading an invite and
// asking to join (§4.3, §4.4), waiting, and the ends of a request (declined, lapsed).

import type { Actions, GroupSetup } from '../app/app.ts'
import type { AppState } from '../app/state.ts'
import { crisisLineText, splitGroundRules } from '../app/ground_rules_text.ts'
import { defaultCrisisLines, groundRulesTemplate } from '../app/templates.ts'
import { type Lang, type Strings, langNames, langs } from '../i18n.ts'
import { checkbox, field, fill, h } from './dom.ts'
import { heading, memberName, safetyGroups, type Screen } from './common.ts'

export function messageScreen(testid: string, title: string, body: string, extra?: HTMLElement): Screen {
  return { root: h('section', { testid, className: 'screen' }, heading(title), h('p', { text: body }), extra) }
}

export function startGroupScreen(_state: AppState, t: Strings, actions: Actions): Screen {
  const button = h('button', { testid: 'start-group-button', text: t.startGroupButton, attrs: { type: 'button' } })
  button.addEventListener('click', () => actions.startGroup())
  const root = h(
    'section',
    { testid: 'screen-start-group', className: 'screen' },
    heading(t.startGroupTitle),
    h('p', { text: t.startGroupText }),
    button,
  )
  return {
    root,
    update(s) {
      button.disabled = s.busy
    },
  }
}

export function setupGroupScreen(state: AppState, t: Strings, actions: Actions): Screen {
  const groupName = h('input', { testid: 'setup-group-name', attrs: { type: 'text', maxlength: '64', autocomplete: 'off', required: '' } })
  const myName = h('input', { testid: 'setup-my-name', attrs: { type: 'text', maxlength: '63', autocomplete: 'off', required: '' } })
  const sizeCap = h('input', { testid: 'setup-size-cap', attrs: { type: 'number', min: '2', max: '12', value: '8' } })
  const admission = h(
    'select',
    { testid: 'setup-admission' },
    h('option', { text: t.admissionAll, attrs: { value: '0' } }),
    h('option', { text: t.admissionMajority, attrs: { value: '1' } }),
  )
  const opening = h(
    'select',
    { testid: 'setup-opening' },
    h('option', { text: t.openingFacilitators, attrs: { value: '0' } }),
    h('option', { text: t.openingAnyone, attrs: { value: '1' } }),
  )
  const facTerm = h('input', { testid: 'setup-fac-term', attrs: { type: 'number', min: '0', max: '65535', value: '0' } })
  const turn = h('input', { testid: 'setup-turn', attrs: { type: 'number', min: '0', max: '3600', value: '0' } })
  const templateLang = h('select', { testid: 'setup-template-lang' }, ...langs.map((l) => h('option', { text: langNames[l], attrs: { value: l } })))
  templateLang.value = state.lang
  const text = h('textarea', { testid: 'setup-text', attrs: { rows: '14', required: '' } })
  // The crisis lines become "☎ " lines of the group's one text (§3.7), one "label: number" a line here.
  const crisis = h('textarea', { testid: 'setup-crisis', attrs: { rows: '3' } })
  // The suggested crisis lines: the organisation's where its server gives them, else built-in.
  let organisation = state.organisationCrisisLines
  const suggestedCrisis = (lang: Lang) => defaultCrisisLines(lang, organisation).map(crisisLineText).join('\n')
  const fillTemplate = (lang: Lang) => {
    text.value = groundRulesTemplate(lang)
    crisis.value = suggestedCrisis(lang)
  }
  fillTemplate(state.lang)
  templateLang.addEventListener('change', () => fillTemplate(templateLang.value as Lang))
  const problem = h('p', { testid: 'setup-problem', className: 'problem', attrs: { role: 'alert' } })
  const submit = h('button', { testid: 'setup-submit', text: t.setupSubmit, attrs: { type: 'submit' } })

  const form = h(
    'form',
    { testid: 'setup-form', attrs: { novalidate: '' } },
    field(t.setupGroupName, groupName, t.setupGroupNameHint),
    field(t.setupMyName, myName, t.pseudonymHint),
    field(t.setupSizeCap, sizeCap, t.setupSizeCapHint),
    field(t.setupAdmission, admission),
    field(t.setupOpening, opening),
    field(t.setupFacTerm, facTerm, t.setupFacTermHint),
    field(t.setupTurn, turn, t.setupTurnHint),
    field(t.setupTemplateLang, templateLang, t.setupTemplateHint),
    field(t.setupText, text),
    field(t.setupCrisis, crisis, t.setupCrisisHint),
    problem,
    submit,
  )
  const problems: Record<string, [string, HTMLElement]> = {
    groupName: [t.problemGroupName, groupName],
    name: [t.problemName, myName],
    sizeCap: [t.problemSizeCap, sizeCap],
    turn: [t.problemTurn, turn],
    term: [t.problemTerm, facTerm],
    text: [t.problemText, text],
    crisis: [t.problemCrisis, crisis],
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const setup: GroupSetup = {
      groupName: groupName.value,
      myName: myName.value,
      sizeCap: Number(sizeCap.value),
      admission: admission.value === '1' ? 1 : 0,
      opening: opening.value === '1' ? 1 : 0,
      facTerm: Number(facTerm.value),
      turnS: Number(turn.value),
      text: text.value,
      crisis: crisis.value,
    }
    const found = actions.setupProblem(setup)
    for (const [, control] of Object.values(problems)) control.removeAttribute('aria-invalid')
    if (found !== null) {
      const [message, control] = problems[found] ?? [t.problemText, text]
      problem.textContent = message
      control.setAttribute('aria-invalid', 'true')
      control.focus()
      return
    }
    problem.textContent = ''
    actions.setupGroup(setup)
  })
  const root = h('section', { testid: 'screen-setup-group', className: 'screen' }, heading(t.setupTitle), h('p', { text: t.setupIntro }), form)
  return {
    root,
    update(s) {
      submit.disabled = s.busy
      // The organisation's lines came after the form was filled: they replace the suggestion
      // unless the person has already changed it.
      if (s.organisationCrisisLines !== organisation) {
        const untouched = crisis.value === suggestedCrisis(templateLang.value as Lang)
        organisation = s.organisationCrisisLines
        if (untouched) crisis.value = suggestedCrisis(templateLang.value as Lang)
      }
    },
  }
}

export function knockScreen(state: AppState, t: Strings, actions: Actions): Screen {
  const knock = state.knock
  const info = knock?.info
  const safetyList = h('ol', { testid: 'knock-safety', className: 'safety-list' })
  const verifying = h('p', { testid: 'knock-verifying', attrs: { role: 'status' }, text: t.knockVerifying })
  const name = h('input', { testid: 'join-name', attrs: { type: 'text', maxlength: '63', autocomplete: 'off', required: '' } })
  const adult = checkbox(t.joinAdult, 'join-adult')
  const pledge = checkbox(t.joinPledge, 'join-pledge')
  const problem = h('p', { testid: 'join-problem', className: 'problem', attrs: { role: 'alert' } })
  const submit = h('button', { testid: 'join-submit', text: t.joinSubmit, attrs: { type: 'submit' } })
  const cancel = h('button', { testid: 'join-cancel', text: t.joinCancel, attrs: { type: 'button' }, className: 'secondary' })
  cancel.addEventListener('click', () => actions.leaveInvite())
  const form = h(
    'form',
    { testid: 'join-form', attrs: { novalidate: '' } },
    h('h3', { text: t.joinTitle }),
    field(t.joinName, name, t.pseudonymHint),
    adult.row,
    pledge.row,
    problem,
    h('div', { className: 'buttons' }, submit, cancel),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const choice = { name: name.value, adult: adult.input.checked, pledge: pledge.input.checked }
    const found = actions.joinProblem(choice)
    if (found !== null) {
      const [message, control] =
        found === 'name' ? [t.problemName, name] : found === 'adult' ? [t.problemAdult, adult.input] : [t.problemPledge, pledge.input]
      problem.textContent = message
      control.focus()
      return
    }
    problem.textContent = ''
    actions.askToJoin(choice)
  })

  const root = h(
    'section',
    { testid: 'screen-knock', className: 'screen' },
    heading(t.knockTitle),
    h('p', {}, t.knockGroup, ' ', h('strong', { testid: 'knock-group-name', text: info?.groupName ?? '' })),
    h('p', {}, t.knockCreator, ' ', h('strong', { testid: 'knock-creator', text: info?.creatorName ?? '' })),
    h('h3', { text: t.groundRulesTitle }),
    // Its crisis lines are shown with the others, in the page's footer.
    h('div', { testid: 'knock-text', className: 'rules-text', text: info === undefined ? '' : splitGroundRules(info.text).rules }),
    h('h3', { text: t.safetyTitle }),
    h('p', { className: 'hint', text: t.knockSafetyHint }),
    verifying,
    safetyList,
    form,
  )
  const update = (s: AppState) => {
    const verified = s.knock?.roster != null
    verifying.textContent = verified ? t.knockVerified : t.knockVerifying
    if (verified && safetyList.childElementCount === 0) {
      fill(
        safetyList,
        ...(s.knock?.safety ?? []).map((item) =>
          h(
            'li',
            { testid: 'knock-safety-item' },
            h('span', { testid: 'knock-safety-name', text: memberName(s, item.memberId, t) }),
            safetyGroups(item.digits, 'safety-number'),
          ),
        ),
      )
    }
    submit.disabled = s.busy || !verified
  }
  update(state)
  return { root, update }
}

export function pendingScreen(_state: AppState, t: Strings, actions: Actions): Screen {
  const withdraw = h('button', { testid: 'withdraw-button', text: t.withdrawButton, attrs: { type: 'button' }, className: 'secondary' })
  withdraw.addEventListener('click', () => actions.withdrawRequest())
  return {
    root: h(
      'section',
      { testid: 'screen-pending', className: 'screen' },
      heading(t.pendingTitle),
      h('p', { text: t.pendingText }),
      h('p', { className: 'hint', text: t.pendingSafetyHint }),
      withdraw,
    ),
  }
}

export function declinedScreen(_state: AppState, t: Strings): Screen {
  return {
    root: h(
      'section',
      { testid: 'screen-declined', className: 'screen' },
      heading(t.declinedTitle),
      h('p', { text: t.declinedText }),
      h('p', { text: t.declinedNotYou }),
      // The crisis lines follow right below, in the page's footer.
      h('p', { text: t.declinedOther }),
    ),
  }
}
