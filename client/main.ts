import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n.svelte.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// An English reader's texts are fetched first, so the page does not show in Danish before
// English; but for at most a few seconds: past that (a slow or stalled fetch) the page opens in
// Danish and turns English when the texts arrive, rather than stay blank.
// A .then, not a top-level await: the bundler would split the app into many more files for one.
const TEXTS_WAIT_MS = 3_000;
void Promise.race([i18n.ready, new Promise((resolve) => setTimeout(resolve, TEXTS_WAIT_MS))]).then(() => mount(App, { target }));
