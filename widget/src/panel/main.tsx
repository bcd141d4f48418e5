// panel.js: registers the chat panel on window.__frontlineWidget; the loader calls mount() with its
// shadow root, launcher and the site's config. One ChatClient per site.

import { render } from 'preact';
import { httpApi } from '../core/api.ts';
import { ChatClient, type SocketLike } from '../core/client.ts';
import { browserStore, MemoryStore, SiteStore } from '../core/storage.ts';
import { realTimers } from '../core/timers.ts';
import { pickLocale, translator } from '../i18n/dict.ts';
import { PANEL_GLOBAL, type MountOptions, type PanelHandle, type PanelModule } from '../loader/contract.ts';
import { Panel } from './panel.tsx';
import { PANEL_CSS } from './styles.ts';

function mount(options: MountOptions): PanelHandle {
  const { root, launcher, baseUrl, config } = options;
  const store = new SiteStore(browserStore() ?? new MemoryStore(), config.key);
  const api = httpApi(baseUrl, config.key);
  const client = new ChatClient({
    wsUrl: `${baseUrl.replace(/^http/, 'ws')}/api/v1/chat/live`,
    store,
    api,
    // The browser's WebSocket is a SocketLike; only its handlers' event types are wider.
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    timers: realTimers,
  });
  const locale = pickLocale(navigator.language);
  const t = translator(locale);

  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const container = document.createElement('div');
  root.append(style, container);

  let isOpen = false;
  const draw = () =>
    render(
      <Panel client={client} api={api} config={config} locale={locale} t={t} open={isOpen} onClose={() => setOpen(false, true)} />,
      container,
    );
  const setOpen = (open: boolean, focusLauncher = false) => {
    isOpen = open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', t(open ? 'closeChat' : 'openChat'));
    draw();
    if (!open && focusLauncher) launcher.focus();
  };

  const resume = () => {
    if (document.visibilityState === 'visible') client.resume();
  };
  document.addEventListener('visibilitychange', resume);
  window.addEventListener('online', () => client.resume());
  window.addEventListener('focus', resume);

  setOpen(options.open);
  client.start().catch(() => draw());
  return { toggle: () => setOpen(!isOpen, isOpen) };
}

const module: PanelModule = { mount };
window[PANEL_GLOBAL] = module;
