// The incoming-call pop-up: for each call ringing for this agent, the caller's card (name,
// organization) and their open tickets, each a link; an unknown caller gets "Create customer" with
// the number filled in. Non-blocking (focus stays where the agent works; a screen reader hears the
// call announced), closed with its button or Escape.
import { useEffect, useId, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import type { Customer } from '../api/types';
import { announce } from '../a11y/announcer';
import { customerPath, linkHandler, navigate, ticketPath } from '../lib/router';
import { errorText } from '../ui/states';
import { ringingCalls, type RingingCall, type RingingCalls } from './ringing';

export function CallPopups({ store = ringingCalls, canCreate }: { store?: RingingCalls; canCreate: boolean }) {
  const { t } = useTranslation();
  const calls = useSyncExternalStore(store.subscribe, store.current);
  if (calls.length === 0) return null;
  return (
    <aside className="call-popups" aria-label={t('phone.popups')}>
      {calls.map((call) => (
        <CallPopup key={call.id} call={call} canCreate={canCreate} onDismiss={() => store.dismiss(call)} />
      ))}
    </aside>
  );
}

export function CallPopup({ call, canCreate, onDismiss }: { call: RingingCall; canCreate: boolean; onDismiss: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { customer, tickets, number } = call.payload;
  const caller = customer ? customer.name || number : t('phone.unknownCaller');
  useEffect(() => announce(t('phone.announce', { caller })), [caller, t]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onDismiss();
    }
  };
  const open = (to: string) => (event: Parameters<ReturnType<typeof linkHandler>>[0]) => {
    linkHandler(to)(event);
    onDismiss();
  };
  return (
    <section className="card call-popup" role="dialog" aria-modal="false" aria-labelledby={`${id}-title`} aria-describedby={`${id}-number`} onKeyDown={onKeyDown} data-call={call.payload.callId}>
      <header className="call-popup-head">
        <h2 id={`${id}-title`} className="call-popup-title">
          {t('phone.incoming')}: {caller}
        </h2>
        <button type="button" className="button ghost small" onClick={onDismiss} aria-label={t('phone.dismiss')}>
          ×
        </button>
      </header>
      <p id={`${id}-number`} className="call-popup-number">
        {number}
      </p>
      {customer ? (
        <>
          <p className="call-popup-customer">
            <a href={customerPath(customer)} onClick={open(customerPath(customer))}>
              {customer.name || number}
            </a>
            {customer.organization && <span className="muted"> · {customer.organization}</span>}
          </p>
          {tickets.length ? (
            <>
              <h3 className="small muted">{t('phone.openTickets')}</h3>
              <ul className="call-popup-tickets">
                {tickets.map((ticket) => (
                  <li key={ticket.id}>
                    <a href={ticketPath(ticket)} onClick={open(ticketPath(ticket))}>
                      #{ticket.number} {ticket.subject}
                    </a>{' '}
                    <span className="chip small">{t(`status.${ticket.status}`)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="small muted">{t('phone.noOpenTickets')}</p>
          )}
        </>
      ) : canCreate ? (
        <CreateCustomer number={number} onCreated={onDismiss} />
      ) : null}
    </section>
  );
}

function CreateCustomer({ number, onCreated }: { number: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState(number);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const customer = await post<Customer>('/customers', { name: name.trim(), identities: [{ kind: 'phone', value: phone.trim() }] });
      onCreated();
      navigate(customerPath(customer));
    } catch (failure) {
      setError(errorText(failure, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="call-popup-create" onSubmit={(event) => void submit(event)} aria-label={t('phone.createCustomer')}>
      <label htmlFor={`${id}-name`}>{t('phone.customerName')}</label>
      <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
      <label htmlFor={`${id}-phone`}>{t('phone.customerPhone')}</label>
      <input id={`${id}-phone`} value={phone} onChange={(event) => setPhone(event.target.value)} maxLength={40} inputMode="tel" required />
      {error && (
        <p className="field-error small" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary small" disabled={busy || !phone.trim()}>
        {t('phone.createCustomer')}
      </button>
    </form>
  );
}
