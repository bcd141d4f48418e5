// Text shown as one line to people: ticket subjects and attachment names. Bidirectional controls
// are removed so a name cannot be shown in another order than it is ("invoice\u202Efdp.exe").

/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** Left-to-right and right-to-left marks, which a file name never needs. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/g;

/** The longest subject a ticket keeps; longer ones (from mail) are cut with an ellipsis. */
export const MAX_SUBJECT_LENGTH = 500;

export const withoutBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, '');

/** A subject as a ticket stores it: no bidi controls or line breaks, trimmed, at most MAX_SUBJECT_LENGTH characters. */
export function cleanSubject(subject: string): string {
  const clean = withoutBidiControls(subject).replace(/[\r\n\t]+/g, ' ').trim();
  const characters = [...clean];
  return characters.length > MAX_SUBJECT_LENGTH ? `${characters.slice(0, MAX_SUBJECT_LENGTH - 1).join('').trimEnd()}…` : clean;
}

/** A file name without bidi controls or marks, for storing and for Content-Disposition. */
export const withoutBidi = (name: string): string => withoutBidiControls(name).replace(BIDI_MARKS, '');
