// The texts of answers before sending (the intake form's suggestions and "Det løste det") and
// of the deflection figures on the dashboard, spread into da.ts and en.ts.
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

export const suggestionsEn: Record<keyof typeof suggestionsDa, string> = {
  'suggest.heading': 'There may already be an answer',
  'suggest.intro': 'Found among known issues and in the answer library from what you write.',
  'suggest.count': 'Suggestions that may solve the problem: {count}.',
  'suggest.notice': 'Known issue',
  'suggest.answer': 'Guide',
  'suggest.open': 'Open the guide',
  'suggest.newTab': '(opens in a new tab)',
  'suggest.solved': 'That solved it',
  'suggest.solvedLabel': 'That solved it: {title}',
  'suggest.recording': 'Saving …',
  'suggest.deflected': 'Good! The case was not sent, because "{title}" solved the problem.',
  'suggest.deflectFailed': 'It was not saved: {message}',

  'dash.deflections.title': 'Solved before being sent',
  'dash.deflections.summary': 'Requests a superuser did not send because a suggestion solved the problem: {count}.',
  'dash.deflections.what': 'Known issue or guide',
  'dash.deflections.institution': 'Centre',
  'dash.deflections.count': 'Count',
  'dash.deflections.notice': 'known issue',
  'dash.deflections.answer': 'guide',
  'dash.deflections.failed': 'The figures could not be loaded: {message}',
};
