// The inline CSS an inbound email may keep: properties that format text and boxes, with values
// that cannot place anything outside the message, load anything, or run anything.
//
// Each value must match one pattern whole, so what is not written here is dropped: no position,
// z-index, transform, clip-path, top/left, filter, animation or content; no negative margins; no
// url(), expression(), var(), escapes or comments; sizes are bounded (the app shows the message
// in a frame of its own too, so a value that slips through still cannot leave its box).

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'iu');
const words = (...list: string[]) => list.join('|');
/** One to `max` of `part`, separated by spaces (margin: 0 auto; border: 1px solid #ccc). */
const upTo = (part: string, max: number) => `(?:${part})(?:\\s+(?:${part})){0,${max - 1}}`;

const number = '(?:\\d{1,3}(?:\\.\\d{1,3})?|\\.\\d{1,3})';
// Non-negative lengths in everyday units, at most 999 of them; 0 without a unit.
const length = `(?:0|${number}(?:px|pt|em|rem|ex|ch|%))`;
// A box's own size: up to 100% of its container, or up to 999 px (email layouts are about 600).
const size = `(?:auto|0|(?:100|\\d{1,2})(?:\\.\\d{1,3})?%|${number}(?:px|pt)|\\d{1,2}(?:\\.\\d{1,3})?(?:em|rem|ch))`;
const byte = '\\s*\\d{1,3}(?:\\.\\d+)?%?\\s*';
const alpha = '(?:\\s*[,/]\\s*(?:0|1|0?\\.\\d+|\\d{1,3}%))?\\s*';
const color = [
  '#[0-9a-f]{3,8}',
  `rgba?\\(${byte},${byte},${byte}${alpha}\\)`,
  `rgba?\\(${byte}\\s${byte}\\s${byte}${alpha}\\)`,
  `hsla?\\(\\s*\\d{1,3}(?:deg)?\\s*,${byte},${byte}${alpha}\\)`,
  '[a-z]{3,20}',
].join('|');
const borderStyle = words('none', 'hidden', 'solid', 'dashed', 'dotted', 'double', 'groove', 'ridge', 'inset', 'outset');
const borderWidth = `${length}|thin|medium|thick`;
const border = upTo(`${borderWidth}|${borderStyle}|${color}`, 3);
const fontSize = `${words('xx-small', 'x-small', 'small', 'medium', 'large', 'x-large', 'xx-large', 'smaller', 'larger')}|\\d{1,2}(?:\\.\\d{1,2})?(?:px|pt)|\\d(?:\\.\\d{1,2})?(?:em|rem)|\\d{1,3}%`;

const patterns: Record<string, string> = {
  color,
  'background-color': color,
  // The shorthand only as a colour: background images (url()) are how remote content sneaks in.
  background: color,
  'font-family': `[\\p{L}\\p{N}\\s,'"_-]{1,200}`,
  'font-size': fontSize,
  'font-weight': `${words('normal', 'bold', 'bolder', 'lighter')}|[1-9]00`,
  'font-style': words('normal', 'italic', 'oblique'),
  'font-variant': words('normal', 'small-caps'),
  'line-height': `normal|${number}|${length}`,
  'letter-spacing': `normal|${length}`,
  'text-align': words('left', 'right', 'center', 'justify', 'start', 'end'),
  'text-decoration': upTo(`${words('none', 'underline', 'overline', 'line-through', 'solid', 'double', 'dotted', 'dashed', 'wavy')}|${color}`, 3),
  'text-transform': words('none', 'uppercase', 'lowercase', 'capitalize'),
  'text-indent': length,
  'vertical-align': `${words('baseline', 'top', 'middle', 'bottom', 'text-top', 'text-bottom', 'sub', 'super')}|${length}`,
  'white-space': words('normal', 'nowrap', 'pre', 'pre-wrap', 'pre-line', 'break-spaces'),
  'word-break': words('normal', 'break-all', 'keep-all', 'break-word'),
  'overflow-wrap': words('normal', 'anywhere', 'break-word'),
  'word-wrap': words('normal', 'break-word'),
  direction: words('ltr', 'rtl'),
  margin: upTo(`${length}|auto`, 4),
  'margin-top': `${length}|auto`,
  'margin-right': `${length}|auto`,
  'margin-bottom': `${length}|auto`,
  'margin-left': `${length}|auto`,
  padding: upTo(length, 4),
  'padding-top': length,
  'padding-right': length,
  'padding-bottom': length,
  'padding-left': length,
  border,
  'border-top': border,
  'border-right': border,
  'border-bottom': border,
  'border-left': border,
  'border-width': upTo(borderWidth, 4),
  'border-style': upTo(borderStyle, 4),
  'border-color': upTo(color, 4),
  'border-radius': upTo(length, 4),
  'border-collapse': words('collapse', 'separate'),
  'border-spacing': upTo(length, 2),
  width: size,
  height: size,
  'min-width': size,
  'max-width': `${size}|none`,
  'min-height': size,
  'max-height': `${size}|none`,
  display: words('block', 'inline', 'inline-block', 'none', 'list-item', 'table', 'table-row', 'table-cell', 'table-row-group', 'table-header-group', 'table-footer-group', 'table-caption'),
  float: words('left', 'right', 'none'),
  clear: words('left', 'right', 'both', 'none'),
  'table-layout': words('auto', 'fixed'),
  'list-style-type': words('none', 'disc', 'circle', 'square', 'decimal', 'lower-alpha', 'upper-alpha', 'lower-latin', 'upper-latin', 'lower-roman', 'upper-roman'),
};

/** sanitize-html's `allowedStyles`: the same properties on every tag. */
export const allowedStyles: Record<string, Record<string, RegExp[]>> = {
  '*': Object.fromEntries(Object.entries(patterns).map(([property, pattern]) => [property, [whole(pattern)]])),
};

// width and height attributes (tables, images) as sizes too: up to 1999 pixels or 100%.
const sizeAttribute = whole('\\s*(?:\\d{1,3}|1\\d{3})(?:px)?\\s*|\\s*(?:100|\\d{1,2})(?:\\.\\d+)?%\\s*');

/** The attributes without a width or height beyond those bounds (sanitize-html transformTags). */
export function withBoundedSizes(tagName: string, attribs: Record<string, string>): { tagName: string; attribs: Record<string, string> } {
  const kept = { ...attribs };
  for (const name of ['width', 'height']) if (kept[name] !== undefined && !sizeAttribute.test(kept[name])) delete kept[name];
  return { tagName, attribs: kept };
}
