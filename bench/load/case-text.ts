// What the intake sends: realistic go-live cases (Danish, as the superusers write them),
// with the send time stamped into the description where every client can read it.
const TITLES = [
  'Forælder kan ikke logge ind med MitID',
  'Notifikationer kommer ikke frem på forældreappen',
  'Billeder fra turen kan ikke uploades',
  'Komme/gå viser tom liste på stue 2',
  'Samtykke om billeder vises ikke for forældre',
  'Personaleappen på tabletten logger ud hele tiden',
  'Kalenderbegivenhed for forældremøde mangler',
  'Kontaktlisten viser forkert telefonnummer',
  'Pædagog kan ikke se beskeder fra forældre',
  'Beskedtråd med forældre er forsvundet',
];
const DETAILS = [
  'Det sker for flere forældre siden i morges. Vi har prøvet at genstarte appen uden held.',
  'Tabletten på stuen viser en fejl, når vi prøver igen. Personalet har brug for hjælp inden frokost.',
  'Vi har tjekket rettighederne, men kan ikke finde ud af hvad der mangler. Haster lidt.',
  'Det virkede i går. Flere kolleger oplever det samme på deres telefoner.',
];
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'] as const;

export const STAMP = /bench:t=(\d+(?:\.\d+)?)/;

export function caseBody(seq: number, sentAt: number, institutions: readonly string[], stampTitle = false) {
  const title = TITLES[seq % TITLES.length];
  return {
    title: stampTitle ? `${title} (bench:t=${sentAt.toFixed(3)})` : `${title} #${seq}`,
    description: `bench:t=${sentAt.toFixed(3)};seq=${seq}\n${DETAILS[seq % DETAILS.length]}`,
    institution: institutions[seq % institutions.length],
    priority: PRIORITIES[seq % PRIORITIES.length],
  };
}
