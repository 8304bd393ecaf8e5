// The texts of answers before sending (the intake form's suggestions and "Det løste det") and
// of the deflection figures on the dashboard, in Danish, spread into da.ts (the English is in
// suggestions-en.ts).
export const suggestionsDa = {
  'suggest.heading': 'Måske er der allerede et svar',
  'suggest.intro': 'Fundet blandt kendte fejl og i svarbiblioteket ud fra det, du skriver.',
  'suggest.count': 'Forslag der måske løser problemet: {count}.',
  'suggest.notice': 'Kendt fejl',
  'suggest.answer': 'Vejledning',
  'suggest.open': 'Åbn vejledningen',
  'suggest.newTab': '(åbner i en ny fane)',
  'suggest.solved': 'Det løste det',
  'suggest.solvedLabel': 'Det løste det: {title}',
  'suggest.recording': 'Gemmer …',
  'suggest.deflected': 'Godt! Sagen blev ikke sendt, fordi "{title}" løste problemet.',
  'suggest.deflectFailed': 'Det blev ikke gemt: {message}',

  'dash.deflections.title': 'Løst før de blev sendt',
  'dash.deflections.summary': 'Henvendelser, som en superbruger ikke sendte, fordi et forslag løste problemet: {count}.',
  'dash.deflections.what': 'Kendt fejl eller vejledning',
  'dash.deflections.institution': 'Institution',
  'dash.deflections.count': 'Antal',
  'dash.deflections.notice': 'kendt fejl',
  'dash.deflections.answer': 'vejledning',
  'dash.deflections.failed': 'Tallene kunne ikke hentes: {message}',
};
