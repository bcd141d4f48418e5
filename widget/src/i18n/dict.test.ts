import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickLocale, siteText, translator } from './dict.ts';

describe('dictionary', () => {
  it('picks en, ru or ka from the browser language, English otherwise', () => {
    assert.equal(pickLocale('ru-RU'), 'ru');
    assert.equal(pickLocale('ka'), 'ka');
    assert.equal(pickLocale('de-DE'), 'en');
    assert.equal(pickLocale(undefined), 'en');
  });
  it('fills placeholders in each language', () => {
    assert.equal(translator('en')('typing', { name: 'Nino' }), 'Nino is typing…');
    assert.equal(translator('ru')('typing', { name: 'Нино' }), 'Нино печатает…');
    assert.equal(translator('ka')('typing', { name: 'ნინო' }), 'ნინო წერს…');
  });
  it('a site text in the visitor language wins, English is the fallback', () => {
    assert.equal(siteText({ en: 'Hi', ru: 'Привет' }, 'ru'), 'Привет');
    assert.equal(siteText({ en: 'Hi' }, 'ka'), 'Hi');
    assert.equal(siteText({}, 'ka'), undefined);
  });
});
