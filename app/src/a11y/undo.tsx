// "Solved #1010 — Undo": after `e` and bulk actions a toast offers the way back for a few seconds
// (the Undo button, or `u`). What it says is read out by the one live region.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import { keyOf, shortcutFor } from '../lib/shortcuts';
import { announce } from './announcer';

export const UNDO_SECONDS = 8;

interface Offer {
  id: number;
  text: string;
  undo: (() => Promise<unknown[]>) | null;
}

interface UndoApi {
  /** Shows `text` (and announces it); with `undo`, offers the way back for UNDO_SECONDS. */
  offer(text: string, undo: (() => Promise<unknown[]>) | null): void;
}

const UndoContext = createContext<UndoApi>({ offer: (text) => announce(text) });
export const useUndo = () => useContext(UndoContext);

export function UndoProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [current, setCurrent] = useState<Offer | null>(null);
  const [busy, setBusy] = useState(false);
  const nextId = useRef(1);

  const offer = useCallback((text: string, undo: Offer['undo']) => {
    announce(undo ? `${text}. ${t('a11y.undo.hint')}` : text);
    setCurrent({ id: nextId.current++, text, undo });
  }, [t]);

  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(() => setCurrent((c) => (c?.id === current.id ? null : c)), UNDO_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [current]);

  const runUndo = useCallback(async () => {
    if (!current?.undo || busy) return;
    setBusy(true);
    const failures = await current.undo().catch((error: unknown) => [error]);
    setBusy(false);
    setCurrent(null);
    void client.invalidateQueries({ queryKey: keys.tickets });
    void client.invalidateQueries({ queryKey: keys.counts });
    announce(failures.length > 0 ? t('a11y.undo.failed', { count: failures.length }) : t('a11y.undo.done'));
  }, [current, busy, client, t]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (shortcutFor(keyOf(event)) !== 'undo' || !current?.undo) return;
      event.preventDefault();
      void runUndo();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, runUndo]);

  const api = useMemo(() => ({ offer }), [offer]);
  return (
    <UndoContext.Provider value={api}>
      {children}
      {current && (
        <div className="toast" data-testid="undo-toast">
          <span>{current.text}</span>
          {current.undo && (
            <button type="button" className="button small" onClick={() => void runUndo()} disabled={busy} aria-keyshortcuts="u">
              {t('a11y.undo.button')}
            </button>
          )}
          <button type="button" className="icon-button small" aria-label={t('a11y.undo.dismiss')} onClick={() => setCurrent(null)}>
            ×
          </button>
        </div>
      )}
    </UndoContext.Provider>
  );
}
