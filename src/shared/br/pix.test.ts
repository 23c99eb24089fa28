import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBrCode,
  crc16,
  formatPixAmount,
  maxDescriptionLength,
  normalizeMerchantText,
  normalizePixText,
  PixError,
  parseBrCode,
  parsePixKey,
  validateStaticPix,
} from './pix.js';

/** The example payload of the Banco Central's Manual de Padrões para Iniciação do Pix. */
const BCB_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

/**
 * Payloads computed by an independent implementation (Python: a hand-written TLV builder and
 * `binascii.crc_hqx(data, 0xFFFF)`, the CCITT-FALSE CRC), not by this module.
 */
const REFERENCE = {
  invoice:
    '00020101021226690014br.gov.bcb.pix0125contato@escritorio.com.br0218Honorarios 11/202652040000530398654071234.565802BR5916CONTABIL ESTRELA6009SAO PAULO62290525HON202611A1B2C3D4E5F6A7B8630465A7',
  phone:
    '00020126360014br.gov.bcb.pix0114+551198765432152040000530398654040.055802BR5916PADARIA SAO JOAO6008CAMPINAS62070503***63049ED1',
  cpf: '00020126330014br.gov.bcb.pix0111111444777355204000053039865802BR5913FULANO DE TAL6008BRASILIA62070503***6304E622',
  bcbUpper:
    '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913FULANO DE TAL6008BRASILIA62070503***6304F012',
  /** A third-party generator's published output (PyPI PixPayloadGen): upper-case GUI, CPF key. */
  thirdParty:
    '00020126330014BR.GOV.BCB.PIX011197212482404520400005303986540530.005802BR5918Victor Julio Rocha6006RECIFE62110507VIPSURF630425A1',
};

describe('crc16 (CCITT-FALSE)', () => {
  it('has the standard check value', () => {
    expect(crc16('123456789')).toBe('29B1');
    expect(crc16('')).toBe('FFFF');
  });

  it('reproduces the CRC of the BCB manual example', () => {
    expect(crc16(BCB_EXAMPLE.slice(0, -4))).toBe('1D3D');
  });

  it('pads to four upper-case hex digits', () => {
    fc.assert(fc.property(fc.string(), (s) => /^[0-9A-F]{4}$/.test(crc16(s))));
  });

  it('detects every single-character change of a payload', () => {
    fc.assert(
      fc.property(fc.nat(BCB_EXAMPLE.length - 5), fc.integer({ min: 0x20, max: 0x7e }), (i, code) => {
        const body = BCB_EXAMPLE.slice(0, -4);
        const ch = String.fromCharCode(code);
        fc.pre(body[i] !== ch);
        const changed = body.slice(0, i) + ch + body.slice(i + 1);
        return crc16(changed) !== crc16(body);
      }),
    );
  });
});

describe('buildBrCode', () => {
  it('matches payloads computed by an independent implementation', () => {
    expect(
      buildBrCode({
        key: 'Contato@Escritorio.com.br',
        merchantName: 'Contábil Estrela',
        merchantCity: 'São Paulo',
        amountCents: 123456,
        txid: 'HON202611A1B2C3D4E5F6A7B8',
        description: 'Honorários 11/2026',
        singleUse: true,
      }),
    ).toBe(REFERENCE.invoice);
    expect(
      buildBrCode({
        key: '(11) 98765-4321',
        keyKind: 'phone',
        merchantName: 'Padaria São João',
        merchantCity: 'Campinas',
        amountCents: 5,
      }),
    ).toBe(REFERENCE.phone);
    expect(
      buildBrCode({ key: '111.444.777-35', merchantName: 'Fulano de Tal', merchantCity: 'Brasília' }),
    ).toBe(REFERENCE.cpf);
  });

  it('builds the BCB example (name upper-cased) and keeps its structure', () => {
    const code = buildBrCode({
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
    });
    expect(code).toBe(REFERENCE.bcbUpper);
    // Same fields as the manual's example except the upper-cased name, hence the CRC.
    expect(code.slice(0, 76)).toBe(BCB_EXAMPLE.slice(0, 76));
  });

  it('writes the amount with a dot and no thousands separator', () => {
    expect(formatPixAmount(123456789)).toBe('1234567.89');
    expect(formatPixAmount(5)).toBe('0.05');
    expect(formatPixAmount(100)).toBe('1.00');
    const code = buildBrCode({
      key: '11144477735',
      merchantName: 'A',
      merchantCity: 'B',
      amountCents: 123456789,
    });
    expect(code).toContain('54101234567.89');
  });

  it('writes *** when there is no txid and 010212 only for single use', () => {
    const code = buildBrCode({ key: '11144477735', merchantName: 'A', merchantCity: 'B' });
    expect(code).toContain('62070503***');
    expect(code).not.toContain('010212');
    expect(
      buildBrCode({ key: '11144477735', merchantName: 'A', merchantCity: 'B', singleUse: true }),
    ).toMatch(/^000201010212/);
  });

  it('rejects every broken rule at once, never truncating', () => {
    const issues = validateStaticPix({
      key: 'not a key',
      merchantName: 'A'.repeat(26),
      merchantCity: 'Cidade Muito Comprida',
      amountCents: 0,
      txid: 'com espaço',
    });
    expect(issues.map((i) => i.code)).toEqual([
      'invalid_key',
      'invalid_merchant_name',
      'invalid_merchant_city',
      'invalid_amount',
      'invalid_txid',
    ]);
    expect(() => buildBrCode({ key: 'x', merchantName: 'A', merchantCity: 'B' })).toThrow(PixError);
  });

  it('checks each length limit at its boundary', () => {
    const ok = { key: '11144477735', merchantName: 'N', merchantCity: 'C' };
    expect(validateStaticPix({ ...ok, merchantName: 'N'.repeat(25) })).toEqual([]);
    expect(validateStaticPix({ ...ok, merchantName: 'N'.repeat(26) })[0]?.code).toBe('invalid_merchant_name');
    // Accents are removed before counting: 25 characters with accents still fit.
    expect(validateStaticPix({ ...ok, merchantName: 'É'.repeat(25) })).toEqual([]);
    expect(validateStaticPix({ ...ok, merchantName: '   ' })[0]?.code).toBe('invalid_merchant_name');
    expect(validateStaticPix({ ...ok, merchantCity: 'C'.repeat(15) })).toEqual([]);
    expect(validateStaticPix({ ...ok, merchantCity: 'C'.repeat(16) })[0]?.code).toBe('invalid_merchant_city');
    expect(validateStaticPix({ ...ok, txid: 'A'.repeat(25) })).toEqual([]);
    expect(validateStaticPix({ ...ok, txid: 'A'.repeat(26) })[0]?.code).toBe('invalid_txid');
    expect(validateStaticPix({ ...ok, amountCents: 999_999_999_999 })).toEqual([]);
    expect(validateStaticPix({ ...ok, amountCents: 1_000_000_000_000 })[0]?.code).toBe('invalid_amount');
    expect(validateStaticPix({ ...ok, amountCents: 10.5 })[0]?.code).toBe('invalid_amount');
    expect(validateStaticPix({ ...ok, amountCents: -1 })[0]?.code).toBe('invalid_amount');
  });

  it('fits the description beside the key inside the 99 characters of field 26', () => {
    const email = `${'a'.repeat(40)}@escritorio.com.br`;
    const room = maxDescriptionLength(email);
    expect(room).toBe(99 - 18 - (4 + email.length) - 4);
    const base = { key: email, merchantName: 'N', merchantCity: 'C' };
    expect(validateStaticPix({ ...base, description: 'd'.repeat(room) })).toEqual([]);
    expect(validateStaticPix({ ...base, description: 'd'.repeat(room + 1) })[0]).toEqual({
      field: 'description',
      code: 'description_too_long',
      max: room,
    });
    const code = buildBrCode({ ...base, description: 'd'.repeat(room) });
    expect(parseBrCode(code).description).toBe('d'.repeat(room));
  });
});

describe('parsePixKey', () => {
  it.each([
    ['111.444.777-35', 'cpf', '11144477735'],
    ['11.222.333/0001-81', 'cnpj', '11222333000181'],
    ['12.abc.345/01de-35', 'cnpj', '12ABC34501DE35'],
    ['  Fulano.Silva@Exemplo.COM.br ', 'email', 'fulano.silva@exemplo.com.br'],
    ['+55 (11) 98765-4321', 'phone', '+5511987654321'],
    ['123E4567-E89B-12D3-A456-426655440000', 'evp', '123e4567-e89b-12d3-a456-426655440000'],
  ])('reads %s as a %s key', (input, kind, value) => {
    expect(parsePixKey(input)).toEqual({ kind, value });
  });

  it.each([
    '',
    '111.444.777-36', // wrong check digit
    '11111111111', // repeated digits
    '11.222.333/0001-82',
    '+55 11 3333-4444', // a landline is not a PIX phone key
    '+1 202 555 0100',
    'fulano@',
    `${'a'.repeat(70)}@exemplo.com.br`, // e-mail over 77 characters
    '123e4567-e89b-12d3-a456-42665544000', // short UUID
    'chave qualquer',
  ])('rejects %j', (input) => {
    expect(parsePixKey(input)).toBeNull();
  });

  it('needs the kind or +55 for a mobile number (11 digits read as a CPF)', () => {
    expect(parsePixKey('11987654321')).toBeNull();
    expect(parsePixKey('11987654321', 'phone')).toEqual({ kind: 'phone', value: '+5511987654321' });
    // With a kind, only that kind is tried.
    expect(parsePixKey('111.444.777-35', 'cnpj')).toBeNull();
  });
});

describe('parseBrCode', () => {
  it('reads the BCB manual example', () => {
    const p = parseBrCode(BCB_EXAMPLE);
    expect(p).toMatchObject({
      type: 'static',
      key: { kind: 'evp', value: '123e4567-e12b-12d1-a456-426655440000' },
      amountCents: null,
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      txid: null,
      singleUse: false,
      crc: '1D3D',
    });
  });

  it("reads a third-party generator's payload (upper-case GUI, amount, txid)", () => {
    expect(parseBrCode(REFERENCE.thirdParty)).toMatchObject({
      key: { kind: 'cpf', value: '97212482404' },
      amountCents: 3000,
      merchantName: 'Victor Julio Rocha',
      txid: 'VIPSURF',
    });
  });

  it('accepts surrounding white space and a lower-case CRC', () => {
    expect(parseBrCode(`  ${BCB_EXAMPLE.replace(/1D3D$/, '1d3d')}\n`).crc).toBe('1D3D');
  });

  it('rejects a wrong CRC, broken TLV, and a non-PIX account', () => {
    const code = (c: string) => {
      try {
        parseBrCode(c);
        return 'ok';
      } catch (err) {
        return (err as PixError).code;
      }
    };
    expect(code(BCB_EXAMPLE.replace(/1D3D$/, '1D3E'))).toBe('invalid_crc');
    expect(code(BCB_EXAMPLE.replace('Fulano', 'Fulana'))).toBe('invalid_crc');
    expect(code('hello')).toBe('malformed');
    expect(code('')).toBe('malformed');
    const withCrc = (body: string) => body + crc16(body);
    expect(code(withCrc('0002015899BR6304'))).toBe('malformed');
    const brokenTlv = '000201261800140br.gov.bcb.xyz5204000053039865802BR5901N6001C62070503***6304';
    expect(code(withCrc(brokenTlv))).toBe('malformed');
    const otherGui = '00020126180014br.gov.bcb.xyz5204000053039865802BR5901N6001C62070503***6304';
    expect(code(withCrc(otherGui))).toBe('not_pix');
    const badKey = '00020126270014br.gov.bcb.pix0105abcde5204000053039865802BR5901N6001C62070503***6304';
    expect(code(withCrc(badKey))).toBe('invalid_key');
    const noTxid = '00020126330014br.gov.bcb.pix0111111444777355204000053039865802BR5901N6001C6304';
    expect(code(withCrc(noTxid))).toBe('missing_field');
  });

  it('round-trips any valid static charge (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => normalizePixText(s).length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(
          '111.444.777-35',
          '11.222.333/0001-81',
          'financeiro@escritorio.com.br',
          '+5511987654321',
          '123e4567-e89b-12d3-a456-426655440000',
        ),
        text,
        text,
        fc.option(fc.integer({ min: 1, max: 999_999_999_999 }), { nil: undefined }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,25}$/), { nil: undefined }),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        fc.boolean(),
        (key, rawName, rawCity, amountCents, txid, description, singleUse) => {
          const merchantName = normalizeMerchantText(rawName).slice(0, 25) || 'X';
          const merchantCity = normalizeMerchantText(rawCity).slice(0, 15) || 'Y';
          const code = buildBrCode({
            key,
            merchantName,
            merchantCity,
            amountCents,
            txid,
            description,
            singleUse,
          });
          expect(code).toMatch(/^[\x20-\x7e]+$/);
          expect(code.slice(-8, -4)).toBe('6304');
          const p = parseBrCode(code);
          expect(p.key).toEqual(parsePixKey(key));
          expect(p.merchantName).toBe(merchantName.trim());
          expect(p.merchantCity).toBe(merchantCity.trim());
          expect(p.amountCents).toBe(amountCents ?? null);
          expect(p.txid).toBe(txid ?? null);
          expect(p.description).toBe(normalizePixText(description ?? '') || null);
          expect(p.singleUse).toBe(singleUse);
          // Every TLV length is two digits that match its value.
          let i = 0;
          while (i < code.length) {
            const n = Number(code.slice(i + 2, i + 4));
            expect(n).toBeLessThanOrEqual(99);
            i += 4 + n;
          }
          expect(i).toBe(code.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('normalizePixText', () => {
  it('removes accents and non-ASCII, collapses spaces', () => {
    expect(normalizePixText('  São  João – Ltda ')).toBe('Sao Joao Ltda');
    expect(normalizeMerchantText('Contábil Conceição & Cia')).toBe('CONTABIL CONCEICAO & CIA');
  });

  it('always yields printable ASCII (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => /^[\x20-\x7e]*$/.test(normalizePixText(s))),
      { numRuns: 200 },
    );
  });
});
