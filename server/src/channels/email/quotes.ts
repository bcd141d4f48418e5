// Finds where the quoted history or the signature of an email starts, so the ticket view shows
// what the customer wrote now and folds the rest away. Knows the attribution lines of Gmail,
// Outlook (English and Russian), Apple Mail, Thunderbird, Yandex and Mail.ru, "> " quoting, the
// "-- " signature delimiter and mobile footers. Forwarded messages are content and are not folded.

const attribution: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Mon, 2 Nov 2026 at 10:00, Name <a@b> wrote:"
  /^(On|Am|Le|El|Il|Op)\s.{4,300}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef)\s*:\s*$/i,
  // Russian clients: "... пишет:" / "... написал(а):"
  /^.{4,300}\s(пишет|написал|написала|написал\(а\))\s*:\s*$/i,
  // Yandex: "02.11.2026, 10:00, "Acme Support" <support@acme.test>:"
  /^\d{1,2}\.\d{1,2}\.\d{2,4},?\s+(в\s+)?\d{1,2}:\d{2}.{0,200}<[^<>\s]+@[^<>\s]+>\s*:\s*$/,
  // Mail.ru: "Понедельник, 2 ноября 2026, 10:00 +03:00 от Acme Support <support@acme.test>:"
  /^.{0,80}\d{4},?\s+\d{1,2}:\d{2}.{0,40}\sот\s.{1,200}:\s*$/i,
  // Outlook text form and its Russian version.
  /^-{2,}\s*(Original Message|Исходное сообщение|Исходное письмо)\s*-{2,}\s*$/i,
  // Gmail in Russian: "пн, 2 нояб. 2026 г. в 10:00, Name <a@b>:"
  /^.{0,40}\d{4}\s*г\.?\s+в\s+\d{1,2}:\d{2},?.{0,200}<[^<>\s]+@[^<>\s]+>\s*:\s*$/i,
];

// An Outlook header block: "From:" then "Sent:"/"Date:" within a few lines (or "От:" / "Отправлено:").
const headerStart = /^\*?(From|От|De|Von)\s*:\*?\s+\S/i;
const headerFollow = /^\*?(Sent|Date|Отправлено|Дата|Envoyé|Gesendet|To|Кому)\s*:\*?\s+\S/i;

const signature: RegExp[] = [
  /^--\s?$/,
  /^(Sent from my|Sent from Mail for|Sent from Outlook|Get Outlook for|Отправлено с|Отправлено из|Sent via)(\s.{0,80})?$/i,
];

const forwarded = /^-{2,}\s*(Forwarded message|Пересылаемое сообщение|Пересланное сообщение|Begin forwarded message)\s*-*\s*:?\s*$/i;

/** The offset in `text` where folding starts, or null when everything is worth showing. */
export function findFold(text: string): number | null {
  const lines = text.split('\n');
  let offset = 0;
  const starts: number[] = [];
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const at = (index: number) => starts[index]!;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (forwarded.test(line)) return null;
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (attribution.some((pattern) => pattern.test(line))) return cut(text, at(i));
    // An attribution line wrapped in two.
    if (/^(On|Am|Le|El)\s/i.test(line) && attribution[0]!.test(joined)) return cut(text, at(i));
    if (headerStart.test(line) && lines.slice(i + 1, i + 5).some((next) => headerFollow.test(next.trim()))) return cut(text, at(i));
    if (signature.some((pattern) => pattern.test(lines[i]!.trimEnd()))) return cut(text, at(i));
    // Trailing "> " quotes with nothing new after them.
    if (line.startsWith('>') && lines.slice(i).every((rest) => rest.trim() === '' || rest.trim().startsWith('>'))) return cut(text, at(i));
  }
  return null;
}

/** Folding that would hide everything is no folding. */
function cut(text: string, index: number): number | null {
  return text.slice(0, index).trim() ? index : null;
}
