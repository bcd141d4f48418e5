// Desk settings (supervisors and admins): when a waiting customer's ticket goes on the Unanswered board.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskSettings, useSaveDeskSettings } from '../api/desk-settings';
import { ScreenHeading } from '../a11y/screen-title';
import { ErrorState, LoadingState, errorText } from '../ui/states';

const MAX_MINUTES = 7 * 24 * 60;

export function DeskSettingsPage() {
  const { t } = useTranslation();
  const settings = useDeskSettings();
  const save = useSaveDeskSettings();
  const [minutes, setMinutes] = useState('');
  useEffect(() => {
    if (settings.data) setMinutes(String(settings.data.unansweredAfterMinutes));
  }, [settings.data]);
  const value = Number(minutes);
  const valid = Number.isInteger(value) && value >= 1 && value <= MAX_MINUTES;

  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('desk.title')} />
      </div>
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form
          className="admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) save.mutate({ unansweredAfterMinutes: value });
          }}
        >
          <label className="field">
            <span>{t('desk.unansweredAfter')}</span>
            <input
              type="number"
              name="unansweredAfterMinutes"
              min={1}
              max={MAX_MINUTES}
              step={1}
              required
              value={minutes}
              aria-describedby="unanswered-after-hint"
              aria-invalid={!valid}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
          <p className="hint" id="unanswered-after-hint">
            {t('desk.unansweredAfterHint')}
          </p>
          <div className="form-actions">
            <button className="button primary" type="submit" disabled={!valid || save.isPending}>
              {t('desk.save')}
            </button>
            {save.isSuccess && !save.isPending && (
              <span className="hint" role="status">
                {t('desk.saved')}
              </span>
            )}
            {save.isError && (
              <span className="form-error" role="alert">
                {errorText(save.error, t)}
              </span>
            )}
          </div>
        </form>
      )}
    </main>
  );
}
