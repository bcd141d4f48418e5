// Actions on the selected tickets: assign, solve, close, add a tag; each result is announced and,
// but for a close, can be undone.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { keys, type TicketPatch } from '../api/queries';
import type { Agent, Ticket } from '../api/types';
import { CommitSelect } from '../a11y/commit-select';
import { useUndo } from '../a11y/undo';
import { applyChanges, changesFor, type TicketState } from './apply-changes';
import { resultText } from './result-text';
import { useSolveReason } from '../ticket/solve-reason';

export function BulkBar({ tickets, agents, onDone }: { tickets: Ticket[]; agents: Agent[]; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const { offer } = useUndo();
  const askReason = useSolveReason();

  async function apply(what: string, changes: (ticket: TicketState) => TicketPatch[]) {
    const asked = await askReason(tickets, changes);
    if (!asked) return;
    setBusy(true);
    setMessage(null);
    const applied = await applyChanges(tickets, asked);
    setBusy(false);
    void client.invalidateQueries({ queryKey: keys.tickets });
    void client.invalidateQueries({ queryKey: keys.counts });
    const text = resultText(t, applied, what);
    if (applied.failures.length > 0) {
      setMessage(text);
      offer(text, null);
    } else {
      offer(text, applied.undo);
      onDone();
    }
  }

  return (
    <div className="bulk-bar" role="region" aria-label={t('inbox.selected', { count: tickets.length })}>
      <strong>{t('inbox.selected', { count: tickets.length })}</strong>
      <label className="field inline compact">
        <span className="sr-only">{t('inbox.assignTo')}</span>
        <CommitSelect
          aria-label={t('inbox.assignTo')}
          value=""
          disabled={busy}
          onCommit={(value) => {
            const agent = agents.find((a) => String(a.id) === value);
            if (value) void apply(t('a11y.result.assigned', { name: agent?.name ?? t('inbox.nobody') }), () => [{ assigneeId: value === 'none' ? null : Number(value) }]);
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
        </CommitSelect>
      </label>
      <button className="button" disabled={busy} onClick={() => void apply(t('status.solved'), (ticket) => changesFor(ticket, 'solve'))}>
        {t('inbox.solve')}
      </button>
      <button className="button" disabled={busy} onClick={() => void apply(t('status.closed'), (ticket) => changesFor(ticket, 'close'))}>
        {t('inbox.close')}
      </button>
      <form
        className="bulk-tag"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tag.trim().toLowerCase();
          if (!value) return;
          void apply(t('a11y.result.tagged', { tag: value }), (ticket) => (ticket.tags.includes(value) ? [] : [{ tags: [...ticket.tags, value] }])).then(() => setTag(''));
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
        <span className="bulk-message">
          {message}
        </span>
      )}
    </div>
  );
}
