import { LRUCache } from 'lru-cache';

/**
 * A few seconds' memory of small rows that background work reads for every item of a long run — the
 * office and its channel settings, read by each of thousands of message deliveries. One memory per
 * database handle, so tests and processes never share it. The owner of the rows forgets a key when it
 * writes them (after its transaction commits), so this process never serves a stale row; another process
 * (a separate worker) sees a change at most `ttlMs` later.
 */
export class RecentReads<V> {
  readonly #caches = new WeakMap<object, LRUCache<string, Promise<V>>>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 1_000,
  ) {}

  /** The value under `key`, loading it (once, however many callers ask at the same time) when not recent. */
  get(db: object, key: string, load: () => Promise<V>): Promise<V> {
    const cache = this.#cacheOf(db);
    const hit = cache.get(key);
    if (hit) return hit;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key);
    });
    return loading;
  }

  forget(db: object, key: string): void {
    this.#caches.get(db)?.delete(key);
  }

  #cacheOf(db: object): LRUCache<string, Promise<V>> {
    let cache = this.#caches.get(db);
    if (!cache) {
      cache = new LRUCache<string, Promise<V>>({ max: this.max, ttl: this.ttlMs });
      this.#caches.set(db, cache);
    }
    return cache;
  }
}
