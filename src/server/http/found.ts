/**
 * What a lookup found, or the module's "not found" error when it found nothing (null or undefined; a lookup
 * that could not be asked, `undefined`, finds nothing): a module's `…OrThrow` in one call instead of a read,
 * an `if` and a `throw`.
 *
 * @example
 * const invoiceOf = (db: Db, officeId: string, id: string) =>
 *   found(findInvoice(db, officeId, id), () => new BillingError('invoice_not_found'));
 */
export async function found<T>(
  lookup: Promise<T | null | undefined> | undefined,
  notFound: () => Error,
): Promise<NonNullable<T>> {
  const value = await lookup;
  if (value === null || value === undefined) throw notFound();
  return value;
}
