import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cpfFromIcpPersonData,
  IcpCertificateError,
  type IcpReadErrorCode,
  icpOids,
  readPkcs12,
  readX509,
  splitCommonName,
} from './icp-certificate.js';

const { asn1, pki } = forge;

/** A fresh RSA key pair as node-forge objects (generated natively: fast). */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** An ICP-Brasil SAN `otherName` entry: `[0] { OID, [0] EXPLICIT <string> }`. */
function otherName(oid: string, value: string, type: number = asn1.Type.OCTETSTRING) {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, type, false, value),
    ]),
  ]);
}

interface CertSpec {
  cn: string;
  cnUtf8?: boolean;
  otherNames?: ReturnType<typeof otherName>[];
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
}

const ca = {} as { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
const leafKeys = {} as ReturnType<typeof keyPair>;

function makeCert(spec: CertSpec, keys = leafKeys): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = spec.serial ?? '0a1b2c3d4e5f';
  cert.validity.notBefore = spec.notBefore ?? new Date('2026-03-15T13:00:00Z');
  cert.validity.notAfter = spec.notAfter ?? new Date('2027-03-15T12:59:59Z');
  cert.setSubject([
    { shortName: 'C', value: 'BR' },
    { shortName: 'O', value: 'ICP-Brasil' },
    { shortName: 'OU', value: 'Certificado PJ A1' },
    spec.cnUtf8
      ? { shortName: 'CN', value: spec.cn, valueTagClass: asn1.Type.UTF8 as never }
      : { shortName: 'CN', value: spec.cn },
  ]);
  cert.setIssuer(
    spec.issuer
      ? spec.issuer.cert.subject.attributes
      : [
          { shortName: 'C', value: 'BR' },
          { shortName: 'O', value: 'ICP-Brasil' },
          { shortName: 'CN', value: spec.ca ? 'AC Teste Raiz v1' : spec.cn },
        ],
  );
  const extensions: object[] = [{ name: 'basicConstraints', cA: !!spec.ca }];
  if (spec.otherNames?.length) {
    extensions.push({
      id: '2.5.29.17',
      critical: false,
      value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        ...spec.otherNames,
        asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, false, 'financeiro@padaria.com.br'),
      ]),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(spec.issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return cert;
}

function pfx(
  certs: forge.pki.Certificate[],
  password: string,
  options: { useMac?: boolean; algorithm?: 'aes256' | '3des'; key?: boolean; localKeyId?: boolean } = {},
): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(options.key === false ? null : leafKeys.privateKey, certs, password, {
    algorithm: options.algorithm ?? 'aes256',
    useMac: options.useMac ?? true,
    generateLocalKeyId: options.localKeyId ?? certs.length > 0,
    friendlyName: 'certificado',
  });
  return Buffer.from(asn1.toDer(p12).getBytes(), 'binary');
}

const derOf = (cert: forge.pki.Certificate) =>
  Buffer.from(asn1.toDer(pki.certificateToAsn1(cert)).getBytes(), 'binary');

function codeOf(fn: () => unknown): IcpReadErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (err) {
    if (err instanceof IcpCertificateError) return err.code;
    throw err;
  }
}

// Birth date (ddmmaaaa) + CPF + NIS + RG + issuing body/UF, as DOC-ICP-04 lays them out.
const personData = (cpf: string) => `15041980${cpf}${'0'.repeat(11)}${'123456789'.padStart(15, '0')}SSPSP `;

beforeAll(() => {
  const caKeys = keyPair();
  ca.key = caKeys.privateKey;
  ca.cert = makeCert({ cn: 'AC Teste Raiz v1', ca: true, serial: '01' }, caKeys);
  Object.assign(leafKeys, keyPair());
});

describe('readPkcs12: e-CNPJ', () => {
  it('reads the holder, the CNPJ from the ICP-Brasil SAN, the responsible, issuer, serial and validity', () => {
    const leaf = makeCert({
      cn: 'PADARIA ESTRELA LTDA:11222333000181',
      serial: '00c0ffee1234',
      issuer: ca,
      otherNames: [
        otherName(icpOids.responsibleName, 'MARIA DA SILVA'),
        otherName(icpOids.cnpj, '11222333000181'),
        otherName(icpOids.responsibleData, personData('11144477735')),
        otherName('2.16.76.1.3.7', '000000000000'),
      ],
    });
    // The chain's CA comes first in the file and no localKeyId ties the key to a certificate: the
    // end-entity certificate must still be chosen.
    const data = pfx([ca.cert, leaf], 'senha-forte-123', { localKeyId: false });
    const info = readPkcs12(data, 'senha-forte-123');
    expect(readPkcs12(pfx([leaf, ca.cert], 'p'), 'p').fingerprintSha256).toBe(info.fingerprintSha256);
    expect(info).toMatchObject({
      holderName: 'PADARIA ESTRELA LTDA',
      document: { kind: 'cnpj', value: '11222333000181' },
      documentSource: 'icp-brasil-san',
      certificateType: 'e-CNPJ',
      responsible: { name: 'MARIA DA SILVA', cpf: '11144477735' },
      commonName: 'PADARIA ESTRELA LTDA:11222333000181',
      subject: 'CN=PADARIA ESTRELA LTDA:11222333000181, OU=Certificado PJ A1, O=ICP-Brasil, C=BR',
      issuer: 'AC Teste Raiz v1',
      issuerDn: 'CN=AC Teste Raiz v1, OU=Certificado PJ A1, O=ICP-Brasil, C=BR',
      serialNumber: 'C0FFEE1234',
      notBefore: '2026-03-15T13:00:00.000Z',
      notAfter: '2027-03-15T12:59:59.000Z',
      icpBrasil: true,
      hasPrivateKey: true,
    });
    expect(info.fingerprintSha256).toBe(createHash('sha256').update(derOf(leaf)).digest('hex').toUpperCase());
  });

  it('never returns the private key, and its PEM is the public certificate only', () => {
    const leaf = makeCert({ cn: 'EMPRESA:11222333000181', issuer: ca });
    const info = readPkcs12(pfx([leaf], 'x1'), 'x1');
    const text = JSON.stringify(info);
    expect(text).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toContain(pki.privateKeyToPem(leafKeys.privateKey).split('\n')[1]);
    expect(readX509(info.certificatePem).fingerprintSha256).toBe(info.fingerprintSha256);
  });

  it('reads an alphanumeric CNPJ (IN RFB 2.229/2024) from the SAN as a PrintableString', () => {
    const leaf = makeCert({
      cn: 'NUVEM AZUL TECNOLOGIA LTDA',
      otherNames: [otherName(icpOids.cnpj, '12ABC34501DE35', asn1.Type.PRINTABLESTRING)],
    });
    const info = readPkcs12(pfx([leaf], 'abc'), 'abc');
    expect(info.document).toEqual({ kind: 'cnpj', value: '12ABC34501DE35' });
    expect(info.holderName).toBe('NUVEM AZUL TECNOLOGIA LTDA');
    expect(info.certificateType).toBe('e-CNPJ');
  });

  it('falls back to the CN when the SAN CNPJ is not a valid CNPJ', () => {
    const leaf = makeCert({
      cn: 'MERCADO BOM PRECO LTDA:11222333000181',
      otherNames: [otherName(icpOids.cnpj, '11222333000100')],
    });
    const info = readPkcs12(pfx([leaf], 'abc'), 'abc');
    expect(info.document).toEqual({ kind: 'cnpj', value: '11222333000181' });
    expect(info.documentSource).toBe('common-name');
  });
});

describe('readPkcs12: e-CPF and others', () => {
  it('reads the CPF from positions 9–19 of 2.16.76.1.3.1 and a UTF-8 name', () => {
    const leaf = makeCert({
      cn: 'JOSÉ DA CONCEIÇÃO:11144477735',
      cnUtf8: true,
      otherNames: [otherName(icpOids.holderData, personData('52998224725'))],
    });
    const info = readPkcs12(pfx([leaf], 'senha'), 'senha');
    // The SAN wins over the CN when they disagree: it is the field ICP-Brasil defines.
    expect(info.document).toEqual({ kind: 'cpf', value: '52998224725' });
    expect(info.documentSource).toBe('icp-brasil-san');
    expect(info.certificateType).toBe('e-CPF');
    expect(info.holderName).toBe('JOSÉ DA CONCEIÇÃO');
    expect(info.responsible).toBeNull();
  });

  it('uses the CN convention NOME:CPF when there is no SAN', () => {
    const info = readPkcs12(pfx([makeCert({ cn: 'ANA SOUZA:111.444.777-35' })], 'senha'), 'senha');
    expect(info.document).toEqual({ kind: 'cpf', value: '11144477735' });
    expect(info.documentSource).toBe('common-name');
    expect(info.holderName).toBe('ANA SOUZA');
    expect(info.certificateType).toBeNull();
  });

  it('reports no document for a certificate that names none', () => {
    const info = readPkcs12(pfx([makeCert({ cn: 'servidor.exemplo.com.br' })], 'senha'), 'senha');
    expect(info.document).toBeNull();
    expect(info.documentSource).toBeNull();
    expect(info.holderName).toBe('servidor.exemplo.com.br');
  });

  it('accepts the legacy 3DES encryption and an empty password', () => {
    const leaf = makeCert({ cn: 'EMPRESA:11222333000181' });
    expect(readPkcs12(pfx([leaf], 'p', { algorithm: '3des' }), 'p').document?.value).toBe('11222333000181');
    expect(readPkcs12(pfx([leaf], ''), '').holderName).toBe('EMPRESA');
  });

  it('flags a file without a private key', () => {
    const info = readPkcs12(pfx([makeCert({ cn: 'EMPRESA:11222333000181' })], 'p', { key: false }), 'p');
    expect(info.hasPrivateKey).toBe(false);
  });
});

describe('readPkcs12: bad input', () => {
  it('tells a wrong password apart from a corrupt file when the file has a MAC', () => {
    const data = pfx([makeCert({ cn: 'EMPRESA:11222333000181' })], 'certa');
    expect(codeOf(() => readPkcs12(data, 'errada'))).toBe('wrong_password');
    expect(codeOf(() => readPkcs12(data, ''))).toBe('wrong_password');
    expect(codeOf(() => readPkcs12(data, 'certa'))).toBe('no error');
  });

  it('cannot tell them apart without a MAC, and says so', () => {
    const data = pfx([makeCert({ cn: 'EMPRESA:11222333000181' })], 'certa', { useMac: false });
    expect(codeOf(() => readPkcs12(data, 'certa'))).toBe('no error');
    expect(codeOf(() => readPkcs12(data, 'errada'))).toBe('wrong_password_or_corrupt');
  });

  it('rejects garbage, empty, truncated and padded files, and PEM text, as unreadable', () => {
    const good = pfx([makeCert({ cn: 'EMPRESA:11222333000181' })], 'p');
    expect(codeOf(() => readPkcs12(randomBytes(2048), 'p'))).toBe('unreadable');
    expect(codeOf(() => readPkcs12(Buffer.alloc(0), 'p'))).toBe('unreadable');
    expect(codeOf(() => readPkcs12(good.subarray(0, good.length / 2), 'p'))).toBe('unreadable');
    expect(codeOf(() => readPkcs12(Buffer.concat([good, Buffer.from('lixo')]), 'p'))).toBe('unreadable');
    expect(codeOf(() => readPkcs12(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'p'))).toBe('unreadable');
    const pem = pki.certificateToPem(makeCert({ cn: 'X' }));
    expect(codeOf(() => readPkcs12(Buffer.from(pem), 'p'))).toBe('unreadable');
    expect(codeOf(() => readPkcs12(Buffer.alloc(300 * 1024, 0x30), 'p'))).toBe('unreadable');
  });

  it('rejects a PKCS#12 with a key but no certificate', () => {
    expect(codeOf(() => readPkcs12(pfx([], 'p'), 'p'))).toBe('no_certificate');
  });
});

describe('ICP-Brasil field helpers', () => {
  it('reads the CPF at positions 9–19 and refuses zero-filled or invalid ones', () => {
    expect(cpfFromIcpPersonData(personData('11144477735'))).toBe('11144477735');
    expect(cpfFromIcpPersonData(`00000000${'0'.repeat(11)}${'0'.repeat(32)}`)).toBeNull();
    expect(cpfFromIcpPersonData('1504198011144477736')).toBeNull();
    expect(cpfFromIcpPersonData('short')).toBeNull();
  });

  it('splits NOME:DOCUMENTO only when the suffix is a valid CPF or CNPJ', () => {
    expect(splitCommonName('PADARIA: ESTRELA:11222333000181')).toEqual({
      name: 'PADARIA: ESTRELA',
      document: { kind: 'cnpj', value: '11222333000181' },
    });
    expect(splitCommonName('Hora: 12:30')).toEqual({ name: 'Hora: 12:30', document: null });
  });
});
