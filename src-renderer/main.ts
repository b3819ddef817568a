import '@fontsource-variable/inter';
import './styles/tokens.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './lib/api';
import { seedServiceColours } from './lib/service-colour';

// The store's services take the palette's colours in name order, so the first 17 are distinct on every page.
await api.services().then(seedServiceColours, () => {});
mount(App, { target: document.getElementById('app')! });
