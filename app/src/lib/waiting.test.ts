import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { ka } from '../i18n/ka';
import { waitOf, waitText } from './waiting';

const now = new Date('2026-11-25T12:00:00Z');
const open = (since: string | null, status = 'open') => ({ status, customerWaitingSince: since });

describe('waiting time', () => {
  it('counts whole minutes, then hours, then days', () => {
    expect(waitOf(open('2026-11-25T11:59:40Z'), now)).toEqual({ count: 0, unit: 'minute', long: false });
    expect(waitOf(open('2026-11-25T11:35:00Z'), now)).toEqual({ count: 25, unit: 'minute', long: false });
    expect(waitOf(open('2026-11-25T10:00:00Z'), now)).toEqual({ count: 2, unit: 'hour', long: false });
    expect(waitOf(open('2026-11-25T07:30:00Z'), now)).toEqual({ count: 4, unit: 'hour', long: true });
    expect(waitOf(open('2026-11-24T00:00:00Z'), now)).toEqual({ count: 36, unit: 'hour', long: true });
    expect(waitOf(open('2026-11-20T11:00:00Z'), now)).toEqual({ count: 5, unit: 'day', long: true });
  });

  it('says nothing when nobody waits: answered, solved, closed, or a bad date', () => {
    expect(waitOf(open(null), now)).toBeNull();
    expect(waitOf(open('2026-11-25T10:00:00Z', 'solved'), now)).toBeNull();
    expect(waitOf(open('2026-11-25T10:00:00Z', 'closed'), now)).toBeNull();
    expect(waitOf(open('yesterday'), now)).toBeNull();
  });

  it('a clock a little behind the server never says a negative wait', () => {
    expect(waitOf(open('2026-11-25T12:00:30Z'), now)).toEqual({ count: 0, unit: 'minute', long: false });
  });

  it('reads in every language', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru }, ka: { translation: ka } }, lng: 'en' });
    const say = (lng: string, since: string) => {
      const { key, count } = waitText(waitOf(open(since), now)!);
      return i18n.getFixedT(lng)(key, { count });
    };
    expect(say('en', '2026-11-25T10:00:00Z')).toBe('waiting 2 h');
    expect(say('en', '2026-11-25T11:59:50Z')).toBe('waiting < 1 min');
    expect(say('en', '2026-11-20T11:00:00Z')).toBe('waiting 5 d');
    expect(say('ru', '2026-11-25T10:00:00Z')).toBe('ждёт 2 ч');
    expect(say('ru', '2026-11-25T11:35:00Z')).toBe('ждёт 25 мин');
    expect(say('ka', '2026-11-25T10:00:00Z')).toBe('ელოდება 2 სთ');
  });
});
