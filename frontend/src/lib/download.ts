// Downloads an /api/ file (exports, PDFs). In a browser a link with
// `download` does it; the desktop webview has no download manager, so there
// the native save dialog fetches the same path in-process (Native.SaveURL).

interface NativeBridge {
  SaveURL(apiPath: string, d: { title: string; defaultFilename: string; defaultDirectory: string; filters: { displayName: string; pattern: string }[] }): Promise<string>;
}

function native(): NativeBridge | undefined {
  return (window as unknown as { go?: { app?: { Native?: NativeBridge } } }).go?.app?.Native;
}

/** Starts the download of apiPath as filename; resolves when handed over. */
export async function download(apiPath: string, filename: string): Promise<void> {
  const n = native();
  if (n) {
    const ext = filename.slice(filename.lastIndexOf('.') + 1);
    await n.SaveURL(apiPath, {
      title: 'Save as',
      defaultFilename: filename,
      defaultDirectory: '',
      filters: [{ displayName: `${ext.toUpperCase()} files (*.${ext})`, pattern: `*.${ext}` }],
    });
    return;
  }
  const a = document.createElement('a');
  a.href = apiPath;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
