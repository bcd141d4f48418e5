// The outbox: every message the visitor sends is written here (localStorage) before it goes out and
// leaves only on the server's ack (or HTTP 202), so a reload, a crash or a lost socket loses nothing.

import { isClientId } from './ids.ts';
import type { SiteStore } from './storage.ts';

export interface OutboxFile {
  name: string;
  size: number;
  type: string;
}

export interface OutboxEntry {
  clientId: string;
  conversationKey: string;
  conversationId?: number;
  text: string;
  topic?: string;
  /** Send order: entries are flushed and shown by it. */
  seq: number;
  at: string;
  state: 'pending' | 'failed';
  /** Why a failed entry failed: the server's error code, or 'files_lost' (see README). */
  error?: string;
  /** Attachments go by HTTP; only their names are stored, the files themselves live in memory. */
  files?: OutboxFile[];
}

const OUTBOX_KEY = 'outbox';
const MAX_ENTRIES = 200;

function readEntry(v: unknown): OutboxEntry | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  if (!isClientId(e.clientId) || !isClientId(e.conversationKey) || typeof e.text !== 'string') return null;
  if (typeof e.seq !== 'number' || typeof e.at !== 'string') return null;
  const entry: OutboxEntry = {
    clientId: e.clientId,
    conversationKey: e.conversationKey,
    text: e.text,
    seq: e.seq,
    at: e.at,
    state: e.state === 'failed' ? 'failed' : 'pending',
  };
  if (typeof e.conversationId === 'number') entry.conversationId = e.conversationId;
  if (typeof e.topic === 'string') entry.topic = e.topic;
  if (typeof e.error === 'string') entry.error = e.error;
  if (Array.isArray(e.files)) {
    entry.files = e.files
      .filter((f): f is OutboxFile => typeof f === 'object' && f !== null && typeof (f as OutboxFile).name === 'string')
      .map((f) => ({ name: f.name, size: Number(f.size) || 0, type: String(f.type ?? '') }));
  }
  return entry;
}

/** Reads the stored outbox again before each change (another tab of the same site may have written
 * to it since), applies the change and writes it back. */
export class Outbox {
  readonly #store: SiteStore;
  #entries: OutboxEntry[] = [];

  constructor(store: SiteStore) {
    this.#store = store;
    this.#load();
  }

  #load(): void {
    const raw = this.#store.getJson(OUTBOX_KEY);
    if (!Array.isArray(raw)) return;
    const stored = raw.map(readEntry).filter((e): e is OutboxEntry => e !== null);
    // Keep entries only this tab holds (a store that refused the write): they must not vanish.
    const storedIds = new Set(stored.map((e) => e.clientId));
    const localOnly = this.#entries.filter((e) => !storedIds.has(e.clientId));
    this.#entries = [...stored, ...localOnly].sort((a, b) => a.seq - b.seq);
  }

  #change(apply: (entries: OutboxEntry[]) => OutboxEntry[]): void {
    this.#load();
    this.#entries = apply(this.#entries).slice(-MAX_ENTRIES);
    if (this.#entries.length === 0) this.#store.remove(OUTBOX_KEY);
    else this.#store.setJson(OUTBOX_KEY, this.#entries);
  }

  /** Every entry, in send order. */
  entries(): OutboxEntry[] {
    this.#load();
    return [...this.#entries];
  }

  get(clientId: string): OutboxEntry | undefined {
    return this.#entries.find((e) => e.clientId === clientId);
  }

  has(clientId: string): boolean {
    return this.entries().some((e) => e.clientId === clientId);
  }

  nextSeq(): number {
    return this.entries().reduce((max, e) => Math.max(max, e.seq), 0) + 1;
  }

  add(entry: OutboxEntry): void {
    this.#change((entries) => [...entries.filter((e) => e.clientId !== entry.clientId), entry]);
  }

  /** Takes an entry out (its ack came); false when it was not there. */
  remove(clientId: string): OutboxEntry | undefined {
    const found = this.entries().find((e) => e.clientId === clientId);
    if (found) this.#change((entries) => entries.filter((e) => e.clientId !== clientId));
    return found;
  }

  update(clientId: string, patch: Partial<Omit<OutboxEntry, 'clientId' | 'seq'>>): void {
    this.#change((entries) =>
      entries.map((e) => {
        if (e.clientId !== clientId) return e;
        const next: OutboxEntry = { ...e, ...patch };
        if (next.state === 'pending') delete next.error;
        return next;
      }),
    );
  }

  /** The server named the conversation a new one became: later sends of it carry the id too. */
  setConversationId(conversationKey: string, conversationId: number): void {
    if (!this.entries().some((e) => e.conversationKey === conversationKey && e.conversationId !== conversationId)) return;
    this.#change((entries) => entries.map((e) => (e.conversationKey === conversationKey ? { ...e, conversationId } : e)));
  }
}
