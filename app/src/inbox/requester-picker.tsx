// The New ticket dialog's customer look-up: finds an existing customer by name, email or phone as the agent types, and picks one (or none, to create one inline).
import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../api/client';
import type { Answer, Customer } from '../api/types';

export interface CustomerChoice {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

const LIMIT = 8;

export const choiceOf = (customer: Customer): CustomerChoice => ({
  id: customer.id,
  name: customer.name ?? '',
  email: customer.identities.find((identity) => identity.kind === 'email')?.value ?? null,
  phone: customer.identities.find((identity) => identity.kind === 'phone')?.value ?? null,
});

export function RequesterPicker({ value, onChange, autoFocus = false }: { value: CustomerChoice | null; onChange: (choice: CustomerChoice | null) => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['customers', 'search', q],
    queryFn: () => get<Answer<'/customers'>>(`/customers${qs({ q, limit: LIMIT })}`),
    enabled: q.length >= 2,
    staleTime: 10_000,
  });

  if (value) {
    const contact = [value.email, value.phone].filter(Boolean).join(' · ');
    return (
      <div className="customer-chosen" data-customer-id={value.id}>
        <span>
          {t('triage.picker.chosen', { name: value.name || t('triage.picker.unnamed') })}
          {contact && <span className="muted"> · {contact}</span>}
        </span>
        <button type="button" className="button small" onClick={() => onChange(null)}>
          {t('triage.picker.change')}
        </button>
      </div>
    );
  }
  const items = found.data?.items ?? [];
  return (
    <div className="customer-picker">
      <label className="field">
        <span>{t('triage.picker.search')}</span>
        <input type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder={t('triage.picker.placeholder')} maxLength={200} autoFocus={autoFocus} aria-describedby={`${id}-status`} />
      </label>
      <p id={`${id}-status`} className="hint" aria-live="polite">
        {q.length >= 2 && (found.isFetching ? t('triage.picker.searching') : items.length === 0 && found.isSuccess ? t('triage.picker.noMatch', { q }) : '')}
      </p>
      {items.length > 0 && (
        <ul className="customer-results" aria-label={t('triage.picker.results')}>
          {items.map((customer) => {
            const choice = choiceOf(customer);
            return (
              <li key={customer.id}>
                <button type="button" className="customer-result" onClick={() => onChange(choice)}>
                  <span className="customer-result-name">{choice.name || t('triage.picker.unnamed')}</span>
                  <span className="muted">{[choice.email, choice.phone].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
