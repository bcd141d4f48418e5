import { describe, expect, it } from 'vitest';
import { parsePortalRoute, tokenOf } from './portal-app';

describe('portal addresses', () => {
  it('names the portal screens, anything else is the list', () => {
    expect(parsePortalRoute('/portal')).toEqual({ name: 'list' });
    expect(parsePortalRoute('/portal/new')).toEqual({ name: 'new' });
    expect(parsePortalRoute('/portal/tickets/1042?x=1')).toEqual({ name: 'ticket', number: 1042 });
    expect(parsePortalRoute('/portal/tickets/abc')).toEqual({ name: 'list' });
    expect(parsePortalRoute('/portal/sign-in')).toEqual({ name: 'sign-in' });
  });

  it('reads the sign-in token from the fragment only, and only its characters', () => {
    expect(tokenOf('#token=fll_abc-DEF_123')).toBe('fll_abc-DEF_123');
    expect(tokenOf('#x=1&token=fll_z')).toBe('fll_z');
    expect(tokenOf('#token=')).toBeNull();
    expect(tokenOf('')).toBeNull();
    expect(tokenOf('#token=fll_a"><script>')).toBe('fll_a');
  });
});
