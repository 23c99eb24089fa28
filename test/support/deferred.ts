/** A promise with its resolver, to hold a handler mid-run until the test lets it go. */
export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
