import { describe, expect, it } from 'vitest';
import { auditActions, auditSubjects } from '@frontline/shared';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { ka } from '../i18n/ka';

const lookUp = (dictionary: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], dictionary);

describe('the audit log screen', () => {
  it('names every action and subject the server records, in every language', () => {
    for (const dictionary of [en, ru, ka]) {
      for (const action of auditActions) expect(typeof lookUp(dictionary, `audit.actions.${action}`), action).toBe('string');
      for (const subject of auditSubjects) expect(typeof lookUp(dictionary, `audit.subjects.${subject}`), subject).toBe('string');
    }
  });
});
