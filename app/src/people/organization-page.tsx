// One organization: its name and domain (editable), its customers and its tickets.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useCustomerList, useOrganization, useSaveOrganization, type OrganizationDetail } from '../api/people';
import { useSession } from '../auth/session';
import { customerPath, linkHandler } from '../lib/router';
import { customerLabel } from '../ui/customer-picker';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { TicketsOf } from './ticket-list';
import { MoreButton } from './more-button';

export function OrganizationPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const organization = useOrganization(id);
  const [editing, setEditing] = useState(false);
  const back = (
    <a className="back-link" href="/organizations" onClick={linkHandler('/organizations')}>
      ← {t('people.allOrganizations')}
    </a>
  );
  if (organization.isPending) return <main className="admin-page people-page" id="main"><LoadingState /></main>;
  if (organization.isError) {
    const missing = organization.error instanceof ApiError && organization.error.status === 404;
    return (
      <main className="admin-page people-page" id="main">
        {back}
        {missing ? <EmptyState title={t('people.organizationNotFound')} /> : <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />}
      </main>
    );
  }
  const data = organization.data;
  return (
    <main className="admin-page people-page" id="main" tabIndex={-1}>
      {back}
      <div className="page-head">
        <h1 data-testid="organization-name">{data.name}</h1>
        {me.role !== 'light_agent' && !editing && (
          <button className="button" onClick={() => setEditing(true)}>
            {t('people.edit')}
          </button>
        )}
      </div>
      {editing ? (
        <OrganizationForm organization={data} onDone={() => setEditing(false)} />
      ) : (
        <p className="muted">
          {data.domain ? t('people.domainRule', { domain: data.domain }) : t('people.noDomain')} · {t('people.customerCount', { count: data.customerCount })}
        </p>
      )}
      <OrganizationCustomers id={id} />
      <TicketsOf filter={{ organizationId: id }} showCustomer />
    </main>
  );
}

function OrganizationForm({ organization, onDone }: { organization: OrganizationDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveOrganization(organization.id);
  const [name, setName] = useState(organization.name);
  const [domain, setDomain] = useState(organization.domain ?? '');
  return (
    <form
      className="card people-section inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name: name.trim(), domain: domain.trim() || null }, { onSuccess: onDone });
      }}
    >
      <label className="field">
        <span>{t('people.name')}</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required name="name" />
      </label>
      <label className="field">
        <span>{t('people.domain')}</span>
        <input type="text" value={domain} onChange={(e) => setDomain(e.target.value)} maxLength={253} name="domain" />
      </label>
      <div className="form-actions">
        <button className="button primary" type="submit" disabled={!name.trim() || save.isPending}>
          {t('people.save')}
        </button>
        <button className="button" type="button" onClick={onDone}>
          {t('people.cancel')}
        </button>
      </div>
      {save.isError && <p className="form-error" role="alert">{errorText(save.error, t)}</p>}
    </form>
  );
}

function OrganizationCustomers({ id }: { id: number }) {
  const { t } = useTranslation();
  const customers = useCustomerList('', id);
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card people-section" aria-labelledby="org-customers-heading">
      <h2 id="org-customers-heading">{t('people.customersTitle')}</h2>
      {customers.isPending ? (
        <LoadingState />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted small">{t('people.noCustomers')}</p>
      ) : (
        <ul className="people-tickets" data-testid="organization-customers">
          {items.map((customer) => (
            <li key={customer.id}>
              <a href={customerPath(customer)} onClick={linkHandler(customerPath(customer))}>
                {customerLabel(customer)}
              </a>
              <span className="muted small">{customer.identities.map((identity) => identity.value).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
      <MoreButton query={customers} />
    </section>
  );
}
