// A few inline icons (SVG, 16 px): emoji depend on fonts the machine may not have.
const paths = {
  lock: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7h1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z',
  eye: 'M8 3C4 3 1.5 6.5 1 8c.5 1.5 3 5 7 5s6.5-3.5 7-5c-.5-1.5-3-5-7-5zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm0-1.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z',
  pencil: 'M11.5 1.5l3 3L6 13H3v-3l8.5-8.5zM2 14.5h12V16H2z',
  clip: 'M10.5 3.5 5 9a1.5 1.5 0 0 0 2 2l5-5a3 3 0 0 0-4-4L3 7a4.5 4.5 0 0 0 6.5 6.5l4-4-1-1-4 4A3 3 0 0 1 4 8l5-5a1.5 1.5 0 0 1 2 2l-5 5-.5-.5 5-5z',
  file: 'M3 1h6l4 4v10H3V1zm6 1.5V6h3.5L9 2.5z',
  check: 'M6 10.5 2.5 7 1.5 8 6 12.5l8.5-8.5-1-1z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
