// Texts for the API's answers about accounts (passwords, sign-in locks, avatar URLs) in the
// reader's language; the strength library's own advice is appended as it comes (English).
import { ApiError } from '../api/client';
import { errorText } from './states';

type T = (key: string, options?: Record<string, unknown>) => string;

interface WeakPasswordDetails {
  minLength?: number;
  warning?: string | null;
  suggestions?: string[];
}

export function accountErrorText(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return errorText(error, t);
  switch (error.code) {
    case 'weak_password': {
      const details = (error.details ?? {}) as WeakPasswordDetails;
      if (details.minLength) return t('password.tooShort', { min: details.minLength });
      return [t('password.weak'), details.warning, ...(details.suggestions ?? [])].filter(Boolean).join(' ');
    }
    case 'invalid_password':
      return t('password.invalid');
    case 'wrong_password':
      return t('password.wrong');
    case 'account_locked':
      return t('password.locked');
    case 'current_password_needed':
      return t('password.ownInSettings');
    case 'invalid_avatar_url':
      return t('settings.avatarInvalid');
    default:
      return errorText(error, t);
  }
}
