import { EventEmitter } from 'node:events';

/** In-process hint that a pool has new work: wakes this process's idle workers at once. */
const bus = new EventEmitter();
bus.setMaxListeners(0);

export function wakeWorkers(pool: string): void {
  bus.emit('wake', pool);
}

export function onWake(listener: (pool: string) => void): () => void {
  bus.on('wake', listener);
  return () => bus.off('wake', listener);
}
