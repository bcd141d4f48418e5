import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSearchTerms } from '@frontline/shared';

describe('reading what was typed in the search box', () => {
  test('a number, with or without #, is a ticket number', () => {
    assert.equal(parseSearchTerms('1019').ticketNumber, 1019);
    assert.equal(parseSearchTerms(' #1019 ').ticketNumber, 1019);
    assert.equal(parseSearchTerms('# 1019').ticketNumber, 1019);
    assert.equal(parseSearchTerms('1019 refund').ticketNumber, null);
    assert.equal(parseSearchTerms('1234567890123456').ticketNumber, null, 'more digits than a ticket number has');
  });

  test('a phone number is read as its digits, however it is written', () => {
    assert.equal(parseSearchTerms('+995 555 12-34-56').phoneDigits, '995555123456');
    assert.equal(parseSearchTerms('(555) 123.456').phoneDigits, '555123456');
    assert.equal(parseSearchTerms('1019').phoneDigits, null, 'four digits are a ticket number, not a phone');
    assert.equal(parseSearchTerms('#12345').phoneDigits, null, '# marks a ticket number');
    assert.equal(parseSearchTerms('call 555 1234').phoneDigits, null, 'words are not a phone number');
  });

  test('names and emails are matched anywhere, with LIKE wildcards taken literally, from three characters', () => {
    assert.equal(parseSearchTerms('Anna.K@').contains, '%anna.k@%');
    assert.equal(parseSearchTerms('100%_off\\').contains, '%100\\%\\_off\\\\%');
    assert.equal(parseSearchTerms('an').contains, null);
    assert.equal(parseSearchTerms('ანა').contains, '%ანა%', 'characters, not bytes, are counted');
    assert.equal(parseSearchTerms('  many   spaces ').text, 'many spaces');
  });
});
