// One customer: who they are on every channel, their organization, their tickets on every
// channel, editing, merging another customer into this one, and what changed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '@frontline/shared';
import { ApiError } from '../api/client';
import { useCustomerDetail, useOrganizationList, useSaveCustomer, type CustomerChanges, type CustomerDetail } from '../api/people';
import { useSession } from '../auth/session';
import { customerPath, linkHandler, organizationPath } from '../lib/router';
import { customerLabel } from '../ui/customer-picker';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { CustomerHistory } from './customer-history';
import { MergeCustomers } from './customer-merge';
import { TicketsOf } from './ticket-list';

export function CustomerPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const customer = useCustomerDetail(id);
  const [editing, setEditing] = useState(false);
  if (customer.isPending) return <main className="admin-page people-page" id="main"><LoadingState /></main>;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <main className="admin-page people-page" id="main">
        <BackToCustomers />
        {missing ? <EmptyState title={t('people.customerNotFound')} /> : <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />}
      </main>
    );
  }
  const data = customer.data;
  const mayWrite = me.role !== 'light_agent';
  return (
    <main className="admin-page people-page" id="main" tabIndex={-1}>
      <BackToCustomers />
      <div className="page-head">
        <h1 data-testid="customer-name">{customerLabel(data)}</h1>
        {mayWrite && !data.mergedIntoId && !editing && (
          <button className="button" onClick={() => setEditing(true)}>
            {t('people.edit')}
          </button>
        )}
      </div>
      {data.mergedIntoId && (
        <p className="banner merged-banner" role="status">
          {t('people.customerMergedInto')}{' '}
          <a href={customerPath({ id: data.mergedIntoId })} onClick={linkHandler(customerPath({ id: data.mergedIntoId }))}>
            {t('people.openSurvivor')}
          </a>
        </p>
      )}
      {editing ? <CustomerForm customer={data} onDone={() => setEditing(false)} /> : <CustomerFacts customer={data} />}
      <TicketsOf filter={{ customerId: id }} />
      {mayWrite && !data.mergedIntoId && <MergeCustomers target={data} />}
      <CustomerHistory id={id} />
    </main>
  );
}

function BackToCustomers() {
  const { t } = useTranslation();
  return (
    <a className="back-link" href="/customers" onClick={linkHandler('/customers')}>
      ← {t('people.allCustomers')}
    </a>
  );
}

function CustomerFacts({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  return (
    <section className="card people-section" aria-labelledby="customer-facts-heading">
      <h2 id="customer-facts-heading">{t('people.details')}</h2>
      <dl className="facts">
        <dt>{t('people.identities')}</dt>
        <dd>
          {customer.identities.length === 0 ? (
            <span className="muted">{t('people.noIdentities')}</span>
          ) : (
            <ul className="identities" data-testid="customer-identities">
              {customer.identities.map((identity) => (
                <li key={identity.id}>
                  <span className="chip">{t(`channel.${identity.kind}`, { defaultValue: identity.kind })}</span> <span className="identity-value">{identity.value}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('people.organization')}</dt>
        <dd data-testid="customer-organization">
          {customer.organization ? (
            <a href={organizationPath(customer.organization)} onClick={linkHandler(organizationPath(customer.organization))}>
              {customer.organization.name}
            </a>
          ) : (
            <span className="muted">{t('people.none')}</span>
          )}
        </dd>
        <dt>{t('people.language')}</dt>
        <dd>{customer.language ? t(`language.${customer.language}`, { defaultValue: customer.language }) : <span className="muted">{t('people.none')}</span>}</dd>
        <dt>{t('people.notes')}</dt>
        <dd className="notes">{customer.notes || <span className="muted">{t('people.none')}</span>}</dd>
      </dl>
    </section>
  );
}

const first = (customer: CustomerDetail, kind: string) => customer.identities.find((identity) => identity.kind === kind);

/** What the form changes, as the API takes it: an email or phone replaced is one identity removed and one added. */
export function customerChanges(customer: CustomerDetail, form: { name: string; email: string; phone: string; language: string; organizationId: string; notes: string }): CustomerChanges {
  const changes: CustomerChanges = {};
  if (form.name.trim() !== (customer.name ?? '')) changes.name = form.name.trim();
  const language = form.language || null;
  if (language !== customer.language) changes.language = language;
  const organizationId = form.organizationId ? Number(form.organizationId) : null;
  if (organizationId !== customer.organizationId) changes.organizationId = organizationId;
  if (form.notes !== (customer.notes ?? '')) changes.notes = form.notes;
  for (const kind of ['email', 'phone'] as const) {
    const before = first(customer, kind);
    const value = form[kind].trim();
    if ((before?.value ?? '') === value) continue;
    if (before) changes.removeIdentityIds = [...(changes.removeIdentityIds ?? []), before.id];
    if (value) changes.addIdentities = [...(changes.addIdentities ?? []), { kind, value }];
  }
  return changes;
}

function CustomerForm({ customer, onDone }: { customer: CustomerDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveCustomer(customer.id);
  const organizations = useOrganizationList('');
  const [form, setForm] = useState({
    name: customer.name ?? '',
    email: first(customer, 'email')?.value ?? '',
    phone: first(customer, 'phone')?.value ?? '',
    language: customer.language ?? '',
    organizationId: customer.organizationId ? String(customer.organizationId) : '',
    notes: customer.notes ?? '',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const options = organizations.data?.pages.flatMap((page) => page.items) ?? [];
  if (customer.organization && !options.some((org) => org.id === customer.organization!.id)) options.unshift({ ...customer.organization, createdAt: '' });
  const languages: string[] = [...locales, ...(customer.language && !(locales as readonly string[]).includes(customer.language) ? [customer.language] : [])];
  return (
    <form
      className="card people-section customer-form"
      aria-labelledby="customer-form-heading"
      onSubmit={(e) => {
        e.preventDefault();
        const changes = customerChanges(customer, form);
        if (Object.keys(changes).length === 0) return onDone();
        save.mutate(changes, { onSuccess: onDone });
      }}
    >
      <h2 id="customer-form-heading">{t('people.editCustomer')}</h2>
      <label className="field">
        <span>{t('people.name')}</span>
        <input type="text" value={form.name} onChange={set('name')} maxLength={200} name="name" />
      </label>
      <label className="field">
        <span>{t('channel.email')}</span>
        <input type="email" value={form.email} onChange={set('email')} maxLength={320} name="email" />
      </label>
      <label className="field">
        <span>{t('channel.phone')}</span>
        <input type="tel" value={form.phone} onChange={set('phone')} maxLength={40} name="phone" />
      </label>
      <label className="field">
        <span>{t('people.language')}</span>
        <select value={form.language} onChange={set('language')} name="language">
          <option value="">{t('people.none')}</option>
          {languages.map((code) => (
            <option key={code} value={code}>
              {t(`language.${code}`, { defaultValue: code })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('people.organization')}</span>
        <select value={form.organizationId} onChange={set('organizationId')} name="organizationId">
          <option value="">{t('people.none')}</option>
          {options.map((org) => (
            <option key={org.id} value={org.id}>
              {org.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('people.notes')}</span>
        <textarea value={form.notes} onChange={set('notes')} maxLength={10_000} rows={3} name="notes" />
      </label>
      <div className="form-actions">
        <button className="button primary" type="submit" disabled={save.isPending}>
          {t('people.save')}
        </button>
        <button className="button" type="button" onClick={onDone}>
          {t('people.cancel')}
        </button>
        {save.isError && <span className="form-error" role="alert">{errorText(save.error, t)}</span>}
      </div>
    </form>
  );
}
