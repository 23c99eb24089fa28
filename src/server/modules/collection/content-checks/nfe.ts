import { SaxesParser } from 'saxes';
import { type ContentSource, readLimited } from './read-limited.js';

/**
 * What an NF-e (modelo 55) or NFC-e (modelo 65) XML says about itself, read from its first bytes: the
 * `<ide>`, `<emit>` and `<dest>` groups come before the items (`<det>`), so the reader stops there and
 * never parses a large nota's products. Accepts the authorised file (`<nfeProc><NFe><infNFe>`) and the
 * bare `<NFe>`; layout 4.00 (`dhEmi`, a date-time with offset) and the old 2.00 (`dEmi`, a date).
 */
export interface NfeFacts {
  /** The 44-digit access key (from `infNFe/@Id`, without the `NFe` prefix), when present. */
  key: string | null;
  /** 55 (NF-e) or 65 (NFC-e), as written. */
  model: string | null;
  number: string | null;
  /** Civil date of issue (`YYYY-MM-DD`), as the emitter wrote it (the offset is Brasília's, not ours). */
  issuedOn: string | null;
  emitter: { document: string | null; name: string | null };
  /** The recipient: a CNPJ or a CPF (an NFC-e may have none). */
  recipient: { document: string | null; name: string | null } | null;
}

/** Bytes read at most: the header of the largest real notas fits in far less. */
export const NFE_READ_LIMIT = 512 * 1024;

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads an NF-e's facts from a stored XML, or `null` when the file is not an NF-e (another XML, an event,
 * a summary) or breaks before its header is complete.
 * @example const facts = await readNfe(await store.open(ref)); // { issuedOn: '2026-04-10', emitter: { document: '12345678000195', … }, … }
 */
export async function readNfe(source: ContentSource, maxBytes = NFE_READ_LIMIT): Promise<NfeFacts | null> {
  const parser = new SaxesParser({ xmlns: false });
  const path: string[] = [];
  let inInf = false;
  let done = false;
  let seenInf = false;
  let text = '';
  const facts: NfeFacts = {
    key: null,
    model: null,
    number: null,
    issuedOn: null,
    emitter: { document: null, name: null },
    recipient: null,
  };
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    path.push(name);
    text = '';
    if (name === 'infNFe' && !seenInf) {
      inInf = true;
      seenInf = true;
      const id = tag.attributes.Id;
      if (typeof id === 'string' && /^NFe\d{44}$/.test(id)) facts.key = id.slice(3);
    } else if (inInf && path.at(-2) === 'infNFe' && name === 'dest') {
      facts.recipient = { document: null, name: null };
    } else if (inInf && path.at(-2) === 'infNFe' && name === 'det') {
      // The items begin: everything the check needs came before.
      done = true;
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    const parent = path.at(-2);
    const grand = path.at(-3);
    const value = text.trim();
    if (inInf && grand === 'infNFe') {
      if (parent === 'ide') {
        if (name === 'mod') facts.model = value;
        else if (name === 'nNF') facts.number = value;
        else if ((name === 'dhEmi' || name === 'dEmi') && /^\d{4}-\d{2}-\d{2}/.test(value))
          facts.issuedOn = value.slice(0, 10);
      } else if (parent === 'emit') {
        if (name === 'CNPJ' || name === 'CPF') facts.emitter.document = value.toUpperCase();
        else if (name === 'xNome') facts.emitter.name = value;
      } else if (parent === 'dest' && facts.recipient) {
        if (name === 'CNPJ' || name === 'CPF' || name === 'idEstrangeiro')
          facts.recipient.document = value.toUpperCase() || null;
        else if (name === 'xNome') facts.recipient.name = value;
      }
    }
    if (name === 'infNFe') done = true;
    path.pop();
    text = '';
  });
  const decoder = new TextDecoder('utf-8');
  try {
    await readLimited(source, maxBytes, (chunk) => {
      parser.write(decoder.decode(chunk, { stream: true }));
      // The root tells early whether this is an NF-e at all.
      if (path.length > 0 && !['nfeProc', 'NFe', 'enviNFe'].includes(path[0]!)) return 'stop';
      return done ? 'stop' : 'more';
    });
  } catch {
    // Not well-formed XML: whatever was read before the break may still be complete.
  }
  if (!seenInf || !facts.issuedOn || !facts.emitter.document) return null;
  return facts;
}
