import '../shared/styles.css';
import { mount } from 'svelte';
import Boot from '../shared/Boot.svelte';
import { tokenFromHash } from '../lib/mail';
import AcceptLink from './AcceptLink.svelte';
import AckAlert from './AckAlert.svelte';
import PortalApp from './PortalApp.svelte';

// A set-password or acknowledgement link from an email opens its own page,
// before any sign-in.
const token = tokenFromHash(window.location.hash);
const ackToken = tokenFromHash(window.location.hash, '/ack');
const target = document.getElementById('app')!;
if (token !== null) mount(AcceptLink, { target, props: { token } });
else if (ackToken !== null) mount(AckAlert, { target, props: { token: ackToken } });
else mount(Boot, { target, props: { entry: 'portal', app: PortalApp } });

// A link pasted into a tab that already shows the portal changes only the
// hash: start again so the link's page opens.
window.addEventListener('hashchange', () => {
  const h = window.location.hash;
  if (tokenFromHash(h) !== token || tokenFromHash(h, '/ack') !== ackToken) window.location.reload();
});
