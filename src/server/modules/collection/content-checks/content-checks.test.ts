import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../../http/file-content.js';
import { checkContent, checkFileHead, checkFileName, readNfe, readOfx, typeGate } from './index.js';

const fixture = (name: string) => new URL(`../../../../../test/fixtures/collection/${name}`, import.meta.url);
const bytes = (name: string) => readFileSync(fixture(name));
const stream = (name: string) => createReadStream(fixture(name), { highWaterMark: 256 });

const padaria = { name: 'Padaria Pão Quente Ltda', document: '11.222.333/0001-81' };

describe('NF-e', () => {
  it('reads the parties and the date of an authorised NF-e 4.00, streaming in small chunks', async () => {
    expect(await readNfe(stream('nfe-entrada-2026-04.xml'))).toEqual({
      key: '35260445678912000155550010000123451123456787',
      model: '55',
      number: '12345',
      issuedOn: '2026-04-10',
      emitter: { document: '45678912000155', name: 'DISTRIBUIDORA TRIGO BOM S.A.' },
      recipient: { document: '11222333000181', name: 'PADARIA PAO QUENTE LTDA' },
    });
  });

  it('reads an NFC-e without recipient and a layout 2.00 nota (dEmi)', async () => {
    const nfce = await readNfe(bytes('nfce-saida-2026-04.xml'));
    expect(nfce).toMatchObject({ model: '65', issuedOn: '2026-04-30', recipient: null });
    expect(nfce?.emitter.document).toBe('11222333000181');
    const old = await readNfe(bytes('nfe-v2-2026-03.xml'));
    expect(old).toMatchObject({ issuedOn: '2026-03-28', recipient: { document: '11222333000262' } });
  });

  it('is null for another XML, and for garbage', async () => {
    expect(await readNfe(bytes('esocial-not-nfe.xml'))).toBeNull();
    expect(await readNfe(Buffer.from('<nfeProc><NFe><infNFe><ide><dhEmi>2026'))).toBeNull();
    expect(await readNfe(Buffer.from('não é xml'))).toBeNull();
  });

  it('stops at the items: a nota with endless products is read only up to its header', async () => {
    const head = bytes('nfe-entrada-2026-04.xml').toString('utf8').split('<det nItem="1">')[0]!;
    const item = '<det nItem="2"><prod><cProd>X</cProd><xProd>ITEM</xProd></prod></det>';
    let served = 0;
    async function* endless() {
      yield Buffer.from(head);
      served += head.length;
      for (;;) {
        const chunk = Buffer.from(item.repeat(100));
        served += chunk.length;
        yield chunk;
      }
    }
    const facts = await readNfe(Readable.from(endless()));
    expect(facts?.issuedOn).toBe('2026-04-10');
    expect(served).toBeLessThan(64 * 1024);
  });

  it('warns about another month and another company, in the client’s words', async () => {
    const apr = await checkContent(stream('nfe-entrada-2026-04.xml'), 'xml', {
      competencia: '2026-04',
      company: padaria,
    });
    expect(apr.warnings).toEqual([]);

    const may = await checkContent(stream('nfe-entrada-2026-04.xml'), 'xml', {
      competencia: '2026-05',
      company: { name: 'Mercado Bom Preço Ltda', document: '45.678.912/0001-55' },
    });
    // The emitter is that company: only the month is wrong.
    expect(may.warnings.map((w) => w.message)).toEqual([
      {
        'pt-BR': 'Esta nota é de abril de 2026; pedimos maio de 2026.',
        en: 'This invoice is from April 2026; we asked for May 2026.',
      },
    ]);

    const other = await checkContent(bytes('nfe-entrada-2026-04.xml'), 'xml', {
      competencia: '2026-04',
      company: { name: 'Oficina Dois Irmãos ME', document: '11.444.777/0001-61' },
    });
    expect(other.warnings).toEqual([
      {
        code: 'invoice_other_company',
        message: {
          'pt-BR':
            'Esta nota é do CNPJ 45.678.912/0001-55, que não é da empresa Oficina Dois Irmãos ME (11.444.777/0001-61).',
          en: 'This invoice belongs to CNPJ 45.678.912/0001-55, which is not the company Oficina Dois Irmãos ME (11.444.777/0001-61).',
        },
      },
    ]);
  });

  it('tells a branch of the same company apart from a stranger', async () => {
    const report = await checkContent(bytes('nfe-v2-2026-03.xml'), 'xml', {
      competencia: '2026-03',
      company: padaria,
    });
    expect(report.warnings.map((w) => [w.code, w.message['pt-BR']])).toEqual([
      [
        'invoice_other_branch',
        'Esta nota é da filial CNPJ 11.222.333/0002-62; pedimos as notas de Padaria Pão Quente Ltda (11.222.333/0001-81).',
      ],
    ]);
  });

  it('checks no company when the client has no document', async () => {
    const report = await checkContent(bytes('nfe-entrada-2026-04.xml'), 'xml', {
      competencia: '2026-04',
      company: { name: 'Sem documento', document: null },
    });
    expect(report.warnings).toEqual([]);
  });
});

describe('OFX', () => {
  it('reads an OFX 1.02 (SGML, Latin-1) statement: period and account', async () => {
    expect(await readOfx(stream('extrato-itau-2026-03.ofx'))).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
      account: { bankId: '0341', branchId: '1234', accountId: '56789-0', type: 'CHECKING' },
    });
  });

  it('reads an OFX 2.2 (XML) statement', async () => {
    expect(await readOfx(stream('extrato-v2-2026-04.ofx'))).toEqual({
      start: '2026-04-01',
      end: '2026-04-30',
      account: { bankId: '001', branchId: '3264-1', accountId: '45012-7', type: 'CHECKING' },
    });
  });

  it('is null for a file that is not OFX', async () => {
    expect(await readOfx(bytes('nfe-entrada-2026-04.xml'))).toBeNull();
    expect(await readOfx(Buffer.from('data;valor\n01/04/2026;10,00\n'))).toBeNull();
  });

  it('warns when the statement is of another month: "Este extrato é de março de 2026; pedimos abril de 2026"', async () => {
    const report = await checkContent(stream('extrato-itau-2026-03.ofx'), 'ofx', {
      competencia: '2026-04',
      company: padaria,
    });
    expect(report.warnings).toEqual([
      {
        code: 'statement_other_period',
        message: {
          'pt-BR': 'Este extrato é de março de 2026; pedimos abril de 2026.',
          en: 'This statement is for March 2026; we asked for April 2026.',
        },
      },
    ]);
    const ok = await checkContent(stream('extrato-v2-2026-04.ofx'), 'ofx', {
      competencia: '2026-04',
      company: padaria,
    });
    expect(ok.warnings).toEqual([]);
  });

  it('warns about a statement that covers part of the month, or two other months, or has no dates', async () => {
    const ofx = (start: string, end: string) =>
      Buffer.from(
        `OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKACCTFROM><BANKID>237<ACCTID>1-2</BANKACCTFROM><BANKTRANLIST>${start ? `<DTSTART>${start}` : ''}${end ? `<DTEND>${end}` : ''}<STMTTRN><TRNAMT>1.00</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
      );
    const expected = { competencia: '2026-04', company: padaria };
    const partial = await checkContent(ofx('20260401', '20260415'), 'ofx', expected);
    expect(partial.warnings.map((w) => w.message['pt-BR'])).toEqual([
      'Este extrato vai de 01/04/2026 a 15/04/2026 e não cobre abril de 2026 inteiro.',
    ]);
    const span = await checkContent(ofx('20260215', '20260314'), 'ofx', expected);
    expect(span.warnings.map((w) => w.message.en)).toEqual([
      'This statement is for February 15, 2026 to March 14, 2026; we asked for April 2026.',
    ]);
    // A few days short at the ends is still the month (banks date by the first and last transaction).
    expect((await checkContent(ofx('20260402', '20260429'), 'ofx', expected)).warnings).toEqual([]);
    // More than the month is fine too.
    expect((await checkContent(ofx('20260301', '20260430'), 'ofx', expected)).warnings).toEqual([]);
    const none = await checkContent(ofx('', ''), 'ofx', expected);
    expect(none.warnings.map((w) => w.code)).toEqual(['statement_no_period']);
  });
});

describe('file type from the content', () => {
  it('names the kind of real files', () => {
    expect(detectKind(bytes('extrato-itau-2026-03.ofx'))).toBe('ofx');
    expect(detectKind(bytes('extrato-v2-2026-04.ofx'))).toBe('ofx');
    expect(detectKind(bytes('nfe-entrada-2026-04.xml'))).toBe('xml');
    expect(detectKind(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(detectKind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]))).toBe('zip');
    expect(detectKind(Buffer.from('data;valor\n'))).toBe('text');
    expect(detectKind(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]))).toBe('unknown');
    expect(detectKind(Buffer.alloc(0))).toBe('empty');
  });

  it('checks the name against the item’s accepted extensions', () => {
    expect(checkFileName('Extrato Março.OFX', ['ofx', 'pdf'])).toEqual({
      ok: true,
      type: { extension: 'ofx', contentType: 'application/x-ofx', kind: 'ofx' },
    });
    expect(checkFileName('foto.jpeg', ['jpg']).ok).toBe(true);
    const refused = checkFileName('planilha.xlsx', ['pdf', 'ofx']);
    expect(refused).toMatchObject({
      ok: false,
      refusal: {
        reason: 'type_not_accepted',
        message: { 'pt-BR': 'O arquivo planilha.xlsx não é de um tipo aceito aqui. Envie PDF, OFX.' },
      },
    });
    expect(checkFileName('virus.exe', ['pdf']).ok).toBe(false);
  });

  it('refuses a file whose bytes are not what its name says, and an empty one', () => {
    const named = checkFileName('nota.xml', ['xml']);
    if (!named.ok) throw new Error('xml should be accepted');
    expect(checkFileHead('nota.xml', named.type, bytes('nfe-entrada-2026-04.xml'))).toBeNull();
    expect(checkFileHead('nota.xml', named.type, Buffer.from('%PDF-1.4\n'))).toMatchObject({
      reason: 'content_mismatch',
      detected: 'pdf',
      message: {
        en: 'The content of nota.xml is not XML: it does not match the file name. Send the original file.',
      },
    });
    expect(checkFileHead('nota.xml', named.type, Buffer.alloc(0))?.reason).toBe('empty');
  });

  it('gates a stream: a PDF passes whole, an executable named .pdf fails before its bytes go on', async () => {
    const named = checkFileName('guia.pdf', ['pdf']);
    if (!named.ok) throw new Error('pdf should be accepted');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100_000, 0x20)]);
    const chunks: Buffer[] = [];
    for await (const c of Readable.from([pdf.subarray(0, 5), pdf.subarray(5)]).pipe(
      typeGate('guia.pdf', named.type, (r) => new Error(r.reason)),
    ))
      chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);

    const passed: Buffer[] = [];
    const exe = Readable.from([
      Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0, 0xb8]),
    ]);
    await expect(
      (async () => {
        for await (const c of exe.pipe(typeGate('guia.pdf', named.type, (r) => new Error(r.reason))))
          passed.push(c);
      })(),
    ).rejects.toThrow('content_mismatch');
    expect(passed).toEqual([]);
  });
});
