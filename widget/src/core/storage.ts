// Storage as the client core sees it: a string key-value store (localStorage in the browser, a Map in
// tests), always behind a per-site prefix so two widgets of two sites on one page never share a key.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The prefix every key of one site's widget lives under. */
export function storagePrefix(siteKey: string): string {
  return `frontline:${siteKey}:`;
}

/** One site's view of a store: keys are prefixed, and a full or forbidden store (Safari private
 * mode, quota) never throws into the widget: writes report false, reads report null. */
export class SiteStore {
  readonly #store: KeyValueStore | null;
  readonly #prefix: string;

  constructor(store: KeyValueStore | null, siteKey: string) {
    this.#store = store;
    this.#prefix = storagePrefix(siteKey);
  }

  get(key: string): string | null {
    try {
      return this.#store?.getItem(this.#prefix + key) ?? null;
    } catch {
      return null;
    }
  }

  set(key: string, value: string): boolean {
    try {
      if (!this.#store) return false;
      this.#store.setItem(this.#prefix + key, value);
      return true;
    } catch {
      return false;
    }
  }

  remove(key: string): void {
    try {
      this.#store?.removeItem(this.#prefix + key);
    } catch {
      // nothing to do: the key is gone or the store is unusable
    }
  }

  getJson(key: string): unknown {
    const raw = this.get(key);
    if (raw === null) return null;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }

  setJson(key: string, value: unknown): boolean {
    return this.set(key, JSON.stringify(value));
  }
}

/** An in-memory store: tests, and browsers where localStorage is unavailable. */
export class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** localStorage, or null where touching it throws (blocked third-party storage, sandboxed frames). */
export function browserStore(): KeyValueStore | null {
  try {
    const store = globalThis.localStorage;
    const probe = '__frontline_probe__';
    store.setItem(probe, '1');
    store.removeItem(probe);
    return store;
  } catch {
    return null;
  }
}
