import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NETWORK_MESSAGE, api, onUnauthorized, queryString } from './api';

function answer(status: number, body: unknown, contentType = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return vi.fn(async () => new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } }));
}

afterEach(() => vi.unstubAllGlobals());

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected the request to fail');
}

describe('api errors', () => {
  it('carries the code, message and fields of an API error', async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, { error: { code: 'invalid', message: 'Check the highlighted fields.', fields: { name: 'Enter the client’s name.' } } }),
    );
    const err = await caught(api.post('/api/clients', { name: '' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('Check the highlighted fields.');
    expect(err.fields).toEqual({ name: 'Enter the client’s name.' });
  });

  it('maps a status to a code and a plain message when the body is not JSON', async () => {
    vi.stubGlobal('fetch', answer(503, '<html>Bad gateway</html>', 'text/html'));
    const err = await caught(api.get('/api/clients'));
    expect(err.code).toBe('unavailable');
    expect(err.message).toMatch(/try again/i);
    expect(err.fields).toEqual({});
  });

  it('treats an unknown status as internal', async () => {
    vi.stubGlobal('fetch', answer(502, ''));
    const err = await caught(api.get('/api/clients'));
    expect(err.code).toBe('internal');
  });

  it('turns a network failure into an unavailable error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const err = await caught(api.get('/api/me'));
    expect(err.status).toBe(0);
    expect(err.code).toBe('unavailable');
    expect(err.message).toBe(NETWORK_MESSAGE);
  });

  it('lets an aborted request through as an AbortError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('The operation was aborted.', 'AbortError');
      }),
    );
    const err = await caught(api.get('/api/clients'));
    expect((err as unknown as DOMException).name).toBe('AbortError');
  });

  it('tells listeners about a 401 unless the caller expects one', async () => {
    const seen = vi.fn();
    const stop = onUnauthorized(seen);
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthorized', message: 'Sign in first.' } }));
    await caught(api.get('/api/clients'));
    expect(seen).toHaveBeenCalledTimes(1);
    const err = await caught(api.post('/api/auth/login', { email: 'a@b.c', password: 'x' }, { expect401: true }));
    expect(err.message).toBe('Sign in first.');
    expect(seen).toHaveBeenCalledTimes(1);
    stop();
  });
});

describe('api requests', () => {
  it('sends JSON with same-origin credentials and reads JSON back', async () => {
    const fetchStub = answer(200, { items: [], total: 0 });
    vi.stubGlobal('fetch', fetchStub);
    await expect(api.get('/api/clients', { q: 'smith', offset: 0, groupId: '' })).resolves.toEqual({ items: [], total: 0 });
    const calls = fetchStub.mock.calls as unknown as [string, RequestInit][];
    const [url, init] = calls[0]!;
    expect(url).toBe('/api/clients?q=smith&offset=0');
    expect(init.credentials).toBe('same-origin');
    expect(init.method).toBe('GET');
  });

  it('returns nothing for 204', async () => {
    vi.stubGlobal('fetch', answer(204, ''));
    await expect(api.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('leaves empty values out of the query string', () => {
    expect(queryString({ q: '', sort: 'name', limit: 50, x: undefined, y: null })).toBe('?sort=name&limit=50');
    expect(queryString({})).toBe('');
  });
});

describe('api.upload', () => {
  it('sends the file as the raw body with its name in the query', async () => {
    const fetchMock = answer(200, { rows: 1 });
    vi.stubGlobal('fetch', fetchMock);
    const file = new File(['code,name\nA,B\n'], 'clients & co.csv', { type: 'text/csv' });
    await api.upload('/api/client-imports/preview', file);
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/client-imports/preview?fileName=clients+%26+co.csv');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream');
  });
});
