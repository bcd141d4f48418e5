// Files the visitor picked, checked before any upload: at most 10 in a message, each within the
// site's maxFileBytes. The first problem found is returned for the panel to say.

export const MAX_FILES = 10;

export type FileProblem = { kind: 'too_many'; max: number } | { kind: 'too_large'; name: string; max: number } | null;

export function checkFiles(files: ReadonlyArray<{ name: string; size: number }>, maxFileBytes: number): FileProblem {
  if (files.length > MAX_FILES) return { kind: 'too_many', max: MAX_FILES };
  const big = files.find((f) => f.size > maxFileBytes);
  return big ? { kind: 'too_large', name: big.name, max: maxFileBytes } : null;
}

/** 1.5 MB, 200 KB: for the message that says how large a file may be. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
