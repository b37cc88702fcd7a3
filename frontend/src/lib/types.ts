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
  /** A technician on the install enrolled for them (lib/fieldWork.ts). */
  fieldWork?: boolean;
}

export interface ListResult<T> {
  items: T[];
  total: number;
}

export interface Client {
  id: string;
  /** The office's own unique reference; '' for none. */
  code: string;
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

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ClientImportChange {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  code: string;
  name: string;
  fields?: string[];
}

export interface ClientImportRecord {
  id: string;
  hash: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  userName: string;
  created: number;
  updated: number;
  unchanged: number;
  appliedAt: string;
}

export interface ClientImportPreview {
  fileName: string;
  hash: string;
  format: 'csv' | 'xlsx';
  rows: number;
  creates: number;
  updates: number;
  unchanged: number;
  problems: ImportProblem[];
  problemCount: number;
  changes: ClientImportChange[];
  previousImport: ClientImportRecord | null;
}

export interface Remark {
  id: string;
  number: number | null;
  propertyId: string;
  propertyName: string;
  clientId: string;
  clientName: string;
  assetId: string | null;
  assetType?: string;
  taskId: string | null;
  severity: Severity;
  status: 'open' | 'resolved';
  description: string;
  raisedAt: string;
  resolvedAt: string | null;
  published: boolean;
  publishedAt: string | null;
  updatedAt: string;
  /** Offline sync recorded a conflict on it the office has not reviewed. */
  needsReview?: boolean;
}

export type QuoteStatus = 'draft' | 'submitted' | 'approved' | 'declined' | 'expired' | 'voided' | 'deleted';

export interface QuoteLine {
  id?: string;
  remarkId: string | null;
  remarkNumber?: number;
  description: string;
  quantity: number;
  unitCents: number;
}

export interface Quote {
  id: string;
  number: number | null;
  kind: 'defect' | 'service';
  clientId: string;
  clientName: string;
  propertyId: string;
  propertyName: string;
  title: string;
  status: QuoteStatus;
  totalCents: number;
  issuedOn: string;
  expiresOn: string;
  decidedAt: string | null;
  decidedByUserId?: string;
  decidedByName: string;
  decidedFor: string;
  poReference: string;
  decisionComment: string;
  declineReason: string;
  createdAt: string;
  updatedAt: string;
  lines?: QuoteLine[];
  /** Offline sync recorded a conflict on it the office has not reviewed. */
  needsReview?: boolean;
}

export interface Payment {
  id: string;
  amountCents: number;
  paidOn: string;
  reference: string;
  createdAt: string;
}

export interface Invoice {
  id: string;
  number: number | null;
  clientId: string;
  clientName: string;
  propertyId: string;
  propertyName: string;
  taskId: string | null;
  status: 'draft' | 'issued' | 'paid' | 'voided';
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  payments?: Payment[];
  /** Offline sync recorded a conflict on it the office has not reviewed. */
  needsReview?: boolean;
}

/** A property as the office sees it (access details included). */
export interface Property {
  id: string;
  clientId: string;
  clientName?: string;
  parentId: string | null;
  name: string;
  street: string;
  suburb: string;
  state: string;
  postcode: string;
  lat: number | null;
  lng: number | null;
  active: boolean;
  accessDetails: string;
  accessProcedure: string;
  createdAt: string;
}

export interface PropertyContact {
  id: string;
  propertyId: string;
  role: string;
  name: string;
  email: string;
  phone: string;
  receiveReports: boolean;
  receiveQuotes: boolean;
  receiveInvoices: boolean;
  receiveNotifications: boolean;
}

export interface AssetRow {
  id: string;
  propertyId: string;
  propertyName: string;
  clientId: string;
  clientName: string;
  type: string;
  esm: boolean;
  location: string;
  barcode: string;
  lastServiceOn: string;
  lastResult: '' | 'pass' | 'fail' | 'not_tested';
}

export interface TaskRow {
  id: string;
  number: number | null;
  propertyId: string;
  propertyName: string;
  clientId: string;
  clientName: string;
  kind: 'routine' | 'service_call' | 'other';
  priority: 'urgent' | 'high' | 'normal' | 'low';
  stage: 'onhold' | 'ready' | 'inprogress' | 'performed' | 'complete' | 'cancelled';
  title: string;
  scheduledOn: string;
  dueOn: string;
  toleranceDays: number;
  performedAt: string | null;
  completedAt: string | null;
  /** Offline sync recorded a conflict on it the office has not reviewed. */
  needsReview?: boolean;
}

/** The office's property (the client page's list uses this name). */
export type OfficeProperty = Property;

/** The workspace's logo (Settings > Company). */
export interface CompanyLogo {
  sha256: string;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  size: number;
}

/** Settings > Company (GET/PUT /api/settings/company). */
export interface CompanySettings {
  companyName: string;
  timeZone: string;
  portalUrl: string;
  contactPhone: string;
  contactEmail: string;
  logo: CompanyLogo | null;
  /** What links use while portalUrl is empty. */
  defaultPortalUrl: string;
}

export interface Routine {
  id: string;
  propertyId: string;
  propertyName: string;
  clientId: string;
  clientName: string;
  name: string;
  standard: string;
  frequencyMonths: number;
  assetTypes: string[];
  toleranceDays: number;
  startsOn: string;
  active: boolean;
  nextDueOn: string;
  upcomingTasks: number;
  overdueTasks: number;
}

/** What saving a routine did to its upcoming tasks. */
export interface RoutineTasksChange {
  created: number;
  moved: number;
  removed: number;
  kept: number;
}
