// Every client group, for pickers (a group select in filters and forms).
// Loaded page by page once per visit; reload() after a group changes.
import { api } from '../lib/api';
import type { ClientGroup, ListResult } from '../lib/types';

let cached: Promise<ClientGroup[]> | null = null;

async function fetchAll(): Promise<ClientGroup[]> {
  const out: ClientGroup[] = [];
  for (let offset = 0; ; offset += 500) {
    const res = await api.get<ListResult<ClientGroup>>('/api/client-groups', { sort: 'name', limit: 500, offset });
    out.push(...(res.items ?? []));
    if (out.length >= res.total || (res.items ?? []).length === 0) return out;
  }
}

export function allGroups(): Promise<ClientGroup[]> {
  cached ??= fetchAll().catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function forgetGroups(): void {
  cached = null;
}

/** "NSW (in National)" so same-named groups can be told apart. */
export function groupLabel(g: ClientGroup): string {
  return g.parentName ? `${g.name} (in ${g.parentName})` : g.name;
}
