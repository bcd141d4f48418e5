// The one polite live region: present in index.html from page load (a region added later with
// its text is often not read), so every announcement goes through here and nothing talks over it.

const REGION_ID = 'announcer';
let pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

function region(): HTMLElement {
  let el = document.getElementById(REGION_ID);
  if (!el) {
    el = document.createElement('div');
    el.id = REGION_ID;
    el.className = 'sr-only';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    document.body.prepend(el);
  }
  return el;
}

/** Joins what arrived in one burst, so ten events are one sentence, not ten interruptions. */
export function joinAnnouncements(texts: string[], max = 3): string {
  const unique = [...new Set(texts.map((text) => text.trim()).filter(Boolean))];
  return unique.slice(-max).join('. ');
}

/** Says `text` politely (after what is being read). Texts within 250 ms are read as one. */
export function announce(text: string): void {
  if (!text.trim()) return;
  pending.push(text);
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    const el = region();
    const message = joinAnnouncements(pending);
    pending = [];
    // The same words twice in a row are read twice only if the region changes in between.
    el.textContent = el.textContent === message ? `${message}\u00a0` : message;
  }, 250);
}

/** What the region says now (the e2e tests read it). */
export function lastAnnouncement(): string {
  return region().textContent ?? '';
}
