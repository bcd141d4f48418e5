// @vitest-environment jsdom
// A screen moves focus (to its heading, or to the row the agent came back to) only while nobody
// else has it: an agent who clicked the search box while the list loaded keeps typing there.
import { beforeEach, describe, expect, it } from 'vitest';
import { focusIsFree } from './screen-title';

describe('focusIsFree', () => {
  let screen: HTMLElement;
  let heading: HTMLElement;
  beforeEach(() => {
    document.body.innerHTML = '<nav><a id="all" href="/views/all">All</a></nav><main id="main"><h1 tabindex="-1">All</h1><input id="search"></main>';
    screen = document.getElementById('main')!;
    heading = screen.querySelector('h1')!;
  });

  it('is free on the body, on the heading and outside the screen', () => {
    (document.activeElement as HTMLElement | null)?.blur();
    expect(focusIsFree(screen, heading)).toBe(true);
    heading.focus();
    expect(focusIsFree(screen, heading)).toBe(true);
    document.getElementById('all')!.focus();
    expect(focusIsFree(screen, heading)).toBe(true);
  });

  it('is taken once the agent is in a field of the screen', () => {
    document.getElementById('search')!.focus();
    expect(document.activeElement?.id).toBe('search');
    expect(focusIsFree(screen, heading)).toBe(false);
  });
});
