import '../shared/styles.css';
import { mount } from 'svelte';
import Boot from '../shared/Boot.svelte';
import PortalApp from './PortalApp.svelte';

mount(Boot, { target: document.getElementById('app')!, props: { entry: 'portal', app: PortalApp } });
