import { Transform } from 'node:stream';

/**
 * A pass-through for an upload's bytes on their way to the blob store that holds back the first `need`
 * bytes (or the whole file, when shorter) until `check` can judge them, then lets everything through, or
 * fails the stream with the error `check` returns, so a refused file never becomes a blob. Every upload
 * path checks a file's first bytes this way (ticket files, the document collection's items).
 *
 * @example
 * const gate = headGate(16, (head) => (looksLike(head, 'pdf') ? null : new TicketsError('file_content_mismatch')));
 * await store.put(pipeline(part.file, gate), { maxBytes });
 */
export function headGate(need: number, check: (head: Buffer) => Error | null): Transform {
  const held: Buffer[] = [];
  let heldBytes = 0;
  let decided = false;
  const decide = (self: Transform): Error | null => {
    decided = true;
    const head = Buffer.concat(held);
    const refused = check(head);
    if (refused) return refused;
    held.length = 0;
    self.push(head);
    return null;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (decided) return done(null, chunk);
      held.push(chunk);
      heldBytes += chunk.length;
      done(heldBytes >= need ? decide(this) : null);
    },
    flush(done) {
      done(decided ? null : decide(this));
    },
  });
}
