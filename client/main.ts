import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n.svelte.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');
// An English reader's texts are fetched first, so the page never shows in Danish before English.
// A .then, not a top-level await: the bundler would split the app into many more files for one.
void i18n.ready.then(() => mount(App, { target }));
