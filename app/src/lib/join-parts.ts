// Joins the parts of a one-line summary ("email · alias · languages") leaving out the empty ones,
// so a list never shows a separator with nothing after it.
export function joinParts(parts: Array<string | null | undefined | false>, separator = ' · '): string {
  return parts
    .map((part) => (typeof part === 'string' ? part.trim() : ''))
    .filter((part) => part.length > 0)
    .join(separator);
}

/** True when a text shows a separator with nothing on one side ("a · ", "· b", "a · · b", "a, , b"). */
export function hasStraySeparator(text: string): boolean {
  return /(^|[·,])\s*[·,]|[·,]\s*$|^\s*·/.test(text.trim());
}
