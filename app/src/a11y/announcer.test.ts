import { describe, expect, it } from 'vitest';
import { joinAnnouncements } from './announcer';

describe('announcements', () => {
  it('reads a burst as one sentence without repeats, keeping the newest', () => {
    expect(joinAnnouncements(['New ticket #1', 'New ticket #1', 'Reply sent'])).toBe('New ticket #1. Reply sent');
    expect(joinAnnouncements(['a', 'b', 'c', 'd'])).toBe('b. c. d');
    expect(joinAnnouncements(['  ', ''])).toBe('');
  });
});
