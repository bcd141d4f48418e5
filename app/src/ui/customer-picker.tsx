// Finds a customer by name, email or phone (the server's `q` of GET /customers) and hands the
// chosen one to the caller: used to merge customers, and meant for any screen that needs one.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerList, type CustomerSummary } from '../api/people';

/** The line that tells two customers apart: the name, else the first identity. */
export const customerLabel = (customer: { name: string | null; identities: Array<{ value: string }> }) => customer.name || customer.identities[0]?.value || '—';

export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function CustomerPicker({ onPick, excludeId, label }: { onPick: (customer: CustomerSummary) => void; excludeId?: number; label?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const results = useCustomerList(q);
  const found = q ? (results.data?.pages[0]?.items ?? []).filter((customer) => customer.id !== excludeId).slice(0, 8) : [];
  return (
    <div className="customer-picker">
      <label className="field" htmlFor={id}>
        <span>{label ?? t('people.pickCustomer')}</span>
        <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('people.searchPlaceholder')} autoComplete="off" maxLength={200} />
      </label>
      {q && (
        <ul className="picker-results" aria-label={t('people.pickResults')}>
          {results.isPending ? (
            <li className="muted small">{t('app.loading')}</li>
          ) : found.length === 0 ? (
            <li className="muted small">{t('people.noCustomers')}</li>
          ) : (
            found.map((customer) => (
              <li key={customer.id}>
                <button type="button" className="button ghost picker-option" onClick={() => onPick(customer)} data-customer-id={customer.id}>
                  <strong>{customerLabel(customer)}</strong>
                  <span className="muted small">{customer.identities.map((identity) => identity.value).join(' · ')}</span>
                </button>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
