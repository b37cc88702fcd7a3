import '../shared/styles.css';
import { mount } from 'svelte';
import Boot from '../shared/Boot.svelte';
import { tokenFromHash } from '../lib/mail';
import AcceptLink from './AcceptLink.svelte';
import PortalApp from './PortalApp.svelte';

// A set-password link from an email opens its own page before any sign-in.
const token = tokenFromHash(window.location.hash);
const target = document.getElementById('app')!;
if (token !== null) mount(AcceptLink, { target, props: { token } });
else mount(Boot, { target, props: { entry: 'portal', app: PortalApp } });
