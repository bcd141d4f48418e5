// Time zones for the agent's profile and the set-up screen: the browser's own zone (the default
// for a new agent) and the list to choose from.

/** The browser's IANA zone (e.g. "Asia/Tbilisi"), or null when it reports none or an unusable one. */
export function browserTimeZone(resolve: () => string | undefined = () => Intl.DateTimeFormat().resolvedOptions().timeZone): string | null {
  let zone: string | undefined;
  try {
    zone = resolve();
  } catch {
    return null;
  }
  if (!zone || zone.length > 100) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

/** Every zone the browser knows, with `current` first when the list lacks it. */
export function timeZoneChoices(current: string, known: () => string[] | undefined = () => (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone')): string[] {
  const zones = [...(known() ?? ['UTC'])];
  if (!zones.includes(current)) zones.unshift(current);
  return zones;
}
