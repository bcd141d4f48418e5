import { describe, expect, it } from 'vitest';
import { georgianDateTime, georgianRelative, formatCount, formatDateTime, formatRelative, formatSize, initials, pickLocale, titleWithCount } from './format';

const now = new Date('2026-11-25T12:00:00Z');

describe('formatting', () => {
  it('shows date and time in the agent\'s time zone', () => {
    expect(formatDateTime('2026-11-25T10:05:00Z', { locale: 'en-GB', timeZone: 'Asia/Tbilisi' }, now)).toBe('25 Nov, 14:05');
    expect(formatDateTime('2026-11-25T10:05:00Z', { locale: 'en-GB', timeZone: 'UTC' }, now)).toBe('25 Nov, 10:05');
  });

  it('adds the year only for another year and survives an unknown time zone', () => {
    expect(formatDateTime('2025-01-02T10:05:00Z', { locale: 'en-GB', timeZone: 'Nowhere/Void' }, now)).toMatch(/2025/);
  });

  it('says relative times in the interface language', () => {
    expect(formatRelative('2026-11-25T11:55:00Z', { locale: 'en' }, now)).toBe('5 min. ago');
    expect(formatRelative('2026-11-25T11:59:50Z', { locale: 'en' }, now)).toBe('now');
    expect(formatRelative('2026-11-23T12:00:00Z', { locale: 'ru' }, now)).toBe('позавчера');
  });

  it('formats sizes and counts', () => {
    expect(formatSize(812, 'en')).toBe('812B');
    expect(formatSize(3.25 * 1024 * 1024, 'en')).toBe('3.3MB');
    expect(formatCount(10000, 'en', true)).toBe('10,000+');
    expect(formatCount(undefined, 'en')).toBe('');
  });

  it('puts the unanswered count in the title', () => {
    expect(titleWithCount('Frontline', 0)).toBe('Frontline');
    expect(titleWithCount('Frontline', 3)).toBe('(3) Frontline');
    expect(titleWithCount('Frontline', 250)).toBe('(99+) Frontline');
  });

  it('makes initials', () => {
    expect(initials('John Smith')).toBe('JS');
    expect(initials('ნინო')).toBe('ნ');
    expect(initials('')).toBe('?');
  });

  it('chooses the agent\'s language, else the browser\'s, else English', () => {
    const supported = ['en', 'ru', 'ka'];
    expect(pickLocale('ka', ['ru-RU'], supported)).toBe('ka');
    expect(pickLocale(null, ['de-DE', 'ru-RU'], supported)).toBe('ru');
    expect(pickLocale('fr', ['de'], supported)).toBe('en');
  });

  it('speaks Georgian even where the browser\'s Intl has no Georgian data', () => {
    expect(georgianRelative.format(0, 'second')).toBe('ახლა');
    expect(georgianRelative.format(-5, 'minute')).toBe('5 წთ წინ');
    expect(georgianRelative.format(-1, 'day')).toBe('გუშინ');
    expect(georgianRelative.format(3, 'hour')).toBe('3 საათში');
    expect(georgianDateTime(new Date('2026-11-25T10:05:00Z'), 'Asia/Tbilisi', true)).toBe('25 ნოე, 14:05');
    expect(georgianDateTime(new Date('2025-01-02T10:05:00Z'), 'UTC', false)).toBe('2 იან 2025, 10:05');
  });
});
