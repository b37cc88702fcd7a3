import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, fileSize, inside, isPublicFolder, pinAt, previewKind, tooLarge } from './documents';

describe('documents', () => {
  it('names the public folder as the server compares it', () => {
    expect(isPublicFolder(' Public ')).toBe(true);
    expect(isPublicFolder('public docs')).toBe(false);
  });
  it('formats sizes', () => {
    expect(fileSize(10)).toBe('1 kB');
    expect(fileSize(2048)).toBe('2 kB');
    expect(fileSize(3.5 * 1024 * 1024)).toBe('3.5 MB');
  });
  it('previews only what a browser shows safely', () => {
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('text/plain')).toBe('text');
    expect(previewKind('application/zip')).toBeNull();
    expect(previewKind('image/svg+xml')).toBeNull();
  });
  it('refuses a file over the limit before sending it', () => {
    expect(tooLarge({ size: MAX_DOCUMENT_BYTES }, MAX_DOCUMENT_BYTES)).toBe('');
    expect(tooLarge({ size: MAX_DOCUMENT_BYTES + 1 }, MAX_DOCUMENT_BYTES)).toMatch(/larger than 25 MB/);
  });
  it('keeps a pin on the plan', () => {
    const r = { left: 100, top: 50, width: 200, height: 100 };
    expect(pinAt(150, 75, r)).toEqual({ x: 0.25, y: 0.25 });
    expect(pinAt(0, 500, r)).toEqual({ x: 0, y: 1 });
    expect(inside(150, 75, r)).toBe(true);
    expect(inside(99, 75, r)).toBe(false);
  });
});
