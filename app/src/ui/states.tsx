// The three states every screen has besides its content: loading, empty and error.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export function LoadingState({ full = false, label }: { full?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`state loading ${full ? 'full' : ''}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, hint, children }: { title: string; hint?: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <p className="state-title">{title}</p>
      {hint && <p className="state-hint">{hint}</p>}
      {children}
    </div>
  );
}

export function errorText(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError && error.status === 0) return t('errors.network');
  return t('errors.generic', { message: error instanceof Error ? error.message : String(error) });
}

export function ErrorState({ error, onRetry, title, full = false }: { error: unknown; onRetry?: () => void; title?: string; full?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`state error ${full ? 'full' : ''}`} role="alert">
      {title && <p className="state-title">{title}</p>}
      <p className="state-hint">{errorText(error, t)}</p>
      {onRetry && (
        <button className="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}

/** The error in the admin's language when its code is one of `codes` (text under `${prefix}.${code}`), else as errorText says it. */
export function refusalText(error: unknown, t: (key: string, options?: Record<string, unknown>) => string, known?: { prefix: string; codes: readonly string[] }): string {
  if (known && error instanceof ApiError && known.codes.includes(error.code)) return t(`${known.prefix}.${error.code}`);
  return errorText(error, t);
}

/** What went wrong with a form's request, announced where the form is; `known`: refusals an admin can act on, in their language. */
export function FormError({ error, known }: { error: unknown; known?: { prefix: string; codes: readonly string[] } }) {
  const { t } = useTranslation();
  return (
    <p className="form-error" role="alert">
      {refusalText(error, t, known)}
    </p>
  );
}
