import { describe, expect, it } from 'vitest';
import { MAX_DRAFTS, MAX_DRAFT_CHARS, clearDraft, loadDraft, saveDraft, type StorageLike } from './drafts';

function memory(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('drafts', () => {
  it('keeps a draft per agent and ticket until it is cleared', () => {
    const storage = memory();
    saveDraft(1, 10, { body: 'Hello', mode: 'note' }, 5, storage);
    expect(loadDraft(1, 10, storage)).toEqual({ body: 'Hello', mode: 'note', savedAt: 5 });
    expect(loadDraft(2, 10, storage)).toBeNull();
    expect(loadDraft(1, 11, storage)).toBeNull();
    clearDraft(1, 10, storage);
    expect(loadDraft(1, 10, storage)).toBeNull();
  });

  it('removes a draft emptied by the agent and bounds its size', () => {
    const storage = memory();
    saveDraft(1, 10, { body: 'x', mode: 'reply' }, 1, storage);
    saveDraft(1, 10, { body: '  ', mode: 'reply' }, 2, storage);
    expect(storage.map.size).toBe(0);
    saveDraft(1, 10, { body: 'y'.repeat(MAX_DRAFT_CHARS + 10), mode: 'reply' }, 3, storage);
    expect(loadDraft(1, 10, storage)?.body.length).toBe(MAX_DRAFT_CHARS);
  });

  it('keeps only the newest drafts and survives garbage in storage', () => {
    const storage = memory();
    storage.setItem('frontline.draft.1.999', '{not json');
    for (let i = 0; i < MAX_DRAFTS + 5; i++) saveDraft(1, i, { body: `draft ${i}`, mode: 'reply' }, 100 + i, storage);
    expect(storage.map.size).toBe(MAX_DRAFTS);
    expect(loadDraft(1, 0, storage)).toBeNull();
    expect(loadDraft(1, MAX_DRAFTS + 4, storage)?.body).toBe(`draft ${MAX_DRAFTS + 4}`);
    expect(loadDraft(1, 999, storage)).toBeNull();
  });
});
