// widget.js: reads data-site from its own <script>, finds the help desk from its src, draws only the
// launcher inside a shadow root and loads panel.js on the first click (or at once when the visitor has
// an open conversation or unsent messages).

import { readSiteConfig } from '../core/site.ts';
import { storagePrefix } from '../core/storage.ts';
import { pickLocale } from '../i18n/dict.ts';
import type { MountOptions, PanelHandle } from './contract.ts';

const LABELS = { en: 'Open chat', ru: 'Открыть чат', ka: 'ჩატის გახსნა' } as const;

const LAUNCHER_CSS = `
:host{all:initial}
.fl-launcher{position:fixed;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;
cursor:pointer;color:#fff;background:var(--fl-color);box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.fl-launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}
.fl-launcher svg{width:28px;height:28px;fill:currentColor}
.fl-right{right:20px}.fl-left{left:20px}`;

const ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.site) return current;
  const all = document.querySelectorAll<HTMLScriptElement>('script[data-site][src*="widget.js"]');
  return all[all.length - 1] ?? null;
}

/** The help desk's address: the loader's src without its file name (`…/widget.js`). */
function baseOf(src: string): string {
  const url = new URL(src, location.href);
  return url.origin + url.pathname.replace(/\/[^/]*$/, '');
}

function hasWaitingWork(siteKey: string): boolean {
  try {
    const prefix = storagePrefix(siteKey);
    if (localStorage.getItem(prefix + 'active') === '1') return true;
    const outbox = JSON.parse(localStorage.getItem(prefix + 'outbox') ?? '[]') as unknown;
    return Array.isArray(outbox) && outbox.length > 0;
  } catch {
    return false;
  }
}

function loadPanel(baseUrl: string): Promise<void> {
  if (window.__frontlineWidget) return Promise.resolve();
  const src = `${baseUrl}/widget/panel.js`;
  // Two sites' loaders on one page share one panel script.
  let script = document.querySelector<HTMLScriptElement>(`script[data-frontline-panel="${CSS.escape(src)}"]`);
  if (!script) {
    script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.dataset.frontlinePanel = src;
    document.head.appendChild(script);
  }
  const s = script;
  return new Promise((resolve, reject) => {
    s.addEventListener('load', () => resolve(), { once: true });
    s.addEventListener('error', () => reject(new Error('panel.js did not load')), { once: true });
  });
}

async function start(script: HTMLScriptElement | null): Promise<void> {
  const siteKey = script?.dataset.site ?? '';
  if (!script || !/^[A-Za-z0-9_-]{4,100}$/.test(siteKey)) return;
  const baseUrl = baseOf(script.src);
  const res = await fetch(`${baseUrl}/api/v1/chat/sites/${encodeURIComponent(siteKey)}`);
  if (!res.ok) return;
  const config = readSiteConfig(await res.json(), siteKey);

  const host = document.createElement('frontline-chat');
  host.dataset.site = siteKey;
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = LAUNCHER_CSS;
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = `fl-launcher fl-${config.position}`;
  launcher.style.setProperty('--fl-color', config.color);
  launcher.setAttribute('aria-label', LABELS[pickLocale(navigator.language)]);
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.innerHTML = ICON;
  root.append(style, launcher);
  document.body.appendChild(host);

  let handle: PanelHandle | null = null;
  let loading: Promise<void> | null = null;
  // A click while the panel loads in the background must still open it once it is there.
  let wantOpen = false;
  const mount = (open: boolean) => {
    wantOpen ||= open;
    loading ??= loadPanel(baseUrl).then(() => {
      const options: MountOptions = { root, launcher, baseUrl, config, open: wantOpen };
      handle = window.__frontlineWidget?.mount(options) ?? null;
    });
    loading.catch(() => {
      loading = null; // the next click tries again
    });
    return loading;
  };
  launcher.addEventListener('click', () => {
    if (handle) handle.toggle();
    else void mount(true);
  });
  if (hasWaitingWork(siteKey)) void mount(false);
}

// currentScript is set only while this file runs, so it is taken now, before any wait.
const SCRIPT = ownScript();
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => void start(SCRIPT).catch(() => {}), { once: true });
} else {
  void start(SCRIPT).catch(() => {});
}
