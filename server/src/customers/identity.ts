// Normal forms of channel identities, so one person is found again however they typed it.
import type { IdentityKind } from '@frontline/shared';

export function normalizeIdentity(kind: IdentityKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case 'email':
      return trimmed.toLowerCase();
    case 'phone':
    case 'whatsapp': {
      const digits = trimmed.replace(/[^\d]/g, '');
      return trimmed.startsWith('+') || kind === 'whatsapp' ? `+${digits}` : digits;
    }
    case 'telegram':
    case 'vk':
      return trimmed.replace(/^@/, '').toLowerCase();
    default:
      return trimmed;
  }
}

/** An address a person typed that could be an email address (one @, a dot after it, nothing that breaks a header). */
export const EMAIL_SHAPE = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\]+$/;
