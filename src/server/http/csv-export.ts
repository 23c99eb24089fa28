import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { fileDownload, sendCsv } from './downloads.js';
import type { Lang } from './i18n.js';
import { langOf } from './problem.js';
import type { RouteActor, routesFor } from './routes.js';

/** What a list's CSV export declares: its summary, the list's filters, and the file's description and name. */
interface CsvExportSpec<Q extends z.ZodType> {
  summary: string;
  querystring: Q;
  /** The OpenAPI description of the file ("The cards, UTF-8 CSV"). */
  file: string;
  /** The attachment is `<name>-<yyyy-mm-dd>.csv`, of the day the clock gives. */
  name: string;
}

/**
 * A list's CSV export: GET `url` with the same filters and sort as the list, answered as a CSV attachment
 * streamed from `rows` (each already a line, in the reader's language).
 */
export function csvExport<const Q extends z.ZodType>(
  route: ReturnType<typeof routesFor>,
  clock: Clock,
  url: string,
  spec: CsvExportSpec<Q>,
  rows: (query: z.output<Q>, actor: RouteActor, lang: Lang) => AsyncIterable<string>,
): void {
  route.get(
    url,
    { summary: spec.summary, querystring: spec.querystring, ...fileDownload('text/csv', spec.file) },
    async (req, actor, reply) =>
      sendCsv(reply, spec.name, clock.now(), rows(req.query as z.output<Q>, actor, langOf(req))),
  );
}
