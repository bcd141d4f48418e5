// The decoding rules by themselves (charset.ts, charset-detect.ts, header-text.ts, uuencode.ts):
// both sides of the UTF-8 rule, each legacy charset undeclared and mislabelled, and a detector fed
// 10 MB of noise staying bounded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { Detection, UTF8_VALID_SHARE, decodeDeclared, decodeUnknown, utf8Census } from './charset.ts';
import { DETECTOR_SAMPLE_BYTES, detectCharset } from './charset-detect.ts';
import { decodeHeaderText } from './header-text.ts';
import { extractUuencoded, uudecode } from './uuencode.ts';
import { parseEmail } from './parse.ts';

const RU = 'Здравствуйте! Не могу войти в личный кабинет: пароль не подходит, а письмо для сброса не приходит.';
const DE = 'Grüße aus München! Die Lieferung für Herrn Müller ist leider nicht angekommen. Können Sie helfen?';
const texts: Array<[string, string, string]> = [
  ['GBK', '您好，我的订单还没有到，请帮我查一下物流信息。订单号是二零二六一一八。谢谢！', 'gbk'],
  ['Big5', '您好，我的訂單還沒有到，請幫我查一下物流資訊。訂單號碼是二零二六一一八。謝謝！', 'big5'],
  ['Shift_JIS', 'こんにちは。注文した商品がまだ届いていません。注文番号は二〇二六一一八です。確認をお願いします。', 'shift_jis'],
  ['EUC-KR', '안녕하세요. 주문한 상품이 아직 도착하지 않았습니다. 주문 번호를 확인해 주시기 바랍니다.', 'euc-kr'],
  ['KOI8-R', RU, 'koi8-r'],
  ['windows-1251', RU, 'windows-1251'],
  ['windows-1252', DE, 'windows-1252'],
];

describe('UTF-8 with a few broken bytes', () => {
  test('keeps every valid letter and replaces only the broken bytes', () => {
    const bytes = Buffer.concat([Buffer.from(`${RU} ${DE} `), Buffer.from([0xe9, 0xff]), Buffer.from(' Конец.')]);
    const { text, charset } = decodeUnknown(bytes);
    assert.equal(charset, 'utf-8');
    assert.ok(text.startsWith(`${RU} ${DE} `), text);
    assert.ok(text.endsWith(' Конец.'));
    assert.equal([...text].filter((char) => char === '\uFFFD').length, 2);
  });
  test(`a part below ${UTF8_VALID_SHARE * 100}% valid sequences is a legacy charset: the detector decides`, () => {
    // windows-1251 text with one UTF-8 word pasted in: mostly invalid, so not UTF-8.
    const bytes = Buffer.concat([iconv.encode(RU, 'windows-1251'), Buffer.from(' — Grüße')]);
    const census = utf8Census(bytes);
    assert.ok(census.valid / (census.valid + census.invalid) < UTF8_VALID_SHARE, JSON.stringify(census));
    const { text, charset } = decodeUnknown(bytes);
    assert.equal(charset, 'windows-1251');
    assert.ok(text.startsWith(RU), text);
  });
  test('U+FFFD written in the text is valid, not a broken byte', () => {
    assert.deepEqual(utf8Census(Buffer.from('a\uFFFDb ж')), { valid: 2, invalid: 0 });
  });
});

describe('undeclared legacy charsets', () => {
  for (const [name, text, charset] of texts) {
    test(`${name} with no charset is detected`, () => {
      assert.equal(decodeUnknown(iconv.encode(text, charset)).text, text);
    });
  }
  test('ISO-2022-JP (7-bit, escape sequences) labelled as ASCII or UTF-8 is detected', () => {
    const sample = Buffer.from('1b2442242a40244f43244b244a24432446242a246a245e24392123404135613d71244e376f244724344f224d6d2437245e2437243f21231b2842', 'hex');
    const decoded = decodeUnknown(sample);
    assert.equal(decoded.charset, 'ISO-2022-JP');
    assert.equal(decoded.text, 'お世話になっております。請求書の件でご連絡しました。');
  });
  test('UTF-16 sent as 8-bit text is read as UTF-16', () => {
    assert.equal(decodeUnknown(Buffer.from('Hello, support team', 'utf16le')).text, 'Hello, support team');
  });
});

describe('declared charsets the text contradicts', () => {
  test('windows-1251 labelled koi8-r, and koi8-r labelled windows-1251', () => {
    assert.equal(decodeDeclared(iconv.encode(RU, 'windows-1251'), 'koi8-r').text, RU);
    assert.equal(decodeDeclared(iconv.encode(RU, 'koi8-r'), 'windows-1251').text, RU);
  });
  test('windows-1251 or GBK labelled iso-8859-1', () => {
    assert.equal(decodeDeclared(iconv.encode(RU, 'windows-1251'), 'iso-8859-1').text, RU);
    assert.equal(decodeDeclared(iconv.encode(texts[0]![1], 'gbk'), 'iso-8859-1').text, texts[0]![1]);
  });
  test('a right label is kept: German in iso-8859-1, Russian in capitals in windows-1251', () => {
    assert.equal(decodeDeclared(iconv.encode(DE, 'latin1'), 'iso-8859-1').text, DE);
    assert.equal(decodeDeclared(iconv.encode('СРОЧНО: ОПЛАТА СЧЁТА', 'windows-1251'), 'windows-1251').text, 'СРОЧНО: ОПЛАТА СЧЁТА');
  });
  test('an unknown label is treated as none', () => {
    assert.equal(decodeDeclared(iconv.encode(RU, 'koi8-r'), 'x-no-such-charset').text, RU);
  });
});

describe('headers', () => {
  test('raw 8-bit bytes take the body charset as the hint, so even two words decode', () => {
    const detection = new Detection();
    detection.hint = 'koi8-r';
    assert.equal(decodeHeaderText(iconv.encode('Счёт на оплату', 'koi8-r').toString('latin1'), detection), 'Счёт на оплату');
  });
  test('UTF-7 encoded words, and words of one charset split inside a character', () => {
    const utf7 = iconv.encode('Привет', 'utf7').toString('ascii');
    assert.equal(decodeHeaderText(`=?utf-7?Q?${utf7}?= there`, new Detection()), 'Привет there');
    const bytes = Buffer.from('Ж', 'utf8');
    assert.equal(decodeHeaderText(`=?utf-8?B?${bytes.subarray(0, 1).toString('base64')}?= =?utf-8?B?${bytes.subarray(1).toString('base64')}?=`, new Detection()), 'Ж');
  });
});

describe('uuencode', () => {
  const file = Buffer.from('Invoice 2026-118\ntotal 120.00 EUR\n');
  const block = `begin 644 invoice.txt\n${uuLines(file)}\`\nend\n`;
  test('a block decodes into its file', () => {
    assert.deepEqual(uudecode(block), { filename: 'invoice.txt', content: file });
  });
  test('inline blocks leave the text and become files', () => {
    const { text, files } = extractUuencoded(`Please see the file.\n\n${block}\nThanks, Ivan`);
    assert.equal(files.length, 1);
    assert.equal(files[0]!.filename, 'invoice.txt');
    assert.ok(!text.includes('begin 644'), text);
    assert.ok(text.includes('Thanks, Ivan'));
  });
  test('text that only starts like a block stays text', () => {
    assert.deepEqual(extractUuencoded('begin 644 is how the line starts\nno end here').files, []);
  });
});

describe('bounds', () => {
  test('10 MB of noise is decided from a bounded sample, in bounded time', () => {
    const noise = Buffer.alloc(10 * 1024 * 1024);
    let seed = 1;
    for (let index = 0; index < noise.length; index++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      noise[index] = seed >>> 24;
    }
    detectCharset(noise.subarray(0, 1024)); // warm up
    const started = performance.now();
    const detection = new Detection();
    const { text } = decodeUnknown(noise, detection);
    const ms = performance.now() - started;
    const detectStarted = performance.now();
    detectCharset(noise);
    const detectMs = performance.now() - detectStarted;
    console.log(`10 MB of noise: decoded in ${ms.toFixed(0)} ms (detector on its ${DETECTOR_SAMPLE_BYTES / 1024} KB sample: ${detectMs.toFixed(0)} ms)`);
    assert.equal(detection.runs, 1);
    assert.ok(text.length > 0);
    assert.ok(ms < 5000, `${ms} ms`);
  });
  test('a whole message of 10 MB of 8-bit noise labelled UTF-8 parses in bounded time', async () => {
    const noise = Buffer.alloc(10 * 1024 * 1024);
    let seed = 7;
    for (let index = 0; index < noise.length; index++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const byte = seed >>> 24;
      noise[index] = byte === 0x0d || byte === 0x0a ? 0x20 : byte;
      if (index % 76 === 75) noise[index] = 0x0a;
    }
    const head = Buffer.from('From: noise@example.net\r\nTo: support@acme.test\r\nSubject: noise\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n');
    const started = performance.now();
    const mail = await parseEmail(Buffer.concat([head, noise]));
    const ms = performance.now() - started;
    console.log(`a 10 MB message of noise: parsed and decoded in ${ms.toFixed(0)} ms`);
    assert.ok(mail.text.length > 1_000_000);
    assert.ok(!mail.text.includes('\u0000'));
    assert.ok(ms < 20_000, `${ms} ms`);
  });
  test('a message runs the detector a bounded number of times', () => {
    const detection = new Detection();
    // Noise never reads cleanly in the hint, so every part would ask the detector again.
    const noise = Buffer.from(Array.from({ length: 2048 }, (_, index) => 0x80 + ((index * 7919) % 128)));
    for (let index = 0; index < 50; index++) decodeUnknown(noise, detection);
    assert.equal(detection.runs, 8);
  });
});

function uuLines(data: Buffer): string {
  const char = (value: number) => (value === 0 ? '`' : String.fromCharCode(value + 32));
  let out = '';
  for (let offset = 0; offset < data.length; offset += 45) {
    const chunk = data.subarray(offset, offset + 45);
    out += char(chunk.length);
    for (let index = 0; index < chunk.length; index += 3) {
      const [a = 0, b = 0, c = 0] = [chunk[index], chunk[index + 1], chunk[index + 2]];
      out += char(a >> 2) + char(((a & 3) << 4) | (b >> 4)) + char(((b & 15) << 2) | (c >> 6)) + char(c & 63);
    }
    out += '\n';
  }
  return out;
}
