import { describe, expect, it } from 'vitest';
import { beforeFold, inlineImages } from './mail';

describe('beforeFold', () => {
  const text = 'Thanks, that works.\n\nOn Mon, 2 Nov 2026 at 10:00, Acme Support <support@acme.test> wrote:\n> Try again';
  it('keeps what comes before the quoted history', () => {
    expect(beforeFold(text, text.indexOf('On Mon'))).toBe('Thanks, that works.');
  });
  it('shows everything without a fold, or with one that would hide everything or nothing', () => {
    expect(beforeFold(text, null)).toBe(text);
    expect(beforeFold(text, undefined)).toBe(text);
    expect(beforeFold(text, 0)).toBe(text);
    expect(beforeFold(text, text.length)).toBe(text);
  });
});

describe('inlineImages', () => {
  const files = [
    { contentId: '<logo@acme>', url: '/api/v1/attachments/7/content' },
    { contentId: 'chart.png@01D', url: '/api/v1/attachments/8/content?a=1&b=2' },
    { contentId: null, url: '/api/v1/attachments/9/content' },
  ];
  it('points cid: references at the matching attachment', () => {
    expect(inlineImages('<p><img src="cid:logo@acme" alt="Logo"></p>', files)).toBe('<p><img src="/api/v1/attachments/7/content" alt="Logo"></p>');
    expect(inlineImages("<img src='cid:CHART.png@01D'>", files)).toBe('<img src="/api/v1/attachments/8/content?a=1&amp;b=2">');
    expect(inlineImages('<img src=cid:logo%40acme>', files)).toBe('<img src="/api/v1/attachments/7/content">');
  });
  it('leaves unknown references and other html alone', () => {
    const html = '<img src="cid:missing@x"><a href="https://example.com/cid:logo@acme">x</a> cid:logo@acme';
    expect(inlineImages(html, files)).toBe(html);
    expect(inlineImages('<p>no images</p>', files)).toBe('<p>no images</p>');
  });
});
