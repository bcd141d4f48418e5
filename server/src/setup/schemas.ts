import { Type } from '@sinclair/typebox';
import { locales } from '@frontline/shared';
import { Email, Name, Nullable, Strict, StringEnum } from '../http/schema-kit.ts';
import { MAX_UNANSWERED_AFTER_MINUTES } from './verbs.ts';

export const SetupState = Type.Object({
  needed: Type.Boolean({ description: 'True while no agent exists: the web app then shows the set-up screen.' }),
  deskName: Nullable(Type.String({ description: 'The help desk\'s name, once set up.' })),
}, { title: 'SetupState' });

export const SetupBody = Strict({
  deskName: Name({ minLength: 1, description: 'The help desk\'s name, e.g. "Acme Support".' }),
  name: Name({ minLength: 1, description: 'The admin\'s real name.' }),
  alias: Name({ minLength: 1, description: 'The name customers see on the admin\'s replies.' }),
  email: Email,
  password: Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters and hard to guess (422 weak_password otherwise).' }),
  timeZone: Type.String({ minLength: 1, maxLength: 100, description: 'An IANA zone such as Europe/Moscow, from the browser.' }),
  locale: StringEnum(locales),
});

const UnansweredAfterMinutes = Type.Integer({
  minimum: 1,
  maximum: MAX_UNANSWERED_AFTER_MINUTES,
  description: 'A customer\'s message without an agent\'s public answer for this many minutes puts its ticket on the Unanswered board (view=unanswered) and in its count.',
});

export const DeskSettings = Type.Object({ unansweredAfterMinutes: UnansweredAfterMinutes }, { title: 'DeskSettings' });

export const DeskSettingsBody = Strict({ unansweredAfterMinutes: Type.Optional(UnansweredAfterMinutes) }, { description: 'Any of the settings.' });
