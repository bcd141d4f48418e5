// "Merge into…" on the ticket page (pick another ticket of the same customer, confirm), and the
// banners of a merged ticket (linking to its target) and of a target (naming what joined it).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMergeTicket, useTicketsOf } from '../api/people';
import type { TicketDetail } from '../api/types';
import { linkHandler, navigate, ticketPath } from '../lib/router';
import { errorText } from '../ui/states';

export function MergedBanner({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  if (ticket.mergedInto) {
    const to = ticketPath(ticket.mergedInto);
    return (
      <p className="banner merged-banner" data-testid="merged-banner">
        {t('merge.mergedInto', { number: ticket.number })}{' '}
        <a href={to} onClick={linkHandler(to)}>
          #{ticket.mergedInto.number} {ticket.mergedInto.subject}
        </a>
      </p>
    );
  }
  if (!ticket.mergedFrom?.length) return null;
  return (
    <p className="muted small merged-from" data-testid="merged-from">
      {t('merge.mergedFrom')}{' '}
      {ticket.mergedFrom.map((source, index) => (
        <span key={source.id}>
          {index > 0 && ', '}
          <a href={ticketPath(source)} onClick={linkHandler(ticketPath(source))}>
            #{source.number}
          </a>
        </span>
      ))}
    </p>
  );
}

export function MergeTicket({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (ticket.mergedIntoId) return null;
  return (
    <>
      <button className="button small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="merge-open">
        {t('merge.open')}
      </button>
      {open && <MergePanel ticket={ticket} onClose={() => setOpen(false)} />}
    </>
  );
}

function MergePanel({ ticket, onClose }: { ticket: TicketDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const others = useTicketsOf({ customerId: ticket.customerId });
  const merge = useMergeTicket();
  const [targetId, setTargetId] = useState<number | null>(null);
  const candidates = (others.data?.pages.flatMap((page) => page.items) ?? []).filter((other) => other.id !== ticket.id && other.status !== 'closed' && !other.mergedIntoId);
  const target = candidates.find((other) => other.id === targetId);
  return (
    <section className="card merge-panel" aria-labelledby="merge-heading" data-testid="merge-panel">
      <h2 id="merge-heading">{t('merge.title', { number: ticket.number })}</h2>
      <p className="hint">{t('merge.hint')}</p>
      {others.isPending ? (
        <p className="muted small">{t('app.loading')}</p>
      ) : candidates.length === 0 ? (
        <p className="muted small">{t('merge.noCandidates')}</p>
      ) : (
        <fieldset className="field">
          <legend>{t('merge.pick')}</legend>
          {candidates.map((other) => (
            <label key={other.id} className="check">
              <input type="radio" name="merge-target" value={other.id} checked={targetId === other.id} onChange={() => setTargetId(other.id)} />
              #{other.number} {other.subject} <span className={`chip status-${other.status}`}>{t(`status.${other.status}`)}</span>{' '}
              <span className="chip">{t(`channel.${other.channel}`, { defaultValue: other.channel })}</span>
            </label>
          ))}
        </fieldset>
      )}
      {target && <p role="status">{t('merge.confirm', { source: ticket.number, target: target.number })}</p>}
      <div className="form-actions">
        <button
          className="button primary"
          disabled={!target || merge.isPending}
          onClick={() => target && merge.mutate({ sourceId: ticket.id, targetId: target.id }, { onSuccess: (merged) => navigate(ticketPath(merged)) })}
        >
          {t('merge.do')}
        </button>
        <button className="button" onClick={onClose}>
          {t('people.cancel')}
        </button>
      </div>
      {merge.isError && <p className="form-error" role="alert">{errorText(merge.error, t)}</p>}
    </section>
  );
}
