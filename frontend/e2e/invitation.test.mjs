// Invitations end to end: the office invites a client from the clients
// list; with no mail server set the message waits in the outbox, where the
// office reads it as rendered; the recipient follows the link from that
// message, chooses a password and lands signed in to the portal. A spent
// link, "Forgot password?" and Settings > Email are checked on the way.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { apiAs, getAll, openBrowser, screenshot, startSiteward } from './harness.mjs';

let sw;
let office; // API client signed in as the office user
let officeBrowser;
let client; // the client invited
let link; // the set-password link, as the email carries it

before(async () => {
  sw = await startSiteward('invitation');
  office = await apiAs(sw.baseURL, sw.login('office'));
  officeBrowser = await openBrowser(sw.baseURL);
});

after(async () => {
  try {
    await office?.dispose();
    await officeBrowser?.close();
  } finally {
    await sw?.stop();
  }
});

async function signInOffice(page) {
  const l = sw.login('office');
  await page.goto(`${sw.baseURL}/#/clients`);
  await page.locator('#login-email').fill(l.email);
  await page.locator('#login-password').fill(l.password);
  await page.locator('#login-password').press('Enter');
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
}

test('office invites a client from the client page; the mail waits in the outbox', async () => {
  const { page } = officeBrowser;
  const clients = await getAll(office, '/api/clients', { active: 'true' });
  client = clients.find((c) => c.primaryEmail && c.portalUsers === 0) ?? clients.find((c) => c.primaryEmail);
  assert.ok(client, 'the demo has no client with a primary email');

  await signInOffice(page);
  // The client page holds the portal access section.
  await page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  const clientPage = page.locator('main');
  await clientPage.getByRole('heading', { name: 'Portal access' }).waitFor();
  await clientPage.getByText(client.primaryEmail, { exact: false }).first().waitFor();
  await screenshot(page, 'invitation-portal-access');

  const invited = page.waitForResponse((r) => r.url().endsWith(`/api/clients/${client.id}/invitations`));
  await clientPage.getByRole('button', { name: /^Send invitation/ }).click();
  assert.equal((await invited).status(), 201);
  await clientPage.getByRole('status').filter({ hasText: 'Invitation written to' }).waitFor();
  await clientPage.getByText('Invited, not accepted yet', { exact: false }).first().waitFor();
  // The client's correspondence lists the invitation, waiting to send.
  await clientPage.locator('.correspondence li', { hasText: 'Your invitation to the' }).getByText('Waiting to send').waitFor();
  await screenshot(page, 'invitation-sent');

  // The outbox lists it, waiting: no mail server is set.
  await page.goto(`${sw.baseURL}/#/outbox`);
  await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  const msgRow = page.locator('table.data tbody tr', { hasText: client.primaryEmail }).first();
  await msgRow.waitFor();
  await msgRow.getByText('Waiting to send').waitFor();
  await screenshot(page, 'outbox-list');

  await msgRow.getByRole('button').first().click();
  const view = page.getByRole('dialog');
  const frame = page.frameLocator('iframe.html');
  await frame.getByText('Choose your password').first().waitFor();
  await screenshot(page, 'outbox-message-html');
  await view.getByRole('tab', { name: 'Plain text' }).click();
  const text = await view.locator('pre.text').textContent();
  const m = text.match(/http:\/\/127\.0\.0\.1:\d+\/portal\.html#\/accept\?token=[A-Za-z0-9_%-]+/);
  assert.ok(m, `no set-password link in the message:\n${text}`);
  link = m[0];
  assert.ok(link.startsWith(sw.baseURL), `the link ${link} is not built from the server's address ${sw.baseURL}`);
  await screenshot(page, 'outbox-message-text');
  await page.keyboard.press('Escape');

  // The HTML part cannot run scripts even when opened on its own.
  const list = await (await office.get('/api/outbox', { params: { kind: 'invitation' } })).json();
  const html = await office.get(`/api/outbox/${list.items[0].id}/html`);
  assert.match(html.headers()['content-security-policy'], /^sandbox; default-src 'none'/);
});

test('the recipient follows the link, chooses a password and lands signed in', async () => {
  assert.ok(link, 'the invitation test did not run');
  const invitee = await openBrowser(sw.baseURL);
  try {
    const { page } = invitee;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await page.getByText(client.primaryEmail).first().waitFor();
    await screenshot(page, 'accept-link', { phone: true });

    // A short password is refused next to the field; the link still works.
    await page.locator('#accept-password').fill('short');
    await page.locator('#accept-confirmation').fill('short');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.locator('#accept-password-error').waitFor();

    await page.locator('#accept-password').fill('a portal password of my own');
    await page.locator('#accept-confirmation').fill('a portal password of my own');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/portal.html') && !u.hash.includes('token'));
    await page.getByText(client.name).first().waitFor();
    await page.locator('#login-email').waitFor({ state: 'detached' });
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    assert.equal(me.user.email, client.primaryEmail.toLowerCase());
    assert.equal(me.user.licence, 'customer');
    await screenshot(page, 'accept-signed-in', { phone: true });

    // The same link again: a clear page saying what to do.
    await page.goto(link);
    await page.getByRole('heading', { name: 'This link can no longer be used' }).waitFor();
    await page.getByText('already been used').waitFor();
    await screenshot(page, 'accept-used', { phone: true });

    // An altered link says it is not valid.
    await page.goto(link.replace(/token=(.)/, (_, c) => `token=${c === 'A' ? 'B' : 'A'}`));
    await page.getByRole('heading', { name: 'This link is not valid' }).waitFor();
  } finally {
    await invitee.close();
  }
  const access = await (await office.get(`/api/clients/${client.id}/portal-access`)).json();
  assert.ok(access.users.some((u) => u.invitation?.status === 'accepted'), 'the office does not see the invitation accepted');
});

test('bulk invite from the clients list selection is all or nothing', async () => {
  const { page } = officeBrowser;
  const clients = await getAll(office, '/api/clients', { active: 'true' });
  const withEmail = clients.filter((c) => c.primaryEmail && c.portalUsers === 0 && c.id !== client.id).slice(0, 2);
  const created = await office.post('/api/clients', { data: { name: 'Zed No Email Pty Ltd' } });
  assert.equal(created.status(), 201);
  const noEmail = await created.json();
  assert.equal(withEmail.length, 2, 'the demo has too few clients with an email and no portal users');
  const before = (await (await office.get('/api/outbox/counts')).json()).counts.queued;

  await page.goto(`${sw.baseURL}/#/clients`);
  const pick = async (c) => {
    await page.locator('#client-search').fill(c.name);
    await page.getByRole('checkbox', { name: `Select ${c.name}` }).check();
  };
  for (const c of withEmail) await pick(c);
  {
    await pick(noEmail);
    await page.getByRole('button', { name: 'Invite 3 clients to the portal' }).click();
    await page.getByRole('alert').filter({ hasText: 'nothing was sent' }).waitFor();
    await page.getByText(`${noEmail.name} has no email address`).waitFor();
    await screenshot(page, 'bulk-invite-refused');
    const after = (await (await office.get('/api/outbox/counts')).json()).counts.queued;
    assert.equal(after, before, 'a refused bulk invite wrote messages');
    await page.locator('#client-search').fill(noEmail.name);
    await page.getByRole('checkbox', { name: `Select ${noEmail.name}` }).uncheck();
  }
  await page.getByRole('button', { name: 'Invite 2 clients to the portal' }).click();
  await page.getByRole('status').filter({ hasText: '2 invitations written to the outbox' }).waitFor();
  await screenshot(page, 'bulk-invite-done');
  const after = (await (await office.get('/api/outbox/counts')).json()).counts.queued;
  assert.equal(after, before + 2);
});

test('a critical-defect alert from the outbox is acknowledged with a name, once', async () => {
  // The alerts worker runs a few seconds after start; the demo has critical
  // remarks published in the last month.
  let alert;
  for (let i = 0; i < 60 && !alert; i++) {
    const res = await (await office.get('/api/outbox', { params: { kind: 'defect_alert', limit: '1' } })).json();
    alert = res.items[0];
    if (!alert) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(alert, 'no critical-defect alert was written to the outbox');
  const full = await (await office.get(`/api/outbox/${alert.id}`)).json();
  const m = full.textBody.match(/http:\/\/127\.0\.0\.1:\d+\/portal\.html#\/ack\?token=[A-Za-z0-9_%-]+/);
  assert.ok(m, `no acknowledgement link in:\n${full.textBody}`);

  const contact = await openBrowser(sw.baseURL);
  try {
    const { page } = contact;
    await page.goto(m[0]);
    await page.getByText('Critical defect', { exact: true }).waitFor();
    await screenshot(page, 'alert-ack', { phone: true });
    await page.locator('#ack-name').fill('');
    await page.getByRole('button', { name: 'I have received this alert' }).click();
    await page.locator('#ack-name-error').waitFor();
    await page.locator('#ack-name').fill('Bea Building');
    await page.getByRole('button', { name: 'I have received this alert' }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledged by Bea Building' }).waitFor();
    await screenshot(page, 'alert-acknowledged', { phone: true });
  } finally {
    await contact.close();
  }
  const token = decodeURIComponent(m[0].split('token=')[1]);
  const again = await office.post('/api/alerts/ack', { data: { token, name: 'Someone Else' } });
  assert.equal((await again.json()).acknowledgedBy, 'Bea Building', 'a second acknowledgement replaced the first');

  // The office sees who acknowledged, and when.
  const { page } = officeBrowser;
  await page.goto(`${sw.baseURL}/#/alerts`);
  await page.getByRole('heading', { name: 'Critical alerts', level: 1 }).waitFor();
  await page.locator('#alerts-filter').selectOption('true');
  await page.locator('table.data tbody tr', { hasText: 'Bea Building' }).waitFor();
  await screenshot(page, 'alerts-office');
});

test('an authorised account is invited to a client group', async () => {
  const { page } = officeBrowser;
  const groups = await getAll(office, '/api/client-groups');
  const group = groups[0];
  await page.goto(`${sw.baseURL}/#/client-groups`);
  await page.locator('#group-search').fill(group.name);
  await page.getByRole('button', { name: `Invite an account to ${group.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await dialog.locator('#group-invite-email-error').waitFor();
  await dialog.locator('#group-invite-name').fill('Gina Group');
  await dialog.locator('#group-invite-email').fill('gina.group@example.com');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Invitation written to gina.group@example.com' }).waitFor();
  await screenshot(page, 'group-invite');
  await page.keyboard.press('Escape');
  const res = await (await office.get('/api/outbox', { params: { kind: 'invitation', limit: '50' } })).json();
  assert.ok(res.items.some((m) => m.to === 'gina.group@example.com'), 'the group invitation is not in the outbox');
});

test('forgot password answers the same for any address', async () => {
  const guest = await openBrowser(sw.baseURL);
  try {
    const { page } = guest;
    await page.goto(`${sw.baseURL}/portal.html`);
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.locator('#forgot-email').fill('nobody-at-all@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'If that address has an account' }).waitFor();
    await screenshot(page, 'forgot-password', { phone: true });
  } finally {
    await guest.close();
  }
});

test('Settings > Email shows the server reply of a failed test email', async () => {
  const { page } = officeBrowser;
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close(); // nothing listens there now
  await once(srv, 'close');

  await page.goto(`${sw.baseURL}/#/settings/email`);
  await page.getByRole('heading', { name: 'Email', level: 1 }).waitFor();
  await page.locator('#email-host').fill('127.0.0.1');
  await page.locator('#email-security').selectOption('none');
  await page.locator('#email-port').fill(String(port));
  await page.locator('#email-from').fill('office@example.com');
  await page.locator('#email-test-to').fill('me@example.com');
  await page.getByRole('button', { name: 'Send test email' }).click();
  const alert = page.locator('.alert[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), new RegExp(`connect.*${port}|${port}.*connect`, 's'));
  await screenshot(page, 'email-settings-test-failed', { fullPage: true });

  // Automatic reminders: turned on and saved.
  await page.getByLabel('Send automatic reminders').check();
  await page.locator('#rem-quote-days').fill('10');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await page.getByRole('status').filter({ hasText: 'Reminders are checked every hour' }).waitFor();
  const rem = await (await office.get('/api/settings/reminders')).json();
  assert.equal(rem.enabled, true);
  assert.equal(rem.quoteDays, 10);
  await page.locator('#reminders-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'email-settings-reminders');
});
