import type { Db } from '../../db/database.js';
import { interpolate, type Lang, type Localized } from '../../http/i18n.js';

/**
 * The audit log as people read it: who did what to which thing, in a sentence in the reader's language
 * ("Ana Souza mudou a classe do cliente Padaria Estrela: B → A"). The stored entry keeps the codes
 * (`client`, `class-change`) and the raw snapshots, which the Auditoria tab shows under "Detalhes técnicos".
 */

/** What each audited entity is called, with its article in pt-BR ("o cliente", "a agenda"). */
const entityNames: Record<string, Localized> = {
  api_token: { 'pt-BR': 'o token de API', en: 'the API token' },
  automation_rule: { 'pt-BR': 'a regra de automação', en: 'the automation rule' },
  bank_account: { 'pt-BR': 'a conta bancária', en: 'the bank account' },
  billing_settings: { 'pt-BR': 'as configurações de cobrança', en: 'the billing settings' },
  boleto: { 'pt-BR': 'o boleto', en: 'the boleto' },
  channel_settings: { 'pt-BR': 'o canal', en: 'the channel' },
  client: { 'pt-BR': 'o cliente', en: 'the client' },
  client_certidao: { 'pt-BR': 'a certidão', en: 'the certidão' },
  client_certidao_requirements: { 'pt-BR': 'as certidões exigidas', en: 'the required certidões' },
  client_certificate: { 'pt-BR': 'o certificado digital', en: 'the digital certificate' },
  contact: { 'pt-BR': 'o contato', en: 'the contact' },
  fee_contract: { 'pt-BR': 'o contrato de honorários', en: 'the fee contract' },
  invoice: { 'pt-BR': 'a cobrança', en: 'the invoice' },
  message: { 'pt-BR': 'a mensagem', en: 'the message' },
  office: { 'pt-BR': 'os dados do escritório', en: "the office's details" },
  profession: { 'pt-BR': 'a profissão', en: 'the profession' },
  routine: { 'pt-BR': 'a rotina', en: 'the routine' },
  schedule: { 'pt-BR': 'a agenda', en: 'the schedule' },
  service: { 'pt-BR': 'o serviço', en: 'the service' },
  template: { 'pt-BR': 'o modelo de mensagem', en: 'the message template' },
  ticket: { 'pt-BR': 'o atendimento', en: 'the ticket' },
  ticket_sla_policies: { 'pt-BR': 'os prazos de atendimento', en: 'the ticket deadlines' },
  user: { 'pt-BR': 'o usuário', en: 'the user' },
};

/** What each action did; `{what}` is the entity with its name. */
const actionTexts: Record<string, Localized> = {
  create: { 'pt-BR': 'criou {what}', en: 'created {what}' },
  update: { 'pt-BR': 'alterou {what}', en: 'changed {what}' },
  delete: { 'pt-BR': 'excluiu {what}', en: 'deleted {what}' },
  activate: { 'pt-BR': 'ativou {what}', en: 'switched on {what}' },
  deactivate: { 'pt-BR': 'desativou {what}', en: 'switched off {what}' },
  pause: { 'pt-BR': 'pausou {what}', en: 'paused {what}' },
  resume: { 'pt-BR': 'retomou {what}', en: 'resumed {what}' },
  cancel: { 'pt-BR': 'cancelou {what}', en: 'cancelled {what}' },
  issue: { 'pt-BR': 'emitiu {what}', en: 'issued {what}' },
  retry: { 'pt-BR': 'reenviou {what}', en: 'retried {what}' },
  revoke: { 'pt-BR': 'revogou {what}', en: 'revoked {what}' },
  deny: { 'pt-BR': 'recusou {what}', en: 'refused {what}' },
  reset: { 'pt-BR': 'restaurou o padrão de {what}', en: 'reset {what} to its default' },
  notify: { 'pt-BR': 'notificou o cliente sobre {what}', en: 'notified the client about {what}' },
  file_upload: { 'pt-BR': 'anexou um arquivo em {what}', en: 'attached a file to {what}' },
  file_delete: { 'pt-BR': 'removeu um arquivo de {what}', en: 'removed a file from {what}' },
  login: { 'pt-BR': 'entrou no sistema', en: 'signed in' },
  password_change: { 'pt-BR': 'trocou a senha', en: 'changed their password' },
  responsible_transferred: {
    'pt-BR': 'transferiu os clientes de {what}',
    en: 'transferred the clients of {what}',
  },
  'class-change': {
    'pt-BR': 'mudou a classe de {what}: {from} → {to}',
    en: 'changed the class of {what}: {from} → {to}',
  },
  'status-change': {
    'pt-BR': 'mudou o status de {what}: {from} → {to}',
    en: 'changed the status of {what}: {from} → {to}',
  },
};

const texts = {
  system: { 'pt-BR': 'O sistema', en: 'The system' },
  thing: { 'pt-BR': 'um registro', en: 'a record' },
  /** An action this table does not know: its code, for the raw data to explain. */
  other: { 'pt-BR': 'fez “{action}” em {what}', en: 'did “{action}” on {what}' },
  statuses: {
    active: { 'pt-BR': 'ativo', en: 'active' },
    inactive: { 'pt-BR': 'inativo', en: 'inactive' },
  } as Record<string, Localized>,
  none: { 'pt-BR': 'nenhuma', en: 'none' },
} as const;

/** The names of an entity's rows (a module that owns the table registers it: `catalog.ts`). */
export type AuditNameResolver = (
  db: Db,
  officeId: string,
  ids: string[],
) => Promise<Map<string, string | Localized>>;

const resolvers = new Map<string, AuditNameResolver>();

/** Lets the Auditoria name an entity's rows by their id (a client's by its legal name). */
export function registerAuditNames(entity: string, resolver: AuditNameResolver): void {
  resolvers.set(entity, resolver);
}

/** Names of the targets of `entries`, by `entity:id`, from the registered resolvers. */
export async function auditTargetNames(
  db: Db,
  officeId: string,
  entries: { entity: string; entityId: string }[],
): Promise<Map<string, string | Localized>> {
  const byEntity = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!resolvers.has(e.entity)) continue;
    byEntity.set(e.entity, (byEntity.get(e.entity) ?? new Set()).add(e.entityId));
  }
  const names = new Map<string, string | Localized>();
  for (const [entity, ids] of byEntity) {
    const found = await resolvers.get(entity)!(db, officeId, [...ids]);
    for (const [id, name] of found) names.set(`${entity}:${id}`, name);
  }
  return names;
}

type Snapshot = Record<string, unknown> | null;

/** A name the snapshots carry themselves (a user's, a service's, a template's key). */
export function snapshotName(before: Snapshot, after: Snapshot): string | null {
  for (const s of [after, before]) {
    for (const key of ['legalName', 'name', 'title', 'subject', 'key']) {
      const v = s?.[key];
      if (typeof v === 'string' && v.trim()) return v;
    }
  }
  return null;
}

/** "de" + "o cliente" → "do cliente"; "em" + "a cobrança" → "na cobrança". */
function contract(prep: 'de' | 'em', phrase: string): string {
  const [article = '', ...rest] = phrase.split(' ');
  if (!['o', 'a', 'os', 'as'].includes(article) || rest.length === 0) return `${prep} ${phrase}`;
  return `${prep === 'de' ? 'd' : 'n'}${article} ${rest.join(' ')}`;
}

/** The sentence of an audit entry in `lang`. */
export function auditSentence(
  e: {
    userName: string | null;
    entity: string;
    action: string;
    before: Snapshot;
    after: Snapshot;
    targetName: string | null;
  },
  lang: Lang,
): string {
  const entity = entityNames[e.entity]?.[lang] ?? texts.thing[lang];
  const named = (text: string) => (e.targetName ? `${text} ${e.targetName}` : text);
  const actor = e.userName ?? texts.system[lang];
  const column = e.action === 'class-change' ? 'class' : e.action === 'status-change' ? 'status' : null;
  const word = (v: unknown) => {
    if (v === null || v === undefined || v === '') return texts.none[lang];
    const s = String(v);
    return column === 'status' ? (texts.statuses[s]?.[lang] ?? s) : s;
  };
  let template = actionTexts[e.action]?.[lang] ?? texts.other[lang];
  // pt-BR contracts a preposition with the article: "de o cliente" is "do cliente", "em a" is "na".
  if (lang === 'pt-BR')
    template = template.replace(/\b(de|em) \{what\}/, (_, prep: string) => `{${prep}What}`);
  const body = interpolate(template, {
    what: named(entity),
    deWhat: named(contract('de', entity)),
    emWhat: named(contract('em', entity)),
    action: e.action,
    from: column ? word(e.before?.[column]) : '',
    to: column ? word(e.after?.[column]) : '',
  });
  return `${actor} ${body}.`;
}
