// The clients list's optional columns, which ones show (remembered in this
// browser), and the export columns each stands for.

export interface ClientColumn {
  key: string;
  label: string;
  /** The API's sort key, when the column sorts. */
  sort?: string;
  /** Shown until the user chooses. */
  default: boolean;
  /** The export's column keys (docs/api.md, GET /api/clients/export). */
  exportKeys: string[];
}

export const CLIENT_COLUMNS: ClientColumn[] = [
  // Off by default: the code shows under the client's name (a column of its own is for sorting by it).
  { key: 'code', label: 'Code', sort: 'code', default: false, exportKeys: ['code'] },
  { key: 'group', label: 'Group', sort: 'group', default: true, exportKeys: ['group'] },
  { key: 'primaryContact', label: 'Primary contact', default: true, exportKeys: ['primaryContact', 'primaryEmail'] },
  { key: 'pricingTier', label: 'Pricing tier', sort: 'pricingTier', default: false, exportKeys: ['pricingTier'] },
  { key: 'properties', label: 'Properties', sort: 'properties', default: true, exportKeys: ['properties'] },
  { key: 'portalUsers', label: 'Portal users', sort: 'portalUsers', default: true, exportKeys: ['portalUsers'] },
  { key: 'tags', label: 'Tags', default: true, exportKeys: ['tags'] },
  { key: 'emails', label: 'Emails per purpose', default: false, exportKeys: ['emailReports', 'emailQuotes', 'emailCorrespondence', 'emailInvoices'] },
  { key: 'createdAt', label: 'Added', sort: 'createdAt', default: true, exportKeys: ['createdAt'] },
];

const STORAGE_KEY = 'siteward.clients.columns';

export function defaultColumns(): string[] {
  return CLIENT_COLUMNS.filter((c) => c.default).map((c) => c.key);
}

/** The remembered choice, keeping only columns that still exist. */
export function loadColumns(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return defaultColumns();
    const keys = JSON.parse(raw);
    if (!Array.isArray(keys)) return defaultColumns();
    return CLIENT_COLUMNS.map((c) => c.key).filter((k) => keys.includes(k));
  } catch {
    return defaultColumns();
  }
}

export function saveColumns(keys: string[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(keys));
  } catch {
    // Private windows may refuse storage; the choice then lasts this visit.
  }
}

/** The export's columns for what is shown: the name and code first, then in list order. */
export function exportColumns(shown: string[]): string[] {
  const out = ['name', 'code'];
  for (const c of CLIENT_COLUMNS) if (shown.includes(c.key) && c.key !== 'code') out.push(...c.exportKeys);
  out.push('active');
  return out;
}

/** Splits "a, b,,c" into trimmed tags without duplicates (case-insensitive). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of text.split(',')) {
    const tag = t.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}
