// Actions on the selected tickets: assign, solve, close, add a tag.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { patch } from '../api/client';
import { keys, type TicketPatch } from '../api/queries';
import type { Agent, Ticket } from '../api/types';

/** Runs changes a few at a time, so a large selection neither floods the server nor crawls. */
async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>, width = 4): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await run(item).catch((error: unknown) => failures.push(error));
      }
    }),
  );
  return failures;
}

export function changesFor(ticket: Ticket, action: 'solve' | 'close'): TicketPatch[] {
  if (action === 'solve') return ticket.status === 'solved' || ticket.status === 'closed' ? [] : [{ status: 'solved' }];
  if (ticket.status === 'closed') return [];
  return ticket.status === 'solved' ? [{ status: 'closed' }] : [{ status: 'solved' }, { status: 'closed' }];
}

export function BulkBar({ tickets, agents, onDone }: { tickets: Ticket[]; agents: Agent[]; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function apply(changes: (ticket: Ticket) => TicketPatch[]) {
    setBusy(true);
    setMessage(null);
    const failures = await inBatches(tickets, async (ticket) => {
      for (const change of changes(ticket)) await patch(`/tickets/${ticket.id}`, change);
    });
    setBusy(false);
    void client.invalidateQueries({ queryKey: keys.tickets });
    void client.invalidateQueries({ queryKey: keys.counts });
    if (failures.length > 0) setMessage(t('inbox.bulkFailed', { message: failures[0] instanceof Error ? failures[0].message : '' }));
    else {
      setMessage(t('inbox.bulkDone', { count: tickets.length }));
      onDone();
    }
  }

  return (
    <div className="bulk-bar" role="region" aria-label={t('inbox.selected', { count: tickets.length })}>
      <strong>{t('inbox.selected', { count: tickets.length })}</strong>
      <label className="field inline compact">
        <span className="sr-only">{t('inbox.assignTo')}</span>
        <select
          aria-label={t('inbox.assignTo')}
          value=""
          disabled={busy}
          onChange={(e) => {
            const value = e.target.value;
            if (value) void apply(() => [{ assigneeId: value === 'none' ? null : Number(value) }]);
          }}
        >
          <option value="">{t('inbox.assignTo')}</option>
          <option value="none">{t('inbox.nobody')}</option>
          {agents
            .filter((a) => a.active)
            .map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
        </select>
      </label>
      <button className="button" disabled={busy} onClick={() => void apply((ticket) => changesFor(ticket, 'solve'))}>
        {t('inbox.solve')}
      </button>
      <button className="button" disabled={busy} onClick={() => void apply((ticket) => changesFor(ticket, 'close'))}>
        {t('inbox.close')}
      </button>
      <form
        className="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim().toLowerCase();
          if (!value) return;
          void apply((ticket) => (ticket.tags.includes(value) ? [] : [{ tags: [...ticket.tags, value] }])).then(() => setTag(''));
        }}
      >
        <label>
          <span className="sr-only">{t('inbox.addTag')}</span>
          <input type="text" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('inbox.addTag')} disabled={busy} />
        </label>
        <button className="button" type="submit" disabled={busy || !tag.trim()}>
          {t('inbox.apply')}
        </button>
      </form>
      <button className="button ghost" onClick={onDone} disabled={busy}>
        {t('inbox.clearSelection')}
      </button>
      {message && (
        <span className="bulk-message" role="status">
          {message}
        </span>
      )}
    </div>
  );
}
