// Downloads from the API. In a browser a link with `download` does it; in the
// desktop window (WebKitGTK sends no request for such a link) the native
// save dialog fetches the same /api/ path through the app.

interface NativeBridge {
  SaveURL(apiPath: string, dialog: { title?: string; defaultFilename?: string }): Promise<string>;
}

function nativeBridge(): NativeBridge | undefined {
  return (window as unknown as { go?: { app?: { Native?: NativeBridge } } }).go?.app?.Native;
}

/** Saves the answer of a GET to apiPath as filename. */
export async function download(apiPath: string, filename: string): Promise<void> {
  const native = nativeBridge();
  if (native) {
    await native.SaveURL(apiPath, { title: 'Save ' + filename, defaultFilename: filename });
    return;
  }
  const a = document.createElement('a');
  a.href = apiPath;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
