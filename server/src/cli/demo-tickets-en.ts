// Demo conversations in English.
import type { DemoTicket } from './demo-tickets.ts';

export const englishTickets: DemoTicket[] = [
  {
    customer: 'priya.sharma@mail.example', subject: 'Affiliate payout for March not received', language: 'en', channel: 'email', priority: 'high',
    status: 'open', team: 'Billing', assignee: 'sarah', tags: ['payout', 'affiliate'], daysAgo: 3,
    turns: [
      ['c', 0, 'Hi,\n\nmy March commission ($1,240.50) was marked as paid on the 5th, but nothing has arrived on my bank account. Could you check what happened?\n\nPriya'],
      ['a', 95, 'Hi Priya,\n\nthanks for reaching out. I can see the payout in our batch of the 5th; let me check its status with our payment provider and come back to you today.'],
      ['n', 20, 'Batch #4471: the bank returned the transfer, reason "beneficiary IBAN mismatch". She changed her IBAN on the 2nd, the batch used the old one.'],
      ['a', 15, 'Priya, the bank returned the transfer because it went to the IBAN you had before the 2nd. Could you confirm the new IBAN ends in 4410? Then we resend it in the next payout run on Friday.'],
      ['c', 240, 'Yes, it ends in 4410. Friday is fine, thank you!'],
    ],
  },
  {
    customer: 'emma.clarke@northwind.example', subject: 'Website down — 502 Bad Gateway', language: 'en', channel: 'email', priority: 'urgent',
    status: 'solved', team: 'Second line', assignee: 'giorgi', tags: ['outage', 'hosting'], daysAgo: 12,
    turns: [
      ['c', 0, 'Our shop northwind.example shows "502 Bad Gateway" since about 9:40. We are losing orders, please help urgently.'],
      ['a', 6, 'Hello Emma, we see it too: the web node your site runs on stopped answering. We are moving your site to a healthy node now, it should take about 10 minutes.'],
      ['n', 4, 'web-07 kernel panic. Migrating the 14 sites on it to web-11. Incident INC-2291.'],
      ['a', 14, 'Your site is back online. We will send you the incident report by tomorrow. Sorry for the trouble.'],
      ['c', 30, 'Confirmed, everything works. Thanks for the quick reaction.'],
    ],
  },
  {
    customer: 'lucas.meyer@mail.example', subject: 'Refund request for annual plan', language: 'en', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Billing', assignee: 'sarah', tags: ['refund', 'billing'], daysAgo: 6,
    turns: [
      ['c', 0, 'Hello, I bought the annual Business plan by mistake, I wanted the monthly one. Can I get a refund and switch?'],
      ['a', 180, 'Hi Lucas, sure. The annual plan was bought 2 days ago, so it is within our 14-day refund window. Shall I refund the $348 and start a monthly plan from today?'],
    ],
  },
  {
    customer: 'daniel.kim@mail.example', subject: "Can't log in — 2FA codes are rejected", language: 'en', channel: 'email', priority: 'high',
    status: 'open', team: 'First line', assignee: 'nino', tags: ['account-access', '2fa'], daysAgo: 1,
    turns: [
      ['c', 0, 'hey, my authenticator codes are always "invalid" since I got a new phone. I can\'t get into my account'],
      ['a', 12, 'Hi Daniel! Codes are time-based, so a new phone with a wrong clock gives invalid codes. Could you check that the phone sets its time automatically and try again?'],
      ['c', 25, 'time is automatic. still invalid'],
      ['n', 3, 'He probably did not move the 2FA secret to the new phone. Identity check needed before we reset 2FA.'],
      ['a', 5, 'Thanks. Then the authenticator on the new phone has no key for your account. To reset 2FA we need to confirm it is you: please reply from your account email with the last 4 digits of the card you pay with.'],
    ],
  },
  {
    customer: 'sofia.rossi@mail.example', subject: 'How do I change my payout method to PayPal?', language: 'en', channel: 'email', priority: 'low',
    status: 'solved', team: 'First line', assignee: 'nino', tags: ['payout'], daysAgo: 20,
    turns: [
      ['c', 0, 'Hi! I would like to receive my affiliate payouts on PayPal instead of bank transfer. Where do I change that?'],
      ['a', 3, 'Hi Sofia! Go to Affiliate → Payout settings, choose PayPal and enter your PayPal email. Changes apply from the next payout run.'],
      ['c', 4, 'Found it, done. Thanks!'],
    ],
  },
  {
    customer: 'james.oconnor@northwind.example', subject: 'Invoice needs our VAT number', language: 'en', channel: 'email', priority: 'low',
    status: 'closed', team: 'Billing', assignee: 'sarah', tags: ['invoice', 'billing'], daysAgo: 34,
    turns: [
      ['c', 0, 'Hello, our accountant needs the invoices for Q1 with our VAT number GB 123 4567 89 on them. Can you reissue them?'],
      ['a', 240, 'Hello James, I added the VAT number to your billing profile and reissued the three invoices for January–March. You can download them under Billing → Invoices.'],
      ['c', 60, 'Perfect, thank you.'],
    ],
  },
  {
    customer: 'emma.clarke@northwind.example', subject: 'Emails from our domain go to spam', language: 'en', channel: 'email', priority: 'normal',
    status: 'on_hold', team: 'Second line', assignee: 'giorgi', tags: ['email', 'dns'], daysAgo: 9,
    turns: [
      ['c', 0, 'Order confirmations from shop@northwind.example land in spam at Gmail and Outlook. Is something wrong with our mail setup?'],
      ['a', 120, 'Hi Emma, your domain has no DKIM record and the SPF record does not include our mail servers. I sent the two DNS records to add to your DNS provider; after that it usually takes a day to improve.'],
      ['n', 10, 'Waiting for the customer\'s IT to update DNS at their registrar. Check again on Monday.'],
    ],
  },
  {
    customer: 'priya.sharma@mail.example', subject: 'Commission rate lower than agreed', language: 'en', channel: 'email', priority: 'high',
    status: 'new', team: 'Billing', tags: ['affiliate', 'commission'], daysAgo: 0,
    turns: [
      ['c', 0, 'Hello, my contract says 30% revenue share for hosting referrals, but the April statement shows 25% on all of them. Could you correct it?'],
    ],
  },
  {
    customer: 'm.novak@mail.example', subject: 'SSL certificate expired on shop', language: 'en', channel: 'email', priority: 'urgent',
    status: 'solved', team: 'Second line', assignee: 'giorgi', tags: ['ssl', 'hosting'], daysAgo: 15,
    turns: [
      ['c', 0, 'Browsers say our certificate expired today. Auto-renewal was on! Customers cannot pay.'],
      ['a', 18, 'Hello Michael, the renewal failed because the domain\'s CAA record only allows another certificate authority. I removed the blocker on our side and issued a new certificate; please reload the page.'],
      ['c', 10, 'Works again. Please make sure it renews next time.'],
      ['a', 5, 'We added a check that warns you 14 days before expiry if renewal fails. Sorry for the trouble.'],
    ],
  },
  {
    customer: 'lucas.meyer@mail.example', subject: 'Charged twice for the same month', language: 'en', channel: 'email', priority: 'high',
    status: 'open', team: 'Billing', assignee: 'sarah', tags: ['refund', 'billing'], daysAgo: 2,
    turns: [
      ['c', 0, 'My card was charged $29 twice on May 1st. Please refund one of them.'],
      ['n', 30, 'Two captures from the payment gateway, 4 seconds apart; the retry after a timeout did not reuse the idempotency key. Refund the second one.'],
      ['a', 5, 'Hi Lucas, you are right, the second charge was a duplicate. I refunded it; your bank should show it within 3–5 business days.'],
    ],
  },
  {
    customer: 'sofia.rossi@mail.example', subject: 'Account locked after password reset', language: 'en', channel: 'email', priority: 'normal',
    status: 'new', team: 'First line', tags: ['account-access'], daysAgo: 0,
    turns: [['c', 0, 'I reset my password and now it says the account is locked for 24 hours. Can you unlock it? I need to download an invoice today.']],
  },
  {
    customer: 'daniel.kim@mail.example', subject: 'Database queries slow since the migration', language: 'en', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Second line', assignee: 'giorgi', tags: ['performance', 'hosting'], daysAgo: 5,
    turns: [
      ['c', 0, 'Since you migrated us to the new cluster, the product page takes 3 seconds instead of 300 ms. It is the MySQL queries.'],
      ['a', 90, 'Hi Daniel, the new cluster has the query cache off and your products table has no index on category_id. Could you send me the slowest query from your log? I will check the plan.'],
    ],
  },
  {
    customer: 'priya.sharma@mail.example', subject: 'Referral link shows 0 clicks', language: 'en', channel: 'email', priority: 'normal',
    status: 'new', team: 'First line', tags: ['affiliate', 'tracking'], daysAgo: 1,
    turns: [['c', 0, 'My new referral link has 0 clicks in the dashboard, but my blog analytics show 180 clicks on it this week.']],
  },
  {
    customer: 'm.novak@mail.example', subject: 'Please delete my old account (GDPR)', language: 'en', channel: 'email', priority: 'normal',
    status: 'open', team: 'First line', assignee: 'nino', tags: ['account', 'privacy'], daysAgo: 4,
    turns: [
      ['c', 0, 'I have an old account under michael.novak@mail.example that I no longer use. Please delete it and all my data.'],
      ['a', 300, 'Hello Michael, we will delete it. To make sure the request comes from the owner, please confirm from michael.novak@mail.example, or tell us the last invoice number of that account.'],
    ],
  },
];
