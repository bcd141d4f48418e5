// What the loader (widget.js) and the panel (panel.js) agree on: the panel registers itself on a
// global, and the loader hands it the shadow root, the launcher and the site's config.

import type { SiteConfig } from '../core/site.ts';

export interface MountOptions {
  root: ShadowRoot;
  launcher: HTMLButtonElement;
  baseUrl: string;
  config: SiteConfig;
  /** Open the panel now (the visitor clicked) rather than only connect in the background. */
  open: boolean;
}

export interface PanelHandle {
  toggle(): void;
}

export interface PanelModule {
  mount(options: MountOptions): PanelHandle;
}

export const PANEL_GLOBAL = '__frontlineWidget';

declare global {
  interface Window {
    __frontlineWidget?: PanelModule;
  }
}
