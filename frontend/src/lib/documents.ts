// Documents, floorplans and signoffs as the office API returns them, and
// the small rules the workspace and the portal share about them.

export type OwnerKind = 'clients' | 'properties';

export interface DocumentFolder {
  name: string;
  /** The folder named "public": its documents are shown in the portal. */
  public: boolean;
  documents: number;
}

export interface StoredDocument {
  id: string;
  clientId: string | null;
  propertyId: string | null;
  folder: string;
  name: string;
  mime: string;
  size: number;
  public: boolean;
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentList {
  folders: DocumentFolder[];
  documents: StoredDocument[];
}

export interface Floorplan {
  id: string;
  name: string;
  width: number;
  height: number;
  pins: number;
}

export interface PlanAsset {
  id: string;
  type: string;
  location: string;
  barcode: string;
  esm: boolean;
  floorplanId: string | null;
  pinX: number | null;
  pinY: number | null;
}

export interface PropertyFloorplans {
  floorplans: Floorplan[];
  assets: PlanAsset[];
}

export interface Signoff {
  id: string;
  assetId: string | null;
  assetType: string;
  contractor: string;
  signedBy: string;
  signedOn: string;
  comment: string;
  documentId: string | null;
  documentName: string;
}

/** The largest document and floorplan the server takes (MaxDocumentBytes, MaxFloorplanBytes). */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
export const MAX_FLOORPLAN_BYTES = 15 * 1024 * 1024;

/** Says why a file is too large to send, before it is sent ('' when it is not). */
export function tooLarge(file: { size: number }, limit: number): string {
  return file.size > limit ? `The file is larger than ${limit / 1024 / 1024} MB; make it smaller or split it.` : '';
}

/** The folder name the portal shows, compared as the server does. */
export const isPublicFolder = (name: string) => name.trim().toLowerCase() === 'public';

/** 2048 → "2 kB", 3.5 MB → "3.5 MB". */
export function fileSize(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** How a stored file can be shown in place: as a PDF, an image, text, or not at all. */
export function previewKind(mime: string): 'pdf' | 'image' | 'text' | null {
  if (mime === 'application/pdf') return 'pdf';
  if (['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(mime)) return 'image';
  if (mime === 'text/plain') return 'text';
  return null;
}

/** A pin position from a pointer over the plan, kept on the plan (0..1). */
export function pinAt(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }): { x: number; y: number } {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    x: Math.round(clamp((clientX - rect.left) / rect.width) * 10000) / 10000,
    y: Math.round(clamp((clientY - rect.top) / rect.height) * 10000) / 10000,
  };
}

/** Whether a point is over the rectangle (a drop on the plan). */
export function inside(clientX: number, clientY: number, r: { left: number; top: number; width: number; height: number }): boolean {
  return clientX >= r.left && clientX <= r.left + r.width && clientY >= r.top && clientY <= r.top + r.height;
}
