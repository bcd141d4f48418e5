// Drafts of replies and notes, per agent and ticket, in localStorage: a draft survives Escape,
// going to another ticket, a reload and a crash, and is gone once sent.

export interface Draft {
  body: string;
  mode: 'reply' | 'note';
  savedAt: number;
}

const PREFIX = 'frontline.draft.';
/** Bounds: a draft as long as a long email, and the newest drafts of one browser. */
export const MAX_DRAFT_CHARS = 100_000;
export const MAX_DRAFTS = 50;

export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const draftKey = (agentId: number, ticketId: number) => `${PREFIX}${agentId}.${ticketId}`;

export function loadDraft(agentId: number, ticketId: number, storage: StorageLike = localStorage): Draft | null {
  try {
    const value = JSON.parse(storage.getItem(draftKey(agentId, ticketId)) ?? 'null') as Partial<Draft> | null;
    if (!value || typeof value.body !== 'string' || !value.body) return null;
    return { body: value.body.slice(0, MAX_DRAFT_CHARS), mode: value.mode === 'note' ? 'note' : 'reply', savedAt: Number(value.savedAt) || 0 };
  } catch {
    return null;
  }
}

/** Keeps the draft (an empty body removes it); the oldest drafts beyond MAX_DRAFTS give way. */
export function saveDraft(agentId: number, ticketId: number, draft: Omit<Draft, 'savedAt'>, now = Date.now(), storage: StorageLike = localStorage): void {
  const key = draftKey(agentId, ticketId);
  if (!draft.body.trim()) {
    storage.removeItem(key);
    return;
  }
  const value = JSON.stringify({ body: draft.body.slice(0, MAX_DRAFT_CHARS), mode: draft.mode, savedAt: now });
  try {
    storage.setItem(key, value);
  } catch {
    // Storage full: drop the oldest drafts and try once more; a draft that still does not fit stays in memory only.
    prune(storage, Math.floor(MAX_DRAFTS / 2));
    try {
      storage.setItem(key, value);
    } catch {
      return;
    }
  }
  prune(storage, MAX_DRAFTS);
}

export function clearDraft(agentId: number, ticketId: number, storage: StorageLike = localStorage): void {
  storage.removeItem(draftKey(agentId, ticketId));
}

function prune(storage: StorageLike, keep: number) {
  const drafts: Array<[string, number]> = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    let savedAt = 0;
    try {
      savedAt = Number((JSON.parse(storage.getItem(key) ?? '{}') as Partial<Draft>).savedAt) || 0;
    } catch {
      // unreadable: oldest
    }
    drafts.push([key, savedAt]);
  }
  drafts.sort((a, b) => b[1] - a[1]);
  for (const [key] of drafts.slice(keep)) storage.removeItem(key);
}
