import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLE_ALIAS, nameFromEmail } from './name-from-email.ts';

test('a personal address gives the person\'s name as name and alias', () => {
  assert.deepEqual(nameFromEmail('maria.ivanova@example.com'), { name: 'Maria Ivanova', alias: 'Maria Ivanova', personal: true });
  assert.deepEqual(nameFromEmail('john_smith+desk@example.com'), { name: 'John Smith', alias: 'John Smith', personal: true });
  assert.equal(nameFromEmail('giorgi-beridze2@example.ge').name, 'Giorgi Beridze');
});

test('a role address is never shown to customers as "Administrator" or "Admin"', () => {
  for (const email of ['admin@example.com', 'administrator@example.com', 'support@example.com', 'info.team@example.com', '123@example.com']) {
    const derived = nameFromEmail(email);
    assert.equal(derived.alias, ROLE_ALIAS, email);
    assert.equal(derived.personal, false, email);
    assert.doesNotMatch(derived.alias, /admin/i);
  }
});
