/**
 * The check of a file a routine's config refers to (the ERP import's CSV), before it is stored: the name is
 * made safe, and the content must be what its declared type says — UTF-8 text, and for `text/csv` a CSV
 * that parses — so that a spreadsheet (.xlsx), a PDF or a Latin-1 export is refused at upload, with the
 * way to fix it, rather than failing at the routine's next run.
 */
import { CsvError } from 'csv-parse/sync';
import { safeFileName } from '../../http/file-name.js';
import { isCleanText } from '../../http/schemas.js';
import { readCsv } from './erp-source.js';
import { RoutinesError } from './routines.errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Checks an uploaded routine file; returns its safe name, or throws the reason (`routines.file_*`). */
export function checkRoutineFile(rawName: string, data: Buffer, declaredType: string): { name: string } {
  const name = safeFileName(rawName, 'arquivo.csv');
  if (data.length === 0) throw new RoutinesError('empty_file');
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new RoutinesError('file_not_utf8', { params: { name } });
  }
  if (!isCleanText(text)) throw new RoutinesError('file_not_text', { params: { name } });
  const type = declaredType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') {
    try {
      readCsv(text);
    } catch (err) {
      if (!(err instanceof CsvError)) throw new RoutinesError('empty_file');
      const line = (err as CsvError & { lines?: number }).lines ?? 1;
      throw new RoutinesError('file_not_csv', { params: { name, line }, cause: err });
    }
  }
  return { name };
}
