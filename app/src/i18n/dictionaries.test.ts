import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ka } from './ka';
import { ru } from './ru';

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function keysOf(value: unknown, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix + key.replace(pluralSuffix, '');
    if (typeof child === 'object' && child !== null) for (const k of keysOf(child, path + '.')) out.add(k);
    else out.add(path);
  }
  return out;
}

describe('dictionaries', () => {
  const reference = [...keysOf(en)].sort();
  it.each([['ru', ru], ['ka', ka]])('%s has exactly the keys of en', (_name, dictionary) => {
    expect([...keysOf(dictionary)].sort()).toEqual(reference);
  });

  it('keeps the interpolation variables of each text', () => {
    const vars = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const flat = (value: unknown, prefix = ''): [string, string][] =>
      Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k.replace(pluralSuffix, ''), v] as [string, string]] : flat(v, `${prefix}${k}.`)));
    const english = new Map(flat(en));
    for (const dictionary of [ru, ka]) {
      for (const [key, text] of flat(dictionary)) expect([key, vars(text)]).toEqual([key, vars(english.get(key) ?? '')]);
    }
  });

  it('Georgian texts are written in Georgian script', () => {
    const georgian = /[\u10D0-\u10FF]/;
    expect(georgian.test(ka.inbox.empty)).toBe(true);
    expect(georgian.test(ka.composer.send)).toBe(true);
  });
});
