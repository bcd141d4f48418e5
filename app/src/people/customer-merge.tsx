// Merging another customer into this one: find them, confirm, see the result.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerMatches, useMergeCustomers, type CustomerDetail, type CustomerSummary } from '../api/people';
import { CustomerPicker, customerLabel } from '../ui/customer-picker';
import { errorText } from '../ui/states';

export function MergeCustomers({ target }: { target: CustomerDetail }) {
  const { t } = useTranslation();
  const merge = useMergeCustomers(target.id);
  const matches = useCustomerMatches(target.id);
  const [source, setSource] = useState<CustomerSummary | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="card people-section" aria-labelledby="merge-customers-heading">
      <h2 id="merge-customers-heading">{t('people.mergeTitle')}</h2>
      <p className="hint">{t('people.mergeHint', { name: customerLabel(target) })}</p>
      {done && (
        <p className="saved" role="status" data-testid="merge-result">
          {t('people.mergedResult', { source: done, target: customerLabel(target) })}
        </p>
      )}
      {source ? (
        <div className="confirm" role="group" aria-labelledby="merge-confirm-text">
          <p id="merge-confirm-text">
            {t('people.mergeConfirm', { source: customerLabel(source), target: customerLabel(target), identities: source.identities.map((identity) => identity.value).join(', ') || '—' })}
          </p>
          <div className="form-actions">
            <button
              className="button primary"
              disabled={merge.isPending}
              onClick={() =>
                merge.mutate(source.id, {
                  onSuccess: () => {
                    setDone(customerLabel(source));
                    setSource(null);
                  },
                })
              }
            >
              {t('people.mergeDo')}
            </button>
            <button className="button" onClick={() => setSource(null)}>
              {t('people.cancel')}
            </button>
          </div>
          {merge.isError && <p className="form-error" role="alert">{errorText(merge.error, t)}</p>}
        </div>
      ) : (
        <>
          {!!matches.data?.length && (
            <div className="customer-matches" data-testid="customer-matches">
              <h3>{t('people.matchesTitle')}</h3>
              <ul className="plain-list">
                {matches.data.map((match) => (
                  <li key={match.id}>
                    <span>
                      {customerLabel(match)} <span className="chip">{t(`people.matchReason.${match.reason}`)}</span> <span className="muted small">{match.identities.map((identity) => identity.value).join(', ')}</span>
                    </span>{' '}
                    <button
                      className="button small"
                      onClick={() => {
                        merge.reset();
                        setDone(null);
                        setSource(match);
                      }}
                    >
                      {t('people.matchPick', { name: customerLabel(match) })}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <CustomerPicker
          label={t('people.mergePick')}
          excludeId={target.id}
          onPick={(picked) => {
            merge.reset();
            setDone(null);
            setSource(picked);
          }}
        />
        </>
      )}
    </section>
  );
}
