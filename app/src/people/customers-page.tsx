// Customers: search by name, email or phone, newest first, in pages; each opens its page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerList } from '../api/people';
import { customerPath, linkHandler } from '../lib/router';
import { customerLabel, useDebounced } from '../ui/customer-picker';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { MoreButton } from './more-button';

export function CustomersPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const customers = useCustomerList(q);
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <main className="admin-page people-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <h1>{t('people.customersTitle')}</h1>
      </div>
      <label className="field">
        <span>{t('people.search')}</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('people.searchPlaceholder')} maxLength={200} data-testid="customer-search" />
      </label>
      {customers.isPending ? (
        <LoadingState />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('people.noCustomers')} hint={q ? t('people.noCustomersHint') : undefined} />
      ) : (
        <>
          <ul className="card-list people-list" aria-label={t('people.customersTitle')}>
            {items.map((customer) => (
              <li key={customer.id} className="card people-row" data-customer-id={customer.id}>
                <a href={customerPath(customer)} onClick={linkHandler(customerPath(customer))} className="people-name">
                  {customerLabel(customer)}
                </a>
                <span className="people-identities">
                  {customer.identities.slice(0, 4).map((identity) => (
                    <span key={identity.id} className="small">
                      <span className="chip">{t(`channel.${identity.kind}`, { defaultValue: identity.kind })}</span> {identity.value}
                    </span>
                  ))}
                </span>
              </li>
            ))}
          </ul>
          <MoreButton query={customers} />
        </>
      )}
    </main>
  );
}
