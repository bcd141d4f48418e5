// A phone call's record (channel phone, written by Frontline from the telephony system's event)
// shows its recording link as a link: only http and https addresses become one.
import { Fragment } from 'react';

/** The text in pieces: plain text, and http(s) addresses. */
export function webLinkParts(text: string): Array<{ text: string; href?: string }> {
  const parts: Array<{ text: string; href?: string }> = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    const start = match.index ?? 0;
    // A sentence's full stop or a closing bracket after an address is not part of it.
    const address = match[0].replace(/[.,;:!?)\]]+$/, '');
    if (start > last) parts.push({ text: text.slice(last, start) });
    let href: string | undefined;
    try {
      const url = new URL(address);
      if (url.protocol === 'http:' || url.protocol === 'https:') href = url.href;
    } catch {
      href = undefined;
    }
    parts.push(href ? { text: address, href } : { text: address });
    last = start + address.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function WebLinks({ text }: { text: string }) {
  return (
    <>
      {webLinkParts(text).map((part, index) =>
        part.href ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
