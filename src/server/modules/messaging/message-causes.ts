/**
 * What caused a message (`messages.cause_kind`, `send({ cause: { kind } })`): the outbox filters by it and
 * shows it. The kinds the product writes, each with who sends it (docs/messaging.md, "The templates and who
 * receives them"):
 * - `manual`: a user's own action — the channel test messages of Canais (e-mail, WhatsApp, SMS);
 * - `run`: the e-mail telling a user that the background run they asked for ended;
 * - `routine`: a routine's run — Honorários (invoices, overdue notices), Certidões negativas, Certificados
 *   digitais, Aniversariantes, Transição de classe, Atendimentos parados;
 * - `ticket`: an Atendimento — Notificar, a status change, a staff message in its chat.
 *
 * A module that sends with a new kind adds it here (and its label in the web dictionaries), or the outbox
 * cannot filter by it.
 */
export const messageCauses = ['manual', 'routine', 'run', 'ticket'] as const;
