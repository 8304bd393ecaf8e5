// The Danish texts of the roster's week grid, the shift editor and the coverage table, spread
// into da.ts (the English is in roster-en.ts).
export const rosterDa = {
  'roster.nextDay': '(næste dag)',
  'roster.endDate': 'Slutdag',
  'roster.endDateHint': 'Tom: samme dag, eller næste dag når sluttiden er før starttiden.',

  'week.title': 'Uge {week}: {from} – {to}',
  'week.prev': 'Forrige uge',
  'week.next': 'Næste uge',
  'week.person': 'Person',
  'week.noPeople': 'Ingen i holdet endnu. Opret brugere under Brugere.',
  'week.edit': 'Ret vagten {time} for {name}, {day}',

  'edit.heading': 'Ret vagt for {name}',
  'edit.startDay': 'Startdag',
  'edit.startTime': 'Starttid',
  'edit.endTime': 'Sluttid',
  'edit.endDay': 'Slutdag',
  'edit.save': 'Gem vagten',
  'edit.cancel': 'Annuller',
  'edit.saved': 'Vagten er flyttet til {start}–{end}.',

  'cover.heading': 'Dækning pr. time',
  'cover.intro': 'Folk på vagt ved siden af de henvendelser, der kom ind. Markeret: mere end {limit} henvendelser pr. person på vagt i timen, eller henvendelser uden nogen på vagt.',
  'cover.day': 'Dag',
  'cover.caption': 'Dækning {day}',
  'cover.hour': 'Time',
  'cover.people': 'På vagt',
  'cover.arrivals': 'Henvendelser',
  'cover.perPerson': 'Pr. person',
  'cover.thin': 'Tynd bemanding',
  'cover.nobody': 'ingen',
  'cover.loading': 'Henter henvendelserne …',
  'cover.loadFailed': 'Henvendelserne kunne ikke hentes ({message}).',
  'cover.retry': 'Prøv igen',
};
