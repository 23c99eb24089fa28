import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { type SendInput, type SendMemo, type SendResult, sendMany } from '../messaging/index.js';

interface Waiting {
  input: SendInput;
  resolve(r: SendResult): void;
}

interface Task {
  record: unknown;
  /** This task's sends waiting for the next flush. */
  waiting: Waiting[];
  /** Where the current step learns that the task finished, or failed. */
  finished(): void;
  failed(err: unknown): void;
  started: boolean;
}

/**
 * Runs the records of one slice so that their messages are written in bulk (`sendMany`: one INSERT per
 * table for the slice instead of a few statements per message, most of a routine's time on PostgreSQL),
 * while each record's code still reads as sequential code that awaits its sends' results.
 *
 * Records run **one at a time**, in order: each runs until it finishes or awaits a send (`send()` parks it).
 * Once every record of the slice has finished or parked, one `sendMany` writes all the parked sends, and
 * the parked records resume — again one at a time, in order — each until it finishes or parks on its next
 * send; and so on until all have finished. Two records' code never interleaves except across a send, which
 * is where a record waits for nothing but its own message. Results are the ones `send()` one by one would
 * give: `sendMany` decides each message alike and answers a key already used, even by an earlier record of
 * the slice, as a duplicate.
 *
 * A record must await each send it makes (as `notifyClient` and the others are used); a send left
 * unawaited would let the record run on beside the next one. A record that throws, or a flush that fails,
 * fails the whole run of the slice (its transaction rolls back and the runner retries record by record).
 */
export class SendBatch {
  #current: Task | null = null;
  #parked: (() => void) | null = null;

  constructor(
    readonly ctx: AppContext,
    readonly db: Db,
    readonly memo: SendMemo,
  ) {}

  /** A send from the running record: resolved with its result once the slice's sends are written. */
  send(input: SendInput): Promise<SendResult> {
    const task = this.#current;
    if (!task) throw new Error('SendBatch.send outside a record of the batch');
    return new Promise<SendResult>((resolve) => {
      task.waiting.push({ input, resolve });
      const park = this.#parked;
      this.#parked = null;
      park?.();
    });
  }

  /** Runs one step of a task: until it finishes, fails, or parks on a send. */
  #step(task: Task, kick: () => void): Promise<'done' | 'parked'> {
    return new Promise((resolve, reject) => {
      this.#current = task;
      this.#parked = () => resolve('parked');
      task.finished = () => resolve('done');
      task.failed = reject;
      kick();
    });
  }

  /** Handles `records` with `perRecord`, writing their sends in bulk between rounds. */
  async run(records: readonly unknown[], perRecord: (record: unknown) => Promise<void>): Promise<void> {
    let round: Task[] = records.map((record) => ({
      record,
      waiting: [],
      finished: () => {},
      failed: () => {},
      started: false,
    }));
    const results = new Map<Waiting, SendResult>();
    try {
      while (round.length) {
        const parked: Task[] = [];
        for (const task of round) {
          const outcome = await this.#step(task, () => {
            if (!task.started) {
              task.started = true;
              perRecord(task.record).then(
                () => task.finished(),
                (err: unknown) => task.failed(err),
              );
              return;
            }
            // Resume: hand the task its results (its code continues once the promises settle).
            const waiting = task.waiting;
            task.waiting = [];
            for (const w of waiting) w.resolve(results.get(w)!);
          });
          if (outcome === 'parked') parked.push(task);
        }
        const all = parked.flatMap((t) => t.waiting);
        if (all.length) {
          const out = await sendMany(
            this.ctx,
            this.db,
            all.map((w) => w.input),
            this.memo,
          );
          results.clear();
          for (const [i, w] of all.entries()) results.set(w, out[i]!);
        }
        round = parked;
      }
    } finally {
      this.#current = null;
      this.#parked = null;
    }
  }
}
