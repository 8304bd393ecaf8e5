// The English of suggestions.ts, spread into en.ts. A file of its own so a Danish reader's browser
// never fetches it (i18n.svelte.ts loads English when it is chosen).
import type { suggestionsDa } from './suggestions.ts';

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
