import { describe, expect, it } from 'vitest';
import { browserTimeZone, timeZoneChoices } from './time-zone';

describe('time zones', () => {
  it('takes the browser\'s zone when it is a real one', () => {
    expect(browserTimeZone(() => 'Asia/Tbilisi')).toBe('Asia/Tbilisi');
    expect(browserTimeZone(() => 'Europe/Moscow')).toBe('Europe/Moscow');
  });

  it('gives none for a missing, broken or made-up zone, so nothing wrong is saved', () => {
    expect(browserTimeZone(() => undefined)).toBeNull();
    expect(browserTimeZone(() => 'Mars/Olympus')).toBeNull();
    expect(browserTimeZone(() => 'x'.repeat(101))).toBeNull();
    expect(browserTimeZone(() => {
      throw new Error('no Intl');
    })).toBeNull();
  });

  it('lists the known zones with the current one first when missing', () => {
    expect(timeZoneChoices('UTC', () => ['Asia/Tbilisi', 'UTC'])).toEqual(['Asia/Tbilisi', 'UTC']);
    expect(timeZoneChoices('Etc/GMT-4', () => ['Asia/Tbilisi'])).toEqual(['Etc/GMT-4', 'Asia/Tbilisi']);
    expect(timeZoneChoices('UTC', () => undefined)).toEqual(['UTC']);
  });
});
