/**
 * ICP-Brasil digital certificates (certificado digital A1): reading a PKCS#12 file (.pfx/.p12) and the
 * metadata an accounting office tracks — holder, CNPJ/CPF, issuer, serial number and validity.
 *
 * Pure: no I/O, no state. Uses node-forge for PKCS#12 decryption and ASN.1, so it is NOT exported from
 * `br/index.ts` (which the web app may import): import it from this file, on the server only.
 *
 * Where the document comes from (DOC-ICP-04, "Requisitos mínimos para as políticas de certificado"):
 * - e-CNPJ: the SAN `otherName` 2.16.76.1.3.3 holds the company's CNPJ (14 characters; alphanumeric from
 *   2026); 2.16.76.1.3.2 the responsible person's name; 2.16.76.1.3.4 the responsible person's data.
 * - e-CPF: the SAN `otherName` 2.16.76.1.3.1 holds the holder's data: birth date (ddmmaaaa, positions
 *   1–8), **CPF (positions 9–19)**, NIS (20–30), RG (31–45), issuing body and UF (46–51). 2.16.76.1.3.4
 *   has the same layout for an e-CNPJ's responsible person.
 * - Both: by convention the subject CN is `NOME OU RAZÃO SOCIAL:DOCUMENTO`, used when the SAN lacks it.
 *
 * The password only decrypts; it is never kept. The private key is never returned: only the public
 * certificate (PEM) and its metadata.
 */
import { createHash } from 'node:crypto';
import type forge from 'node-forge';
import { MAX_PKCS12_BYTES } from '../../../shared/schemas/certificates.js';
import { lazyRequire } from '../../lazy-require.js';
import { isValidCnpj, isValidCpf, normalizeCnpj, parseTaxId, type TaxId } from '../br/index.js';

// Loaded on first use: most processes never read a certificate (docs/benchmarks.md, idle memory).
const lib = lazyRequire<typeof forge>('node-forge');

/** ICP-Brasil `otherName` OIDs of the subject alternative name. */
export const icpOids = {
  /** e-CPF: birth date, CPF (positions 9–19), NIS, RG, issuing body. */
  holderData: '2.16.76.1.3.1',
  /** e-CNPJ: the responsible person's name. */
  responsibleName: '2.16.76.1.3.2',
  /** e-CNPJ: the company's CNPJ. */
  cnpj: '2.16.76.1.3.3',
  /** e-CNPJ: the responsible person's birth date, CPF (positions 9–19), NIS, RG. */
  responsibleData: '2.16.76.1.3.4',
} as const;

/** Why a PKCS#12 file could not be read; the caller turns it into a message for the user. */
export type IcpReadErrorCode =
  /** Not a PKCS#12 file at all (garbage, a PEM, a PDF, truncated). */
  | 'unreadable'
  /** The file's integrity check (MAC) failed with this password: the password is wrong. */
  | 'wrong_password'
  /** A file without an integrity check could not be decrypted: wrong password or a damaged file. */
  | 'wrong_password_or_corrupt'
  /** The file holds no X.509 certificate. */
  | 'no_certificate'
  /** Valid, but uses an algorithm node-forge cannot decrypt. */
  | 'unsupported';

export class IcpCertificateError extends Error {
  constructor(
    readonly code: IcpReadErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'IcpCertificateError';
  }
}

/** What an office needs to know about a certificate. Never the private key. */
export interface IcpCertificate {
  /** The company or person the certificate belongs to (the CN without its `:DOCUMENT` suffix). */
  holderName: string;
  /** The holder's CNPJ or CPF, bare; null when the certificate names none. */
  document: TaxId | null;
  /** Where `document` was found: the ICP-Brasil SAN field, or the CN convention. */
  documentSource: 'icp-brasil-san' | 'common-name' | null;
  /** e-CNPJ or e-CPF, from the ICP-Brasil SAN fields (null for other certificates). */
  certificateType: 'e-CNPJ' | 'e-CPF' | null;
  /** An e-CNPJ's responsible person (2.16.76.1.3.2 / 2.16.76.1.3.4), when present. */
  responsible: { name: string | null; cpf: string | null } | null;
  /** The subject's common name, as written. */
  commonName: string | null;
  /** The subject's distinguished name, RFC 4514 order (`CN=…, OU=…, O=ICP-Brasil, C=BR`). */
  subject: string;
  /** The issuing authority's common name (`AC SOLUTI Multipla v5`), or its DN when it has no CN. */
  issuer: string;
  issuerDn: string;
  /** Upper-case hexadecimal, without leading zero bytes. */
  serialNumber: string;
  /** ISO-8601 instants. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate's DER, upper-case hexadecimal. */
  fingerprintSha256: string;
  /** The public certificate, PEM-encoded (safe to store and share). */
  certificatePem: string;
  /** The chain ends at ICP-Brasil (`O=ICP-Brasil` in the subject or issuer). */
  icpBrasil: boolean;
  /** The file also held a private key (as an A1 file must, to sign anything). */
  hasPrivateKey: boolean;
}

type Asn1 = forge.asn1.Asn1;

const isContext = (node: Asn1 | undefined, tag: number) =>
  !!node && node.tagClass === lib().asn1.Class.CONTEXT_SPECIFIC && node.type === tag;

const children = (node: Asn1 | undefined): Asn1[] =>
  node && Array.isArray(node.value) ? (node.value as Asn1[]) : [];

const bytesOf = (node: Asn1 | undefined): string =>
  node && typeof node.value === 'string' ? node.value : '';

/** Decodes an ASN.1 string value (forge keeps them as binary strings) by its universal type. */
function decodeString(value: string, type: number): string {
  const bytes = Buffer.from(value, 'binary');
  if (type === lib().asn1.Type.UTF8) return bytes.toString('utf8');
  if (type === lib().asn1.Type.BMPSTRING) {
    // UCS-2 big endian.
    const swapped = Buffer.from(bytes);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('latin1');
}

/** The raw value of an `otherName`'s `[0] EXPLICIT ANY`, as text. */
function otherNameText(value: Asn1 | undefined): string {
  // [0] EXPLICIT wraps the actual string (OCTET STRING, PrintableString, UTF8String, IA5String…).
  const inner = isContext(value, 0) ? children(value)[0] : value;
  if (!inner) return '';
  if (Array.isArray(inner.value)) return '';
  return decodeString(inner.value, inner.type);
}

interface NameAttr {
  shortName: string;
  value: string;
}

const shortNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'E',
};

/** Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }, in certificate order. */
function readName(node: Asn1 | undefined): NameAttr[] {
  const out: NameAttr[] = [];
  for (const set of children(node)) {
    for (const attr of children(set)) {
      const [type, value] = children(attr);
      const oid = lib().asn1.derToOid(bytesOf(type));
      out.push({
        shortName: shortNames[oid] ?? oid,
        value: value && typeof value.value === 'string' ? decodeString(value.value, value.type) : '',
      });
    }
  }
  return out;
}

/** RFC 4514 order: the last RDN first. Commas and plus signs in values are escaped. */
const dnString = (attrs: NameAttr[]) =>
  [...attrs]
    .reverse()
    .map((a) => `${a.shortName}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`)
    .join(', ');

function readTime(node: Asn1 | undefined): Date {
  if (!node || typeof node.value !== 'string') throw new Error('missing validity time');
  return node.type === lib().asn1.Type.UTCTIME
    ? lib().asn1.utcTimeToDate(node.value)
    : lib().asn1.generalizedTimeToDate(node.value);
}

interface ParsedCert {
  der: string;
  subject: NameAttr[];
  issuer: NameAttr[];
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  /** `otherName` values of the SAN by OID. */
  otherNames: Map<string, string>;
}

/**
 * Reads a certificate's fields straight from its ASN.1, whatever its key algorithm (node-forge's own
 * certificate parser accepts only RSA keys; ICP-Brasil also allows elliptic curves).
 */
function parseCertificate(cert: Asn1): ParsedCert {
  const tbs = children(cert)[0];
  const fields = children(tbs);
  let i = isContext(fields[0], 0) ? 1 : 0;
  const serial = fields[i++];
  i++; // signature algorithm
  const issuer = fields[i++];
  const validity = children(fields[i++]);
  const subject = fields[i++];
  i++; // subject public key info
  const extensions = fields.slice(i).find((f) => isContext(f, 3));

  const otherNames = new Map<string, string>();
  let isCa = false;
  for (const ext of children(children(extensions)[0])) {
    const parts = children(ext);
    const oid = lib().asn1.derToOid(bytesOf(parts[0]));
    const valueNode = parts[parts.length - 1];
    if (oid === '2.5.29.17') {
      const names = lib().asn1.fromDer(bytesOf(valueNode));
      for (const gn of children(names)) {
        if (!isContext(gn, 0) || !Array.isArray(gn.value)) continue;
        const [typeId, value] = gn.value as Asn1[];
        const otherOid = lib().asn1.derToOid(bytesOf(typeId));
        otherNames.set(otherOid, otherNameText(value));
      }
    } else if (oid === '2.5.29.19') {
      const bc = children(lib().asn1.fromDer(bytesOf(valueNode)));
      isCa = !!bc[0] && bc[0].type === lib().asn1.Type.BOOLEAN && bytesOf(bc[0]).charCodeAt(0) !== 0;
    }
  }

  let serialHex = lib().util.bytesToHex(bytesOf(serial)).toUpperCase();
  while (serialHex.length > 2 && serialHex.startsWith('00')) serialHex = serialHex.slice(2);
  return {
    der: lib().asn1.toDer(cert).getBytes(),
    subject: readName(subject),
    issuer: readName(issuer),
    serialHex,
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    isCa,
    otherNames,
  };
}

/** Only digits and letters, upper-case (SAN values are zero-padded ASCII, sometimes with spaces). */
const compact = (s: string) => s.replace(/[^0-9A-Za-z]/g, '').toUpperCase();

/** The CPF in positions 9–19 of an ICP-Brasil person-data field, when it is a valid CPF. */
export function cpfFromIcpPersonData(value: string): string | null {
  const digits = value.replace(/\s/g, '');
  const cpf = digits.slice(8, 19);
  return /^\d{11}$/.test(cpf) && isValidCpf(cpf) ? cpf : null;
}

/** Splits the CN convention `NOME:DOCUMENTO` into the name and a valid CPF/CNPJ. */
export function splitCommonName(cn: string): { name: string; document: TaxId | null } {
  const at = cn.lastIndexOf(':');
  if (at > 0) {
    const document = parseTaxId(cn.slice(at + 1).trim());
    if (document) return { name: cn.slice(0, at).trim(), document };
  }
  return { name: cn.trim(), document: null };
}

function describe(cert: ParsedCert, hasPrivateKey: boolean): IcpCertificate {
  const cn = cert.subject.find((a) => a.shortName === 'CN')?.value ?? null;
  const fromCn = cn ? splitCommonName(cn) : null;
  const sanCnpj = cert.otherNames.get(icpOids.cnpj);
  const sanPerson = cert.otherNames.get(icpOids.holderData);
  const responsibleData = cert.otherNames.get(icpOids.responsibleData);
  const responsibleName = cert.otherNames.get(icpOids.responsibleName);

  let document: TaxId | null = null;
  let documentSource: IcpCertificate['documentSource'] = null;
  let certificateType: IcpCertificate['certificateType'] = null;
  const cnpj = sanCnpj ? normalizeCnpj(compact(sanCnpj)) : null;
  if (cnpj && isValidCnpj(cnpj)) {
    document = { kind: 'cnpj', value: cnpj };
    documentSource = 'icp-brasil-san';
    certificateType = 'e-CNPJ';
  } else if (sanPerson && cpfFromIcpPersonData(sanPerson)) {
    document = { kind: 'cpf', value: cpfFromIcpPersonData(sanPerson)! };
    documentSource = 'icp-brasil-san';
    certificateType = 'e-CPF';
  } else if (fromCn?.document) {
    document = fromCn.document;
    documentSource = 'common-name';
  }
  if (!certificateType && (sanCnpj !== undefined || responsibleData !== undefined))
    certificateType = 'e-CNPJ';

  const responsible =
    responsibleName !== undefined || responsibleData !== undefined
      ? {
          name: responsibleName?.trim() || null,
          cpf: responsibleData ? cpfFromIcpPersonData(responsibleData) : null,
        }
      : null;
  const issuerCn = cert.issuer.find((a) => a.shortName === 'CN')?.value;
  const isIcp = (attrs: NameAttr[]) => attrs.some((a) => a.shortName === 'O' && /ICP-Brasil/i.test(a.value));
  const der = Buffer.from(cert.der, 'binary');
  const holderName =
    fromCn?.name || cert.subject.find((a) => a.shortName === 'O')?.value || dnString(cert.subject);
  return {
    holderName,
    document,
    documentSource,
    certificateType,
    responsible,
    commonName: cn,
    subject: dnString(cert.subject),
    issuer: issuerCn ?? dnString(cert.issuer),
    issuerDn: dnString(cert.issuer),
    serialNumber: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    fingerprintSha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
    certificatePem: `-----BEGIN CERTIFICATE-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`,
    icpBrasil: isIcp(cert.subject) || isIcp(cert.issuer),
    hasPrivateKey,
  };
}

const nameKey = (attrs: NameAttr[]) => dnString(attrs);

/** The end-entity certificate of a bag: the one matching the private key, else the one that signs nothing. */
function pickLeaf(certs: { parsed: ParsedCert; keyId: string | null }[], keyIds: Set<string>) {
  const byKey = certs.find((c) => c.keyId && keyIds.has(c.keyId) && !c.parsed.isCa);
  if (byKey) return byKey;
  const issuers = new Set(certs.map((c) => nameKey(c.parsed.issuer)));
  const leaves = certs.filter((c) => !c.parsed.isCa);
  return (
    leaves.find((c) => !issuers.has(nameKey(c.parsed.subject)) || certs.length === 1) ?? leaves[0] ?? certs[0]
  );
}

function decode(asn: Asn1, password: string | null) {
  try {
    return lib().pkcs12.pkcs12FromAsn1(asn, false, password as string);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/MAC could not be verified|Invalid password/i.test(message))
      throw new IcpCertificateError('wrong_password', message);
    if (/unsupported|Unknown|not supported/i.test(message))
      throw new IcpCertificateError('unsupported', message);
    const hasMac = Array.isArray(asn.value) && asn.value.length > 2;
    // With a MAC the password was proven right above, so what fails after is the file itself.
    if (hasMac || /PFX|PKCS#12 AuthenticatedSafe|not an OCTET STRING/i.test(message))
      throw new IcpCertificateError('unreadable', message);
    throw new IcpCertificateError('wrong_password_or_corrupt', message);
  }
}

/**
 * Second tries where PKCS#12's two password encodings disagree with node-forge's single string:
 * - The MAC and the old PKCS#12 ciphers take the password as UCS-2 (forge does that), but PBES2 (AES,
 *   OpenSSL 3's default) takes its UTF-8 bytes, while forge uses each character as one byte. For a
 *   non-ASCII password ("senha-ç") the MAC passes and decryption fails; once the MAC has vouched for the
 *   password, decrypt again without the MAC, with the password as UTF-8 bytes.
 * - An empty password is either an empty BMPString or none at all.
 */
function retry(root: Asn1, password: string, first: IcpCertificateError): forge.pkcs12.Pkcs12Pfx {
  if (password === '' && first.code !== 'unreadable') return decode(root, null);
  if (Buffer.byteLength(password, 'utf8') === password.length) throw first; // ASCII: nothing to retry
  const withoutMac = { ...root, value: children(root).slice(0, 2) } as Asn1;
  try {
    return decode(withoutMac, Buffer.from(password, 'utf8').toString('binary'));
  } catch {
    throw first;
  }
}

/** Size limit for a .pfx/.p12 (real ones are 3–15 KB with their chain); the web checks it first. */
export { MAX_PKCS12_BYTES };

/**
 * Reads a PKCS#12 (.pfx/.p12) file with its password and returns the end-entity certificate's
 * metadata. Throws {@link IcpCertificateError} with a code the caller turns into a message.
 *
 * @example
 * const info = readPkcs12(readFileSync('empresa.pfx'), senha);
 * info.document // { kind: 'cnpj', value: '11222333000181' }
 * info.notAfter // '2027-03-14T18:22:05.000Z'
 */
export function readPkcs12(data: Uint8Array, password: string): IcpCertificate {
  if (data.length === 0 || data.length > MAX_PKCS12_BYTES)
    throw new IcpCertificateError('unreadable', `size ${data.length}`);
  let root: Asn1;
  try {
    const bytes = lib().util.createBuffer(Buffer.from(data).toString('binary'));
    root = lib().asn1.fromDer(bytes, true);
    if (bytes.length() > 0) throw new Error('trailing bytes after the PKCS#12 structure');
  } catch (err) {
    throw new IcpCertificateError('unreadable', err instanceof Error ? err.message : String(err));
  }
  if (root.tagClass !== lib().asn1.Class.UNIVERSAL || root.type !== lib().asn1.Type.SEQUENCE)
    throw new IcpCertificateError('unreadable', 'not a SEQUENCE');

  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = decode(root, password);
  } catch (err) {
    if (!(err instanceof IcpCertificateError) || err.code === 'wrong_password') throw err;
    p12 = retry(root, password, err);
  }

  const certs: { parsed: ParsedCert; keyId: string | null }[] = [];
  const keyIds = new Set<string>();
  let hasPrivateKey = false;
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      const keyId = bag.attributes?.localKeyId?.[0] ?? null;
      if (bag.type === lib().pki.oids.certBag) {
        const node = bag.cert ? lib().pki.certificateToAsn1(bag.cert) : (bag.asn1 as Asn1 | undefined);
        if (!node) continue;
        try {
          certs.push({ parsed: parseCertificate(node), keyId });
        } catch (err) {
          throw new IcpCertificateError('unreadable', err instanceof Error ? err.message : String(err));
        }
      } else if (bag.type === lib().pki.oids.pkcs8ShroudedKeyBag || bag.type === lib().pki.oids.keyBag) {
        hasPrivateKey = true;
        if (keyId) keyIds.add(keyId);
      }
      // Drop the decrypted key material as soon as possible: nothing here keeps it.
      delete (bag as { key?: unknown }).key;
    }
  }
  if (certs.length === 0) throw new IcpCertificateError('no_certificate', 'no certificate bag');
  const leaf = pickLeaf(certs, keyIds)!;
  return describe(leaf.parsed, hasPrivateKey);
}

/** Reads a single X.509 certificate (PEM or DER), for certificates stored or exchanged without a key. */
export function readX509(data: Uint8Array | string): IcpCertificate {
  try {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
    const der = text.includes('-----BEGIN CERTIFICATE-----')
      ? lib().util.decode64(text.replace(/-----[^-]+-----|\s/g, ''))
      : text;
    return describe(parseCertificate(lib().asn1.fromDer(der)), false);
  } catch (err) {
    if (err instanceof IcpCertificateError) throw err;
    throw new IcpCertificateError('unreadable', err instanceof Error ? err.message : String(err));
  }
}
