// The ground rules and confidentiality pledge a new group starts from (PSG1.md §3.7, §4.7), in
// the three languages. The first member edits it before the group begins; joiners read the
// group's own version. Written from the groups' published frames and principles
// (Selvhjelp Norge's "rammer og prinsipper", LINK, Selvhjælp Silkeborg; /work/shared/seeds).

import type { Lang } from '../i18n.ts'
import type { CrisisLine } from './ground_rules_text.ts'

const nb = `Rammer for gruppa

• Gruppa er lukket. Ingen nye kommer inn uten at vi har bestemt det sammen.
• Alle deltakere er over 18 år.
• Vi møtes til fast tid, omtrent to timer med en pause.
• Vi starter med en runde der alle kan si hvordan de har det, og avslutter med en runde om hvordan møtet var.
• Si fra hvis du ikke kan komme, eller hvis du vil slutte i gruppa (meldeplikt).
• Ingen skriver ned noe fra møtene. Sirkel lagrer ingen meldinger.

Prinsipper for samtalen

• Her og nå: snakk om det som er viktig for deg i dag.
• Snakk ut fra deg selv, og si «jeg».
• Tør å la være å gi råd. Lytt, og del heller din egen erfaring.
• Del smerten, men ikke ta over den andres.
• Ikke si mer enn du er klar for. Det er helt i orden å stå over.
• Lytt til den som har ordet.

Taushetserklæring

Jeg lover å ikke fortelle videre noe av det som blir sagt i gruppa, eller hvem som er med, verken mens jeg er med eller etter at jeg har sluttet. Det som blir sagt i gruppa, blir i gruppa.`

const da = `Rammer for gruppen

• Gruppen er lukket. Der kommer ingen nye med, uden at vi har besluttet det sammen.
• Alle deltagere er over 18 år.
• Vi mødes på et fast tidspunkt, cirka to timer med en pause.
• Vi starter med en runde, hvor alle kan sige, hvordan de har det, og slutter med en runde om, hvordan mødet var.
• Sig til, hvis du ikke kan komme, eller hvis du vil stoppe i gruppen.
• Ingen skriver noget ned fra møderne. Sirkel gemmer ingen beskeder.

Principper for samtalen

• Her og nu: tal om det, der er vigtigt for dig i dag.
• Tal ud fra dig selv, og sig »jeg«.
• Tør at lade være med at give råd. Lyt, og del hellere din egen erfaring.
• Del smerten, men overtag ikke den andens.
• Sig ikke mere, end du er klar til. Det er helt i orden at springe over.
• Samtalen går på skift, og alle, der ønsker det, får taletid. Lyt til den, der har ordet.

Tavshedserklæring

Jeg lover ikke at fortælle videre, hvad der bliver sagt i gruppen, eller hvem der er med, hverken mens jeg er med, eller efter at jeg er stoppet. Det, der bliver sagt i gruppen, bliver i gruppen.`

const en = `Our group's frame

• The group is closed. Nobody new comes in unless we have decided it together.
• Everyone in the group is 18 or older.
• We meet at a fixed time, about two hours with a break.
• We begin with a round where everyone can say how they are, and end with a round on how the meeting was.
• Say so if you cannot come, or if you want to leave the group.
• Nobody writes anything down from the meetings. Sirkel keeps no messages.

Principles for the conversation

• Here and now: talk about what matters to you today.
• Speak from yourself, and say "I".
• Dare not to give advice. Listen, and share your own experience instead.
• Share the pain, but do not take over someone else's.
• Do not say more than you are ready for. It is fine to pass.
• Listen to the person who has the word.

Confidentiality pledge

I promise not to pass on anything that is said in the group, or who takes part, while I am in the group or after I have left it. What is said in the group stays in the group.`

const templates: Record<Lang, string> = { nb, da, en }

export function groundRulesTemplate(lang: Lang): string {
  return templates[lang]
}

// The crisis lines built into the client (§3.7 client convention, app/ground_rules_text.ts):
// shown to a member or joiner who has no group text yet and offered to a new group, unless the
// organisation's server gives its own (organisation_crisis_lines.ts). Norway first: it is the
// line most of the groups need.
const crisis: Record<Lang, CrisisLine[]> = {
  nb: [
    { label: 'Norge, Mental Helses hjelpetelefon', contact: '116 123' },
    { label: 'Danmark, Livslinien', contact: '70 201 201' },
  ],
  da: [
    { label: 'Norge, Mental Helses hjælpetelefon', contact: '116 123' },
    { label: 'Danmark, Livslinien', contact: '70 201 201' },
  ],
  en: [
    { label: 'Norway, Mental Helse’s helpline', contact: '116 123' },
    { label: 'Denmark, Livslinien', contact: '70 201 201' },
  ],
}

export function crisisLinesTemplate(lang: Lang): CrisisLine[] {
  return crisis[lang].map((line) => ({ ...line }))
}

/** The lines to show or offer where the group has none: the organisation's, else the built-in ones. */
export function defaultCrisisLines(lang: Lang, organisation: readonly CrisisLine[] | null): CrisisLine[] {
  return organisation === null || organisation.length === 0 ? crisisLinesTemplate(lang) : organisation.map((line) => ({ ...line }))
}
