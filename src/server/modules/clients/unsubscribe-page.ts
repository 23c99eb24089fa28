import { createHash } from 'node:crypto';
import type { Lang } from '../../http/i18n.js';

/** What the unsubscribe link's page shows. */
export type UnsubscribePage =
  /** GET: the question and the confirmation button (nothing is changed yet). */
  | { kind: 'confirm'; officeName: string }
  /** POST done, or GET when the recipient had already opted out. */
  | { kind: 'done'; officeName: string; already: boolean }
  /** A POST without the one-click field: the button again, with a hint. */
  | { kind: 'incomplete'; officeName: string }
  /** Malformed or forged token. */
  | { kind: 'invalid' }
  /** A well-signed token whose recipient (or office) no longer exists. */
  | { kind: 'gone' };

/** The page's only style sheet, inline: the page is self-contained (no other request, no script). */
const STYLE = `
body{margin:0;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5}
main{max-width:480px;margin:48px auto;padding:24px 28px;background:#fff;border-radius:8px;border:1px solid #dde3e8}
.office{margin:0 0 4px;font-weight:bold;color:#0b5563}
h1{margin:0 0 16px;font-size:20px}
.muted{color:#667;font-size:14px}
.warn{color:#9a3412;font-weight:bold}
button{font:inherit;font-weight:bold;color:#fff;background:#0b5563;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
button:hover,button:focus{background:#083f4a}
footer{margin-top:24px;color:#999;font-size:12px}
`;

/**
 * The page's Content Security Policy: nothing but its own inline style sheet, allowed by its hash rather
 * than by 'unsafe-inline', and a form that posts back to us; never framed.
 */
export const UNSUBSCRIBE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const text = {
  'pt-BR': {
    title: 'Cancelar e-mails informativos',
    question: (o: string) =>
      `Deseja deixar de receber e-mails informativos de <strong>${o}</strong>, como felicitações e comunicados?`,
    keeps:
      'Mensagens sobre os serviços que o escritório presta a você (cobranças, atendimentos, documentos) continuam sendo enviadas.',
    button: 'Confirmar cancelamento',
    ignore: 'Se você não pediu isso, basta fechar esta página: nada foi alterado.',
    incomplete: 'Para confirmar, use o botão abaixo.',
    doneTitle: 'Pronto',
    done: (o: string) => `Você não receberá mais e-mails informativos de <strong>${o}</strong>.`,
    already: (o: string) => `Você já não recebe e-mails informativos de <strong>${o}</strong>.`,
    undo: 'Mudou de ideia? Fale com o escritório para voltar a receber.',
    invalidTitle: 'Link inválido',
    invalid:
      'Este link de cancelamento não é válido. Confira se ele foi copiado por inteiro a partir do e-mail.',
    goneTitle: 'Link expirado',
    gone: 'Este link de cancelamento não vale mais: o cadastro a que ele se refere não existe.',
    footer: 'Enviado pelo Expediente',
  },
  en: {
    title: 'Unsubscribe from informative e-mails',
    question: (o: string) =>
      `Do you want to stop receiving informative e-mails from <strong>${o}</strong>, such as greetings and announcements?`,
    keeps:
      'Messages about the services the office provides to you (invoices, tickets, documents) will still be sent.',
    button: 'Confirm unsubscribe',
    ignore: 'If you did not ask for this, just close this page: nothing has changed.',
    incomplete: 'To confirm, use the button below.',
    doneTitle: 'Done',
    done: (o: string) => `You will no longer receive informative e-mails from <strong>${o}</strong>.`,
    already: (o: string) => `You already do not receive informative e-mails from <strong>${o}</strong>.`,
    undo: 'Changed your mind? Contact the office to receive them again.',
    invalidTitle: 'Invalid link',
    invalid: 'This unsubscribe link is not valid. Check that it was copied in full from the e-mail.',
    goneTitle: 'Expired link',
    gone: 'This unsubscribe link no longer works: the record it refers to does not exist.',
    footer: 'Sent by Expediente',
  },
} satisfies Record<Lang, unknown>;

/** The HTTP status of each page. */
export function unsubscribePageStatus(page: UnsubscribePage): number {
  switch (page.kind) {
    case 'confirm':
    case 'done':
      return 200;
    case 'incomplete':
    case 'invalid':
      return 400;
    case 'gone':
      return 404;
  }
}

/**
 * The small, self-contained HTML page of the unsubscribe link (inline styles only, no script), in the
 * reader's language. The office's name is escaped: an office may name itself anything.
 */
export function renderUnsubscribePage(page: UnsubscribePage, lang: Lang): string {
  const t = text[lang];
  const office = 'officeName' in page ? escapeHtml(page.officeName) : null;
  let heading: string;
  let body: string;
  switch (page.kind) {
    case 'confirm':
    case 'incomplete':
      heading = t.title;
      body = `${page.kind === 'incomplete' ? `<p class="warn">${t.incomplete}</p>` : ''}
<p>${t.question(office!)}</p>
<p class="muted">${t.keeps}</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${t.button}</button>
</form>
<p class="muted">${t.ignore}</p>`;
      break;
    case 'done':
      heading = t.doneTitle;
      body = `<p>${page.already ? t.already(office!) : t.done(office!)}</p>
<p class="muted">${t.undo}</p>`;
      break;
    case 'invalid':
      heading = t.invalidTitle;
      body = `<p>${t.invalid}</p>`;
      break;
    case 'gone':
      heading = t.goneTitle;
      body = `<p>${t.gone}</p>`;
      break;
  }
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${heading}${office ? ` — ${office}` : ''}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${office ? `<p class="office">${office}</p>` : ''}
<h1>${heading}</h1>
${body}
<footer>${t.footer}</footer>
</main>
</body>
</html>
`;
}
