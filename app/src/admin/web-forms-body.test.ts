import { describe, expect, it } from 'vitest';
import { embedSnippet, initialWebFormState, pageUrl, webFormBody } from './web-forms-page';

describe('contact form settings', () => {
  it('sends origins one per line (commas and spaces too), an empty team or mailbox as none, and only filled texts', () => {
    const state = initialWebFormState(null);
    state.name = '  Shop  ';
    state.origins = 'https://shop.example\n\n https://b.example, https://c.example ';
    state.texts.ru = { title: ' Напишите нам ', intro: '' };
    expect(webFormBody(state)).toEqual({
      name: 'Shop',
      teamId: null,
      mailboxId: null,
      allowedOrigins: ['https://shop.example', 'https://b.example', 'https://c.example'],
      texts: { en: {}, ru: { title: 'Напишите нам' }, ka: {} },
      active: true,
    });
  });

  it('the snippet frames the hosted page on this help desk, with a title that cannot break out of its attribute', () => {
    const form = { pagePath: '/forms/abc', name: 'Shop "contact" <form>' };
    expect(pageUrl(form, 'https://help.example')).toBe('https://help.example/forms/abc');
    const snippet = embedSnippet(form, 'https://help.example');
    expect(snippet).toContain('src="https://help.example/forms/abc"');
    expect(snippet).toContain('title="Shop contact form"');
  });
});
