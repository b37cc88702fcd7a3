// Every date, money amount and count the UI shows goes through here, so the
// Australian defaults (and later the workspace's locale/time-zone settings)
// live in one place.

export interface FormatSettings {
  locale: string;
  timeZone: string;
  currency: string;
}

const defaults: FormatSettings = { locale: 'en-AU', timeZone: 'Australia/Sydney', currency: 'AUD' };
let settings: FormatSettings = { ...defaults };
let cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** Applies the workspace's settings; unknown or empty values keep the default. */
export function configureFormat(s: Partial<FormatSettings>): void {
  const next = { ...settings };
  if (s.locale && Intl.DateTimeFormat.supportedLocalesOf([s.locale]).length) next.locale = s.locale;
  if (s.timeZone && validTimeZone(s.timeZone)) next.timeZone = s.timeZone;
  if (s.currency) next.currency = s.currency;
  settings = next;
  cache = new Map();
}

export function resetFormat(): void {
  settings = { ...defaults };
  cache = new Map();
}

export function formatSettings(): Readonly<FormatSettings> {
  return settings;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function dateParts(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(settings.locale, { ...opts, timeZone: settings.timeZone });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function pick(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/** "21/11/2026" in the workspace's time zone; "" for no date. */
export function formatDate(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  if (!d) return '';
  const parts = dateParts('date', { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(d);
  return `${pick(parts, 'day')}/${pick(parts, 'month')}/${pick(parts, 'year')}`;
}

/** "21/11/2026 3:05 pm" in the workspace's time zone. */
export function formatDateTime(v: string | number | Date | null | undefined): string {
  const d = toDate(v);
  if (!d) return '';
  const parts = dateParts('time', { hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(d);
  const period = pick(parts, 'dayPeriod').toLowerCase().replace(/\./g, '');
  return `${formatDate(d)} ${pick(parts, 'hour')}:${pick(parts, 'minute')}${period ? ' ' + period : ''}`;
}

/** Integer cents → "$1,234.50" (negative: "-$1,234.50"). */
export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  let f = cache.get('money') as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(settings.locale, { style: 'currency', currency: settings.currency, minimumFractionDigits: 2 });
    cache.set('money', f);
  }
  const whole = Math.round(cents);
  const text = f.format(Math.abs(whole) / 100);
  return whole < 0 ? `-${text}` : text;
}

/** 1234 → "1,234". */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  let f = cache.get('number') as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(settings.locale);
    cache.set('number', f);
  }
  return f.format(n);
}

/** plural(1, 'property', 'properties') → "1 property"; 1234 → "1,234 properties". */
export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** "1,234.50", "$99" or "-20" → cents; null when it is not an amount. */
export function parseMoney(text: string): number | null {
  const t = text.trim().replace(/[$,\s]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole = '0', frac = ''] = t.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return t.startsWith('-') ? -cents : cents;
}

/** A stored local date "2026-11-21" → "21/11/2026" (no time zone shift). */
export function formatLocalDate(d: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** "21/11/2026" (or "21/11/26") → "2026-11-21"; "" for empty, null when it is not a date. */
export function parseLocalDate(text: string): string | null {
  const t = text.trim();
  if (t === '') return '';
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t);
  if (!m) return null;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const month = Number(m[2]);
  const day = Number(m[1]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
