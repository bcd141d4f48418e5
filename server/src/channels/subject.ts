// A ticket's subject from a chat message (Telegram, WhatsApp, VK, the website chat): its first line
// that says something, at most SUBJECT_CHARS long; a message without text gets the fallback.
const SUBJECT_CHARS = 80;

export function subjectFromText(text: string, fallback: string): string {
  const line = text.split('\n').map((part) => part.trim()).find(Boolean);
  if (!line) return fallback;
  return line.length > SUBJECT_CHARS ? `${line.slice(0, SUBJECT_CHARS - 1)}…` : line;
}
