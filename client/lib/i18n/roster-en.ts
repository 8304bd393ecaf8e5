// The English of roster.ts, spread into en.ts. A file of its own so a Danish reader's browser
// never fetches it (i18n.svelte.ts loads English when it is chosen).
import type { rosterDa } from './roster.ts';

export const rosterEn: Record<keyof typeof rosterDa, string> = {
  'roster.nextDay': '(next day)',
  'roster.endDate': 'End day',
  'roster.endDateHint': 'Empty: the same day, or the next day when the end time is before the start time.',

  'week.title': 'Week {week}: {from} – {to}',
  'week.prev': 'Previous week',
  'week.next': 'Next week',
  'week.person': 'Person',
  'week.noPeople': 'Nobody on the team yet. Create users under Accounts.',
  'week.edit': 'Edit the shift {time} of {name}, {day}',

  'edit.heading': 'Edit the shift of {name}',
  'edit.startDay': 'Start day',
  'edit.startTime': 'Start time',
  'edit.endTime': 'End time',
  'edit.endDay': 'End day',
  'edit.save': 'Save the shift',
  'edit.cancel': 'Cancel',
  'edit.saved': 'The shift is moved to {start}–{end}.',

  'cover.heading': 'Coverage per hour',
  'cover.intro': 'People on shift beside the cases that came in. Marked: more than {limit} cases per person on shift in the hour, or cases with nobody on shift.',
  'cover.day': 'Day',
  'cover.caption': 'Coverage {day}',
  'cover.hour': 'Hour',
  'cover.people': 'On shift',
  'cover.arrivals': 'Cases',
  'cover.perPerson': 'Per person',
  'cover.thin': 'Thin booking',
  'cover.nobody': 'nobody',
  'cover.loading': 'Loading the cases …',
  'cover.loadFailed': 'The cases could not be loaded ({message}).',
  'cover.retry': 'Try again',
};
