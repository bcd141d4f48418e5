// Row density of the inbox, remembered per agent in this browser, and the row height it gives
// (the virtualized list needs one fixed height per row; phones stack the row's parts in lines).
import { useCallback, useEffect, useState } from 'react';

export type Density = 'comfortable' | 'compact';

const key = (agentId: number) => `frontline.density.${agentId}`;

function stored(agentId: number): Density {
  try {
    return localStorage.getItem(key(agentId)) === 'compact' ? 'compact' : 'comfortable';
  } catch {
    return 'comfortable';
  }
}

export function useDensity(agentId: number): [Density, (density: Density) => void] {
  const [density, setDensity] = useState<Density>(() => stored(agentId));
  useEffect(() => setDensity(stored(agentId)), [agentId]);
  const choose = useCallback(
    (next: Density) => {
      setDensity(next);
      try {
        localStorage.setItem(key(agentId), next);
      } catch {
        // Private mode or a full store: the choice lasts for this page only.
      }
    },
    [agentId],
  );
  return [density, choose];
}

/** Phone layout: the row's parts in lines instead of columns (the width at which styles.css switches). */
export const NARROW_QUERY = '(max-width: 820px)';

export function useMatchMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

/** Pixels per row; styles.css lays each density out to fit exactly this. */
export function rowHeight(density: Density, narrow: boolean): number {
  if (narrow) return density === 'compact' ? 52 : 92;
  return density === 'compact' ? 38 : 60;
}
