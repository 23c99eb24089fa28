import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBytes,
  decodeEncodedWords,
  decodeQuotedPrintable,
  parseEmail,
  parseParams,
} from './mime.js';

/**
 * Produced by nodemailer's MailComposer (the composer the server uses for the local mailbox), CRLF line
 * ends kept as it wrote them: a multipart/alternative e-mail with an encoded subject folded over two lines,
 * quoted-printable text (with soft breaks) and HTML parts.
 */
const HONORARIOS = [
  'From: =?UTF-8?Q?Escrit=C3=B3rio_Cont=C3=A1bil_Exemplo?=',
  ' <nao-responda@expediente.local>',
  'To: financeiro@padaria-pao-quente.com.br',
  'Reply-To: contato@exemplo.com.br',
  'Subject: =?UTF-8?Q?Honor=C3=A1rios_=E2=80=94_a=C3=A7=C3=A3o?=',
  ' =?UTF-8?Q?_necess=C3=A1ria?=',
  'Message-ID: <0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@expediente>',
  'Date: Mon, 23 Nov 2026 17:03:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="--_NmP-honorarios-Part_1"',
  '',
  '----_NmP-honorarios-Part_1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Ol=C3=A1, Maria!\n\nOs honor=C3=A1rios de novembro (R$ 1.234,56) vencem em =',
  '10/12/2026.\nQualquer d=C3=BAvida, =C3=A9 s=C3=B3 responder.\n\nAten=C3=A7=C3=A3o: a=C3=A7=C3=A3o necess=C3=A1ria at=C3=A9 sexta-feira.',
  '----_NmP-honorarios-Part_1',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<!doctype html><html lang=3D"pt-BR"><head><meta charset=3D"utf-8"></head><b=',
  'ody><p style=3D"font-weight:bold;color:#0b5563">Escrit=C3=B3rio =',
  'Cont=C3=A1bil Exemplo</p><p>Ol=C3=A1, Maria!</p><p>Os honor=C3=A1rios de =',
  'novembro (<strong>R$ 1.234,56</strong>) vencem em 10/12/2026.=',
  '</p><p>Aten=C3=A7=C3=A3o: a=C3=A7=C3=A3o necess=C3=A1ria at=C3=A9 =',
  'sexta-feira.</p></body></html>',
  '----_NmP-honorarios-Part_1--',
  '',
].join('\r\n');

/**
 * Also from MailComposer: multipart/mixed holding multipart/alternative (base64 parts) and a PDF whose
 * name is given both as encoded-words and as an RFC 2231 continuation.
 */
const EXTRATO = [
  'From: =?UTF-8?B?RXNjcml0w7NyaW8=?= <a@b.c>',
  'To: x@y.z',
  'Subject: =?UTF-8?B?RXh0cmF0byBkZSBtYXLDp28=?=',
  'Message-ID: <mixed@expediente>',
  'Date: Thu, 05 Mar 2026 12:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="--_NmP-extrato-Part_1"',
  '',
  '----_NmP-extrato-Part_1',
  'Content-Type: multipart/alternative; boundary="--_NmP-extrato-Part_2"',
  '',
  '----_NmP-extrato-Part_2',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  'U2VndWUgbyBleHRyYXRvIGRlIG1hcsOnby4=',
  '----_NmP-extrato-Part_2',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  'PHA+U2VndWUgbyA8Yj5leHRyYXRvPC9iPiBkZSBtYXLDp28uPC9wPg==',
  '----_NmP-extrato-Part_2--',
  '',
  '----_NmP-extrato-Part_1',
  'Content-Type: application/pdf;',
  ' name="=?UTF-8?B?cmVsYXTDs3JpbyBkZSBtYXLDp28gY29tIG5vbWUg?=',
  ' =?UTF-8?B?YmVtIGNvbXByaWRvIHBhcmEgcXVlYnJhciBhIGxp?=',
  ' =?UTF-8?B?bmhhLnBkZg==?="',
  'Content-Transfer-Encoding: base64',
  'Content-Disposition: attachment;',
  " filename*0*=utf-8''relat%C3%B3rio%20de%20mar%C3%A7o%20com%20n;",
  ' filename*1="ome bem comprido para quebrar a linha.pdf"',
  '',
  'JVBERi0xLjQgZmFrZQ==',
  '----_NmP-extrato-Part_1--',
  '',
].join('\r\n');

describe('parseEmail', () => {
  it('reads a multipart/alternative message with an encoded subject and quoted-printable parts', () => {
    const mail = parseEmail(HONORARIOS);
    expect(mail.subject).toBe('Honorários — ação necessária');
    expect(mail.from).toBe('Escritório Contábil Exemplo <nao-responda@expediente.local>');
    expect(mail.to).toBe('financeiro@padaria-pao-quente.com.br');
    expect(mail.replyTo).toBe('contato@exemplo.com.br');
    expect(mail.messageId).toBe('<0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@expediente>');
    expect(mail.dateIso).toBe('2026-11-23T17:03:00.000Z');
    expect(mail.text).toBe(
      'Olá, Maria!\n\nOs honorários de novembro (R$ 1.234,56) vencem em 10/12/2026.\n' +
        'Qualquer dúvida, é só responder.\n\nAtenção: ação necessária até sexta-feira.',
    );
    expect(mail.html).toBe(
      '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body>' +
        '<p style="font-weight:bold;color:#0b5563">Escritório Contábil Exemplo</p><p>Olá, Maria!</p>' +
        '<p>Os honorários de novembro (<strong>R$ 1.234,56</strong>) vencem em 10/12/2026.</p>' +
        '<p>Atenção: ação necessária até sexta-feira.</p></body></html>',
    );
    expect(mail.attachments).toEqual([]);
  });

  it('reads nested multiparts, base64 parts and an attachment named with RFC 2231 continuations', () => {
    const mail = parseEmail(EXTRATO);
    expect(mail.subject).toBe('Extrato de março');
    expect(mail.from).toBe('Escritório <a@b.c>');
    expect(mail.text).toBe('Segue o extrato de março.');
    expect(mail.html).toBe('<p>Segue o <b>extrato</b> de março.</p>');
    expect(mail.attachments).toEqual([
      {
        filename: 'relatório de março com nome bem comprido para quebrar a linha.pdf',
        type: 'application/pdf',
        size: 13,
      },
    ]);
  });

  it('reads the same message with LF line ends', () => {
    const mail = parseEmail(HONORARIOS.replace(/\r\n/g, '\n'));
    expect(mail.subject).toBe('Honorários — ação necessária');
    expect(mail.text).toContain('vencem em 10/12/2026.');
    expect(mail.html).toContain('<strong>R$ 1.234,56</strong>');
  });

  it('takes a single-part message without a Content-Type as plain text', () => {
    const mail = parseEmail('Subject: Oi\r\nDate: nonsense\r\n\r\nCorpo simples.\r\n');
    expect(mail.subject).toBe('Oi');
    expect(mail.dateIso).toBeNull();
    expect(mail.text).toBe('Corpo simples.\n');
    expect(mail.html).toBeNull();
  });
});

describe('decodeEncodedWords', () => {
  it('decodes Q and B words and drops the space between adjacent words', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Ol=C3=A1_mundo?=')).toBe('Olá mundo');
    expect(decodeEncodedWords('=?utf-8?b?T2zDoQ==?= =?utf-8?q?_mundo?=')).toBe('Olá mundo');
    expect(decodeEncodedWords('Re: =?UTF-8?Q?a=C3=A7=C3=A3o?= urgente')).toBe('Re: ação urgente');
  });

  it('joins a character split across two words, and reads other charsets', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?a=C3?=\r\n =?UTF-8?Q?=A1b?=')).toBe('aáb');
    expect(decodeEncodedWords('=?ISO-8859-1?Q?Ol=E1?=')).toBe('Olá');
  });

  it('leaves plain text and malformed words alone', () => {
    expect(decodeEncodedWords('Sem codificação')).toBe('Sem codificação');
    expect(decodeEncodedWords('=?UTF-8?X?abc?=')).toBe('=?UTF-8?X?abc?=');
  });
});

describe('transfer encodings and parameters', () => {
  it('quoted-printable: hex bytes, soft breaks, trailing spaces', () => {
    expect(decodeBytes(decodeQuotedPrintable('a=C3=A7=\r\n=C3=A3o  \r\nfim'))).toBe('ação\r\nfim');
    expect(decodeBytes(decodeQuotedPrintable('1+1=3D2'))).toBe('1+1=2');
  });

  it('base64 with line breaks', () => {
    expect(decodeBytes(decodeBase64('T2zD\r\noQ=='))).toBe('Olá');
  });

  it('parameters: quoted, escaped, RFC 2231 encoded', () => {
    expect(parseParams('Text/HTML; Charset="UTF-8"; name="a \\"b\\"; c"')).toEqual({
      value: 'text/html',
      params: { charset: 'UTF-8', name: 'a "b"; c' },
    });
    expect(parseParams("attachment; filename*=UTF-8''rel%C3%A1t%C3%B3rio.pdf").params.filename).toBe(
      'relátório.pdf',
    );
  });
});
