// A few inline icons (SVG, 16 px): emoji depend on fonts the machine may not have.
const paths = {
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z',
  eye: 'M8 3C4 3 1.5 6.5 1 8c.5 1.5 3 5 7 5s6.5-3.5 7-5c-.5-1.5-3-5-7-5zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm0-1.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z',
  pencil: 'M11.5 1.5l3 3L6 13H3v-3l8.5-8.5zM2 14.5h12V16H2z',
  clip: 'M10.5 3.5 5 9a1.5 1.5 0 0 0 2 2l5-5a3 3 0 0 0-4-4L3 7a4.5 4.5 0 0 0 6.5 6.5l4-4-1-1-4 4A3 3 0 0 1 4 8l5-5a1.5 1.5 0 0 1 2 2l-5 5-.5-.5 5-5z',
  file: 'M3 1h6l4 4v10H3V1zm6 1.5V6h3.5L9 2.5z',
  check: 'M6 10.5 2.5 7 1.5 8 6 12.5l8.5-8.5-1-1z',
  mail: 'M1 3h14v10H1V3zm1.5 1.5v.4L8 8.6l5.5-3.7v-.4h-11zm11 2.2L8 10.4 2.5 6.7v4.8h11V6.7z',
  chat: 'M2 2h12v9H6l-4 3V2zm1.5 1.5v7.5l2-1.5h7v-6h-9z',
  phone: 'M4 1l2.5 3-1.5 2c.8 1.8 2.2 3.2 4 4l2-1.5 3 2.5-1.5 3C6.5 14 2 9.5 1 2.5L4 1z',
  globe: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-5.4 6.2h2.1c.1-1.5.4-2.8 1-3.8a5.5 5.5 0 0 0-3.1 3.8zm3.6 0h3.6C9.6 4.6 8.6 2.6 8 2.6s-1.6 2-1.8 4.6zm5.1 0h2.1a5.5 5.5 0 0 0-3.1-3.8c.6 1 .9 2.3 1 3.8zM2.6 8.8a5.5 5.5 0 0 0 3.1 3.8c-.6-1-.9-2.3-1-3.8H2.6zm3.6 0c.2 2.6 1.2 4.6 1.8 4.6s1.6-2 1.8-4.6H6.2zm5.1 0c-.1 1.5-.4 2.8-1 3.8a5.5 5.5 0 0 0 3.1-3.8h-2.1z',
  code: 'M5 4 1 8l4 4 1-1-3-3 3-3-1-1zm6 0-1 1 3 3-3 3 1 1 4-4-4-4z',
  send: 'M1 7.5 15 1l-3 14-4-4-2 3V10l6-6-8 5-3-1.5z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
