// The site's public config (GET /api/v1/chat/sites/:key), read strictly: the colour goes into CSS, so
// only plain colour syntax passes; everything else has a safe default.

import type { Locale } from '../i18n/dict.ts';

export interface SiteTopic {
  id: string;
  label: Partial<Record<Locale, string>>;
}

export interface SiteConfig {
  key: string;
  name: string;
  color: string;
  position: 'right' | 'left';
  texts: Partial<Record<Locale, { greeting?: string; offline?: string }>>;
  topics: SiteTopic[];
  askEmail: 'never' | 'offline' | 'always';
  maxFileBytes: number;
  availability: { open: boolean; reason: 'open' | 'closed' | 'nobody_online' };
}

export const DEFAULT_COLOR = '#2563eb';
const COLOR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-z]{3,20})$/i;
const LOCALES: Locale[] = ['en', 'ru', 'ka'];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined);

export function readSiteConfig(body: unknown, siteKey: string): SiteConfig {
  const root = obj(body);
  const site = obj(root.site);
  const availability = obj(root.availability);
  const texts: SiteConfig['texts'] = {};
  for (const locale of LOCALES) {
    const t = obj(obj(site.texts)[locale]);
    const greeting = text(t.greeting, 1000);
    const offline = text(t.offline, 1000);
    if (greeting || offline) texts[locale] = { ...(greeting ? { greeting } : {}), ...(offline ? { offline } : {}) };
  }
  const topics = (Array.isArray(site.topics) ? site.topics : []).slice(0, 50).flatMap((raw): SiteTopic[] => {
    const t = obj(raw);
    const id = text(t.id, 100);
    if (!id) return [];
    const label: SiteTopic['label'] = {};
    for (const locale of LOCALES) {
      const l = text(obj(t.label)[locale], 200);
      if (l) label[locale] = l;
    }
    return [{ id, label }];
  });
  const color = typeof site.color === 'string' && COLOR.test(site.color.trim()) ? site.color.trim() : DEFAULT_COLOR;
  const askEmail = site.askEmail === 'always' || site.askEmail === 'offline' ? site.askEmail : 'never';
  const maxFileBytes = typeof site.maxFileBytes === 'number' && site.maxFileBytes > 0 ? site.maxFileBytes : 10 * 1024 * 1024;
  const reason = availability.reason === 'closed' || availability.reason === 'nobody_online' ? availability.reason : 'open';
  return {
    key: siteKey,
    name: text(site.name, 200) ?? '',
    color,
    position: site.position === 'left' ? 'left' : 'right',
    texts,
    topics,
    askEmail,
    maxFileBytes,
    availability: { open: availability.open !== false, reason: availability.open === false && reason === 'open' ? 'closed' : reason },
  };
}
