// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { beforeFold, foldHtml, hardenHtml, inlineImages, messageDocument } from './mail';

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
  it('changes only img src values: a cid: written inside another attribute stays inside it', () => {
    // As sanitize-html stores it: the alt is one attribute value holding text that looks like markup.
    const html = '<img alt=" src=cid:logo@acme onerror=top.__xss(1) style=position:fixed;inset:0 " src="cid:logo@acme" />';
    const shown = inlineImages(html, files);
    const image = new DOMParser().parseFromString(shown, 'text/html').querySelector('img')!;
    expect(image.getAttributeNames().sort()).toEqual(['alt', 'src']);
    expect(image.getAttribute('alt')).toBe(' src=cid:logo@acme onerror=top.__xss(1) style=position:fixed;inset:0 ');
    expect(image.getAttribute('src')).toBe('/api/v1/attachments/7/content');
    for (const trap of ['<a title=" src=cid:logo@acme onmouseover=x()" href="https://a.test/">x</a>', '<p title="<img src=cid:logo@acme onerror=x()>">t</p>', '<p>text src=cid:logo@acme onerror=x()</p>']) {
      const tree = new DOMParser().parseFromString(inlineImages(trap, files), 'text/html');
      expect(tree.querySelectorAll('[onerror], [onmouseover], img').length).toBe(0);
      expect(tree.body.innerHTML).toBe(new DOMParser().parseFromString(trap, 'text/html').body.innerHTML);
    }
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
  it('cuts the tree, not the string: a marker-like text inside an attribute is not a cut point', () => {
    const plain = 'Fine.\n\nOn Mon someone wrote:\n> old\n';
    // Valid HTML with a raw ">" in a value: a string scan takes the rest of the value for text.
    const html = '<p title="a>On Mon someone wrote: <img src=x onerror=alert(1)>">Fine.</p><div>On Mon someone wrote:<blockquote>old</blockquote></div>';
    const folded = foldHtml(html, plain, plain.indexOf('On Mon'))!;
    const tree = new DOMParser().parseFromString(folded, 'text/html');
    expect(tree.querySelectorAll('img, [onerror]').length).toBe(0);
    expect(tree.querySelector('p')!.getAttribute('title')).toBe('a>On Mon someone wrote: <img src=x onerror=alert(1)>');
    expect(tree.body.textContent).toBe('Fine.');
  });
  it('gives up (null) without a fold, or when the HTML does not hold the text that starts it', () => {
    expect(foldHtml('<p>Thanks</p>', text, null)).toBeNull();
    expect(foldHtml('<p>Thanks, that works.</p><p>Something else entirely</p>', text, foldAt)).toBeNull();
  });
});

describe('hardenHtml', () => {
  it('keeps links to web, mail and phone, opening in a new tab without a referrer; drops other schemes however written', () => {
    const shown = hardenHtml('<a href="https://a.test/x">a</a><a href="mailto:x@a.test" target="_top">m</a><a href="jav&#x09;ascript:top.__xss(1)">j</a><a href=" JAVASCRIPT:x()">J</a><a href="data:text/html,x">d</a><a href="vbscript:x">v</a>');
    const links = [...new DOMParser().parseFromString(shown, 'text/html').querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://a.test/x', 'mailto:x@a.test', null, null, null, null]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    }
  });
  it('removes handler attributes and keeps only inline images (data:image, cid:, this server)', () => {
    const shown = hardenHtml(`<p onclick="x()" OnMouseOver="y()">t</p><img src="https://tracker.test/p.gif"><img src="data:image/png;base64,AAAA"><img src="data:text/html,x"><img src="${location.origin}/api/v1/attachments/1/content"><img src="/api/v1/attachments/2/content" srcset="https://t.test/a 2x">`);
    const tree = new DOMParser().parseFromString(shown, 'text/html');
    expect(tree.querySelector('p')!.getAttributeNames()).toEqual([]);
    expect([...tree.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([null, 'data:image/png;base64,AAAA', null, `${location.origin}/api/v1/attachments/1/content`, '/api/v1/attachments/2/content']);
    expect(tree.querySelector('[srcset]')).toBeNull();
  });
});

describe('hardenHtml on what an older sanitizer may have stored', () => {
  it('drops elements that act on the page or fetch, and styles that load', () => {
    const shown = hardenHtml('<meta http-equiv="refresh" content="0;url=https://phish.test/"><base href="https://phish.test/"><link rel="stylesheet" href="/x.css"><style>*{position:fixed}</style><script>x()</script><iframe src="https://a.test/"></iframe><object data="x"></object><form action="https://phish.test/"><input></form><p style="background:url(/beacon)">a</p><p style="color:red">b</p>');
    expect(shown).toBe('<p>a</p><p style="color:red">b</p>');
  });
});

describe('messageDocument', () => {
  it('wraps the message in a document with its own CSP, links to new tabs, and the body as given', () => {
    const doc = new DOMParser().parseFromString(messageDocument('<p>Hello <b>there</b></p>'), 'text/html');
    expect(doc.querySelector('meta[http-equiv=Content-Security-Policy]')!.getAttribute('content')).toContain("default-src 'none'");
    expect(doc.querySelector('base')!.getAttribute('target')).toBe('_blank');
    expect(doc.body.innerHTML).toBe('<p>Hello <b>there</b></p>');
  });
});
