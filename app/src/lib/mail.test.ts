import { describe, expect, it } from 'vitest';
import { beforeFold, foldHtml, inlineImages } from './mail';

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

describe('foldHtml', () => {
  const text = 'Thanks, that works &amp; all.\n\nOn Mon, 2 Nov 2026 at 10:00, Acme Support <support@acme.test> wrote:\n> Try again\n';
  const foldAt = text.indexOf('On Mon');
  it('cuts Gmail-style HTML where the attribution begins, dropping the wrappers the cut leaves open', () => {
    const html =
      '<div dir="ltr">Thanks, <b>that</b> works &amp;amp; all.</div><br><div><div dir="ltr">On Mon, 2 Nov 2026 at 10:00, Acme Support &lt;<a href="mailto:support@acme.test">support@acme.test</a>&gt; wrote:<br></div><blockquote>Try again</blockquote></div>';
    expect(foldHtml(html, text, foldAt)).toBe('<div dir="ltr">Thanks, <b>that</b> works &amp;amp; all.</div>');
  });
  it('finds a quote that the HTML holds without the "> " of the text version', () => {
    const plain = 'Sure, tomorrow.\n\n> Can we meet?\n> Maria\n';
    expect(foldHtml('<p>Sure, tomorrow.</p><blockquote type="cite"><p>Can we meet?</p><p>Maria</p></blockquote>', plain, plain.indexOf('> Can'))).toBe('<p>Sure, tomorrow.</p>');
  });
  it('takes the occurrence nearest to where the text puts the fold', () => {
    const plain = 'Regards from me\nand more text here\n--\nRegards from me\n';
    const html = '<p>Regards from me</p><p>and more text here</p><p>--</p><p>Regards from me</p>';
    expect(foldHtml(html, plain, plain.indexOf('--'))).toBe('<p>Regards from me</p><p>and more text here</p>');
  });
  it('gives up (null) without a fold, or when the HTML does not hold the text that starts it', () => {
    expect(foldHtml('<p>Thanks</p>', text, null)).toBeNull();
    expect(foldHtml('<p>Thanks, that works.</p><p>Something else entirely</p>', text, foldAt)).toBeNull();
  });
});
