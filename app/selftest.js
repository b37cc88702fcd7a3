// Desktop self-test, run in the window by the Go shell (selftest.go) once the
// page has loaded. Every request goes through the page's own fetch, so it
// travels the real path: WebKit → Wails AssetServer → Siteward's Handler.
// The POST matters most: a build without the webkit2_41 tag delivers it to
// the Handler as a GET with no body (DESIGN §3).
(async () => {
  const native = window.go && window.go.app && window.go.app.Native;
  const started = performance.now();
  const steps = [];

  const snippet = (text) => (text || '').replace(/\s+/g, ' ').trim().slice(0, 200);
  const fail = (message) => { throw new Error(message); };

  async function call(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const t = performance.now();
    const res = await fetch(path, init);
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch (e) { /* reported by the caller */ }
    steps.push(`${method} ${path} ${res.status} ${Math.round(performance.now() - t)}ms`);
    return { status: res.status, json, text };
  }

  let ok = false;
  let problem = '';
  try {
    if (document.title === 'index.html not found') {
      fail('the Handler did not serve index.html at "/" (Wails showed its placeholder page)');
    }

    const me = await call('GET', '/api/me');
    if (me.status !== 200) fail(`GET /api/me answered ${me.status}: ${snippet(me.text)}`);
    const licence = me.json && me.json.user && me.json.user.licence;
    if (licence !== 'office') fail(`GET /api/me: expected the local office user, got ${snippet(me.text)}`);

    // Digits only, so no search syntax can trip over the name.
    const name = `Desktop self-test ${Date.now()}`;
    const created = await call('POST', '/api/client-groups', { name });
    if (created.status !== 201) {
      fail(`POST /api/client-groups answered ${created.status} (want 201): ${snippet(created.text)}`);
    }
    if (!created.json || created.json.name !== name || !created.json.id) {
      fail(`POST /api/client-groups did not echo the name back (was the body lost?): ${snippet(created.text)}`);
    }

    const found = await call('GET', `/api/client-groups?q=${encodeURIComponent(name)}`);
    if (found.status !== 200) fail(`GET /api/client-groups answered ${found.status}: ${snippet(found.text)}`);
    const items = (found.json && found.json.items) || [];
    if (!items.some((g) => g.id === created.json.id && g.name === name)) {
      fail(`GET /api/client-groups?q=… did not list the new group: ${snippet(found.text)}`);
    }
    ok = true;
  } catch (e) {
    problem = String((e && e.message) || e);
  }

  const took = Math.round(performance.now() - started);
  const detail = [ok ? `passed in ${took}ms` : `FAILED after ${took}ms: ${problem}`, ...steps].join('; ');
  if (!native || typeof native.SelfTestDone !== 'function') {
    // Nothing to report to: the Go side times out and says so.
    console.error('siteward self-test: window.go.app.Native.SelfTestDone is missing;', detail);
    return;
  }
  native.SelfTestDone(ok, detail);
})();
