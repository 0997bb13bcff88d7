/** Entry point: mounts the app into #app. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { settings } from './lib/state/settings.svelte';

// Before the first paint, so a dark-theme reader never sees a flash of light.
document.documentElement.dataset.theme = settings.theme;

const target = document.getElementById('app');
if (!target) throw new Error('index.html lost its #app element');

export default mount(App, { target });
