import { api } from './api';
import { configureFormat } from './format';
import type { Licence, Me, View, ViewKind } from './types';

export type Entry = 'workspace' | 'portal';

const entryPage: Record<Entry, string> = { workspace: 'index.html', portal: 'portal.html' };

/** Office users and technicians work in the workspace; customers in the portal. */
export function entryFor(licence: Licence): Entry {
  return licence === 'customer' ? 'portal' : 'workspace';
}

/** Sends the browser to the other entry page (relative, so it works under any base). */
export function goToEntry(entry: Entry): void {
  window.location.replace(`./${entryPage[entry]}`);
}

/** Applies the workspace's settings and tidies what Go may send as null. */
function applySettings(me: Me): Me {
  if (me.company?.timeZone) configureFormat({ timeZone: me.company.timeZone });
  return { ...me, view: me.view ?? null, views: me.views ?? [] };
}

export async function fetchMe(): Promise<Me> {
  return applySettings(await api.get<Me>('/api/me', {}, { expect401: true }));
}

/** Signs in; the answer has no `desktop`/`company`, so ask /api/me afterwards. */
export async function login(email: string, password: string): Promise<Me> {
  await api.post<Pick<Me, 'user' | 'view' | 'views'>>('/api/auth/login', { email, password }, { expect401: true });
  return fetchMe();
}

export async function logout(): Promise<void> {
  await api.post<void>('/api/auth/logout', undefined, { expect401: true });
}

export async function chooseView(kind: ViewKind, id: string): Promise<View> {
  const res = await api.post<{ view: View }>('/api/portal/view', { kind, id });
  return res.view;
}
