// Shapes of the JSON API (docs/api.md). Times are RFC 3339 UTC strings, money
// is integer cents.

export type Licence = 'office' | 'technician' | 'customer';

export interface User {
  id: string;
  email: string;
  name: string;
  licence: Licence;
}

export type ViewKind = 'client' | 'group';

export interface View {
  kind: ViewKind;
  id: string;
  name: string;
  /** Nesting level below the user's authorised root, for indenting. */
  depth: number;
}

/** Optional workspace facts the UI shows when the API provides them. */
export interface Company {
  name: string;
  timeZone?: string;
}

export interface Me {
  user: User;
  view: View | null;
  views: View[];
  desktop?: boolean;
  company?: Company;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface Client {
  id: string;
  name: string;
  groupId: string | null;
  groupName?: string;
  emailReports: string;
  emailQuotes: string;
  emailCorrespondence: string;
  emailInvoices: string;
  primaryEmail?: string;
  primaryName?: string;
  pricingTier: string;
  tags: string[] | null;
  active: boolean;
  propertyCount: number;
  portalUsers: number;
  createdAt: string;
  updatedAt: string;
}

export interface ClientGroup {
  id: string;
  name: string;
  parentId: string | null;
  /** Not yet in the contract; used when present. */
  parentName?: string;
  clientCount: number;
  childCount: number;
  createdAt: string;
  updatedAt: string;
}

export type Severity = 'critical' | 'non_critical' | 'non_conformance' | 'recommendation' | 'information';

export interface PortalProperty {
  id: string;
  name: string;
  address: string;
  state: string;
  clientId: string;
  clientName: string;
  lat: number | null;
  lng: number | null;
  overdueInvoices: number;
  quotesAwaiting: number;
  openDefects: number;
  worstSeverity: Severity | null;
}

export const TAG_NO_PORTAL_ACCESS = 'NO PORTAL ACCESS';

export type Priority = 'urgent' | 'high' | 'normal' | 'low';

export interface ClientSLA {
  priority: Priority;
  responseHours: number;
  completionHours: number;
}

/** GET /api/clients/{id} adds the SLA targets to a Client. */
export interface ClientDetail extends Client {
  slas?: ClientSLA[];
}

export interface Contact {
  id: string;
  clientId: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  primary: boolean;
}

export interface ClientNote {
  id: string;
  clientId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** A property as the office sees it (access details included). */
export interface OfficeProperty {
  id: string;
  clientId: string;
  parentId: string | null;
  name: string;
  street: string;
  suburb: string;
  state: string;
  postcode: string;
  active: boolean;
  accessDetails: string;
  accessProcedure: string;
}
