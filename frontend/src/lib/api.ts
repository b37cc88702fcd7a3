// The one HTTP client of both UIs: JSON in and out, same-origin cookies, and
// every failure turned into an ApiError with the API's code/message/fields.
import { withViewAs } from './viewAs';

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many'
  | 'unavailable'
  | 'internal';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'too_many',
  503: 'unavailable',
};

const fallbackMessage: Record<ErrorCode, string> = {
  invalid: 'Some details need attention. Check the form and try again.',
  unauthorized: 'Your session has ended. Sign in again.',
  forbidden: 'Your account does not have access to this.',
  not_found: 'This was not found. It may have been removed.',
  conflict: 'This changed in the meantime. Reload and try again.',
  too_many: 'Too many attempts. Wait a minute and try again.',
  unavailable: 'Siteward is busy or restarting. Try again in a moment.',
  internal: 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
};

/** Dispatched on window after any write the server accepted. */
export const WROTE_EVENT = 'siteward:wrote';

export const NETWORK_MESSAGE = 'Cannot reach Siteward. Check your connection and try again.';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: ErrorCode | string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** True for a request the caller cancelled (a newer search replaced it). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any request (other than sign-in itself) answers 401. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Do not tell onUnauthorized listeners about a 401 (sign-in, /api/me). */
  expect401?: boolean;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds "?a=1&b=x", leaving out empty values. */
export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: opts.signal };
  if (body instanceof Blob) {
    // An upload: the file goes as it is (imports read the raw body).
    headers['Content-Type'] = 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let res: Response;
  try {
    res = await fetch(withViewAs(path), init);
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, 'unavailable', NETWORK_MESSAGE);
  }

  if (res.ok) {
    if (method !== 'GET' && typeof window !== 'undefined') window.dispatchEvent(new Event(WROTE_EVENT));
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'internal', 'The server sent an answer Siteward could not read. Reload the page and try again.');
    }
  }

  const err = await toApiError(res);
  if (err.status === 401 && !opts.expect401) unauthorizedListeners.forEach((fn) => fn());
  throw err;
}

/** GETs a file (a PDF report): its bytes and the name the server gives it. */
export async function requestFile(path: string, opts: RequestOptions = {}): Promise<{ blob: Blob; name: string }> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'GET', credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, 'unavailable', NETWORK_MESSAGE);
  }
  if (res.ok) {
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'download';
    return { blob: await res.blob(), name };
  }
  const err = await toApiError(res);
  if (err.status === 401 && !opts.expect401) unauthorizedListeners.forEach((fn) => fn());
  throw err;
}

async function toApiError(res: Response): Promise<ApiError> {
  const code: ErrorCode = codeByStatus[res.status] ?? 'internal';
  let payload: unknown;
  try {
    payload = await res.json();
  } catch {
    payload = undefined;
  }
  const e = (payload as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
  if (e && typeof e === 'object') {
    const fields: Record<string, string> = {};
    if (e.fields && typeof e.fields === 'object') {
      for (const [k, v] of Object.entries(e.fields as Record<string, unknown>)) {
        if (typeof v === 'string') fields[k] = v;
      }
    }
    const c = typeof e.code === 'string' && e.code ? e.code : code;
    const m = typeof e.message === 'string' && e.message ? e.message : fallbackMessage[c as ErrorCode] ?? fallbackMessage.internal;
    return new ApiError(res.status, c, m, fields);
  }
  return new ApiError(res.status, code, fallbackMessage[code]);
}

/** A message to show for any error thrown by request(). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return fallbackMessage.internal;
}

export const api = {
  get: <T>(path: string, query: Query = {}, opts?: RequestOptions) => request<T>('GET', path + queryString(query), undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
  file: (path: string, query: Query = {}, opts?: RequestOptions) => requestFile(path + queryString(query), opts),
  /** POSTs a file as the raw body; its name goes in ?fileName=. */
  upload: <T>(path: string, file: File, query: Query = {}, opts?: RequestOptions) =>
    request<T>('POST', path + queryString({ ...query, fileName: file.name }), file, opts),
};
