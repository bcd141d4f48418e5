// Real-world mail in Chromium: a message whose charsets lie (raw GBK subject and name, a GBK body
// labelled iso-8859-1, a uuencoded file) reads right in the inbox and the ticket.
import { MAILBOX, assert, deliver, newPage, signIn } from '../pages.mjs';

export const scenarios = [
  [
    'mail: mislabelled charsets and a uuencoded file read right in the inbox and the ticket',
    async (ctx) => {
      const { items } = await ctx.admin.get('/mailboxes');
      if (!items.some((m) => m.address === MAILBOX)) await ctx.admin.post('/mailboxes', { address: MAILBOX, name: 'Acme Support', acknowledge: false });
      const tag = Date.now();
      const subject = `打印机订单 ${tag}`;
      // The bytes as a Chinese client writes them (GBK), spelled out: Node has no GBK encoder.
      const gbk = { name: Buffer.from('d5c5ceb0', 'hex'), subject: Buffer.concat([Buffer.from('b4f2d3a1bbfab6a9b5a5', 'hex'), Buffer.from(` ${tag}`)]) };
      const gbkBody = Buffer.from('c4fabac3a3acced2c9cfd6dcb6a9b9bab5c4b4f2d3a1bbfabbb9c3bbd3d0b5bdbbf5a3acceefc1f7d0c5cfa2d2bbd6b1c3bbd3d0b8fcd0c2a1a3c7ebb0efced2b2e9d2bbcfc2b6a9b5a5b5c4c7e9bff6a1a3d0bbd0bba3a1', 'hex');
      const body = '您好，我上周订购的打印机还没有到货，物流信息一直没有更新。请帮我查一下订单的情况。谢谢！';
      const file = Buffer.from(`backup log ${tag}\n`);
      const uu = `begin 644 backup-${tag}.log\n${String.fromCharCode(32 + file.length)}${uuLine(file)}\n\`\nend\n`;
      const boundary = `b-${tag}`;
      const raw = Buffer.concat([
        Buffer.from(`To: ${MAILBOX}\r\nFrom: `),
        gbk.name,
        Buffer.from(` <zhang.${tag}@example.cn>\r\nSubject: `),
        gbk.subject,
        Buffer.from(`\r\nMessage-ID: <charset-${tag}@example.cn>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
        gbkBody,
        Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/octet-stream; name="backup-${tag}.log"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n${uu.replace(/\n/g, '\r\n')}--${boundary}--\r\n`),
      ]);
      await deliver(ctx, { envelope: { from: `zhang.${tag}@example.cn`, to: [MAILBOX] }, raw });
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.goto(`${ctx.base}/views/all`);
      const row = page.locator(`li.row:has-text("${subject}")`);
      await row.waitFor({ timeout: 15_000 });
      assert((await row.locator('.row-customer').textContent()) === '张伟', `the row shows the sender as ${await row.locator('.row-customer').textContent()}`);
      await row.locator('.row-link').click();
      const message = page.locator('li.message.inbound').first();
      await message.waitFor();
      const text = await message.textContent();
      assert(text.includes(body), `the GBK body labelled iso-8859-1 does not read right: ${text.slice(0, 200)}`);
      assert(!text.includes('\uFFFD'), 'replacement characters in the message');
      const attachment = message.locator(`.attachments a:has-text("backup-${tag}.log")`);
      await attachment.waitFor();
      const download = await page.request.get(new URL(await attachment.getAttribute('href'), ctx.base).href);
      assert((await download.text()) === file.toString(), 'the uuencoded file was not decoded');
      await page.screenshot({ path: `${ctx.resultsDir}/mail-charsets-1440.png` });
      await page.context().close();
    },
  ],
];

function uuLine(data) {
  const char = (value) => (value === 0 ? '`' : String.fromCharCode(value + 32));
  let out = '';
  for (let index = 0; index < data.length; index += 3) {
    const [a = 0, b = 0, c = 0] = [data[index], data[index + 1], data[index + 2]];
    out += char(a >> 2) + char(((a & 3) << 4) | (b >> 4)) + char(((b & 15) << 2) | (c >> 6)) + char(c & 63);
  }
  return out;
}
