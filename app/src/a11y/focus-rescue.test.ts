// @vitest-environment jsdom
// The focus rescuer: a button blurred because it turned disabled hands focus to the screen's
// rescuer even when it is enabled again before anything else changes (the bulk bar's Solve).
import { describe, expect, it } from 'vitest';
import { act, createElement, useCallback } from 'react';
import { createRoot } from 'react-dom/client';
import { useFocusRescue, useFocusRescuer } from './focus-rescue';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Screen() {
  useFocusRescue();
  const rescue = useCallback(() => {
    document.getElementById('row')?.focus();
    return true;
  }, []);
  useFocusRescuer(rescue);
  return createElement('main', { id: 'main' }, createElement('h1', null, 'Inbox'), createElement('a', { id: 'row', href: '#row' }, 'Row'), createElement('button', { id: 'solve' }, 'Solve'));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function mount() {
  document.body.innerHTML = '<div id="root"></div>';
  const root = createRoot(document.getElementById('root')!);
  await act(async () => root.render(createElement(Screen)));
  return root;
}

describe('focus rescue', () => {
  it('takes focus from a button blurred while disabled and enabled again', async () => {
    const root = await mount();
    const button = document.getElementById('solve') as HTMLButtonElement;
    button.focus();
    button.disabled = true;
    await settle();
    // The browser blurs the disabled button at its next rendering step (jsdom cannot blur a
    // disabled element, so the event is sent by hand); the button is enabled again and loses focus.
    button.dispatchEvent(new FocusEvent('focusout', { bubbles: true, relatedTarget: null }));
    button.disabled = false;
    button.blur();
    await settle();
    expect(document.activeElement?.id).toBe('row');
    root.unmount();
  });

  it('leaves focus alone when the person moved it to the page on purpose', async () => {
    const root = await mount();
    const button = document.getElementById('solve') as HTMLButtonElement;
    button.focus();
    button.blur();
    await settle();
    expect(document.activeElement).toBe(document.body);
    root.unmount();
  });

  it('takes focus from an element that left the page', async () => {
    const root = await mount();
    const button = document.getElementById('solve') as HTMLButtonElement;
    button.focus();
    button.remove();
    await settle();
    expect(document.activeElement?.id).toBe('row');
    root.unmount();
  });
});
