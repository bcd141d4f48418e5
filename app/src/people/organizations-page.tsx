// Organizations: search by name or domain, create one; each opens its page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationList, useSaveOrganization } from '../api/people';
import { useSession } from '../auth/session';
import { linkHandler, navigate, organizationPath } from '../lib/router';
import { useDebounced } from '../ui/customer-picker';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { MoreButton } from './more-button';

export function OrganizationsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const organizations = useOrganizationList(q);
  const items = organizations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <main className="admin-page people-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <h1>{t('people.organizationsTitle')}</h1>
      </div>
      {me.role !== 'light_agent' && <NewOrganization />}
      <label className="field">
        <span>{t('people.searchOrganizations')}</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} data-testid="organization-search" />
      </label>
      {organizations.isPending ? (
        <LoadingState />
      ) : organizations.isError ? (
        <ErrorState error={organizations.error} onRetry={() => void organizations.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('people.noOrganizations')} />
      ) : (
        <>
          <ul className="card-list people-list" aria-label={t('people.organizationsTitle')}>
            {items.map((org) => (
              <li key={org.id} className="card people-row" data-organization-id={org.id}>
                <a href={organizationPath(org)} onClick={linkHandler(organizationPath(org))} className="people-name">
                  {org.name}
                </a>
                {org.domain && <span className="muted small">{org.domain}</span>}
              </li>
            ))}
          </ul>
          <MoreButton query={organizations} />
        </>
      )}
    </main>
  );
}

function NewOrganization() {
  const { t } = useTranslation();
  const save = useSaveOrganization();
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        save.mutate({ name: name.trim(), domain: domain.trim() || null }, { onSuccess: (org) => navigate(organizationPath(org)) });
      }}
    >
      <label className="field inline">
        <span>{t('people.name')}</span>
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </label>
      <label className="field inline">
        <span>{t('people.domain')}</span>
        <input type="text" value={domain} onChange={(e) => setDomain(e.target.value)} maxLength={253} placeholder="example.com" />
      </label>
      <button className="button primary" type="submit" disabled={!name.trim() || save.isPending}>
        {t('people.newOrganization')}
      </button>
      {save.isError && <span className="form-error" role="alert">{errorText(save.error, t)}</span>}
    </form>
  );
}
