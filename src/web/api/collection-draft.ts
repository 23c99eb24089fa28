/**
 * TEMPORARY: the collection API's shapes, written from the fixed contract
 * (prompts/collection-contract.md) while the server routes are being written on branch h19-server. Once
 * they are merged, `collection.ts` derives every one of these from the generated `schema.d.ts` and this
 * file is deleted.
 */

export type ItemKind = 'file' | 'activity';
export type Requirement = 'required' | 'should' | 'optional';
export type ItemState =
  | 'pending'
  | 'received'
  | 'none_this_month'
  | 'never_ask_again'
  | 'will_send_later'
  | 'dispensed'
  | 'done';
export type RequestStatus = 'open' | 'started' | 'closed' | 'cancelled';

export interface TemplateItemInput {
  key?: string;
  name: string;
  instructions: string;
  kind: ItemKind;
  requirement: Requirement;
  acceptedTypes: string[];
  maxBytes: number;
  multiple: boolean;
  professionId: string | null;
}

export interface TemplateInput {
  name: string;
  serviceId: string | null;
  professionId?: string | null;
  description?: string | null;
  autoClose: boolean;
  due: { day: number; businessDays: boolean; monthOffset: number; adjust: 'postpone' | 'anticipate' };
  reminderOffsets: number[];
  communication: {
    requestSubject: string;
    requestBody: string;
    reminderSubject: string;
    reminderBody: string;
    receiptSubject: string;
    receiptBody: string;
  };
  items: TemplateItemInput[];
}

export interface Template extends TemplateInput {
  id: string;
  version: number;
  active: boolean;
  serviceName: string | null;
  professionId: string | null;
  description: string | null;
  items: (TemplateItemInput & { key: string })[];
  variables: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TemplateSummary {
  id: string;
  name: string;
  serviceName: string | null;
  version: number;
  active: boolean;
  itemCount: number;
  updatedAt: string;
}

export interface ScheduleInput {
  templateId: string;
  audience:
    | { kind: 'clients'; clientIds: string[] }
    | { kind: 'class'; classId: string }
    | { kind: 'tag'; tagId: string };
  mode: 'once' | 'recurring';
  competencia?: string;
  recurrence?: {
    frequency: 'monthly' | 'quarterly' | 'yearly';
    generateDay: number;
    startCompetencia: string;
  };
}

export interface SchedulePreview {
  clients: number;
  months: { competencia: string; requests: number; firstDueDates: string[]; generatesOn: string | null }[];
}

export interface Actor {
  kind: 'client' | 'staff';
  name: string;
}

export interface CollectionFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  uploadedAt: string;
  uploadedBy: Actor;
  warnings: string[];
}

export interface RequestRow {
  id: string;
  competencia: string;
  client: { id: string; name: string; document: string };
  template: { id: string; name: string; version: number };
  serviceName: string | null;
  responsible: { id: string; name: string } | null;
  dueDate: string;
  status: RequestStatus;
  closeStatus: string | null;
  progress: { settled: number; total: number };
  overdue: boolean;
}

export interface RequestItem {
  id: string;
  key: string;
  position: number;
  name: string;
  instructions: string;
  kind: ItemKind;
  requirement: Requirement;
  acceptedTypes: string[];
  maxBytes: number;
  multiple: boolean;
  state: ItemState;
  answeredAt: string | null;
  answeredBy: Actor | null;
  sendLaterOn: string | null;
  comment: string | null;
  responsible: { id: string; name: string } | null;
  changedAt: string;
  changedBy: { id: string; name: string } | null;
  files: CollectionFile[];
}

export interface RequestDetail extends RequestRow {
  items: RequestItem[];
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  closeNote: string | null;
  closedAt: string | null;
  closedBy: { id: string; name: string } | null;
  offerClose: boolean;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  itemName: string | null;
  text: string;
}

export interface PortalFile {
  id: string;
  name: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  warnings: string[];
  mine: boolean;
}

export interface PortalItem {
  id: string;
  name: string;
  instructions: string;
  kind: ItemKind;
  requirement: Requirement;
  acceptedTypes: string[];
  maxBytes: number;
  multiple: boolean;
  state: ItemState;
  sendLaterOn: string | null;
  comment: string | null;
  files: PortalFile[];
}

export interface PortalView {
  office: { name: string };
  contact: { name: string };
  companies: {
    clientId: string;
    name: string;
    document: string;
    requests: {
      id: string;
      competencia: string;
      templateName: string;
      dueDate: string;
      overdue: boolean;
      progress: { settled: number; total: number };
      items: PortalItem[];
    }[];
  }[];
}

export interface PortalUploadAnswer {
  file: CollectionFile;
  warnings: { code: string; message: string }[];
}

export type PortalAnswer = 'none_this_month' | 'never_ask_again' | 'will_send_later';

export interface ClientSkip {
  itemKey: string;
  itemName: string;
  templateName: string;
  since: string;
  by: string;
}

export interface StaffUploadResult {
  items: CollectionFile[];
  refused: { name: string; code: string; reason: string }[];
}

export interface CloseInput {
  status: 'delivered' | 'delivered_with_pending' | 'cancelled';
  customStatus?: string;
  note?: string;
}

export interface Program {
  id: string;
  template: { id: string; name: string };
  audience: ScheduleInput['audience'];
  frequency: 'monthly' | 'quarterly' | 'yearly';
  generateDay: number;
  startCompetencia: string;
  active: boolean;
  nextRunAt: string | null;
  createdAt: string;
}
