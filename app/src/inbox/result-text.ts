// What a change to tickets says afterwards: "Solved #1010", "Solved 3 tickets", or what failed.
import type { TFunction } from 'i18next';
import type { Applied } from './apply-changes';

export function resultText(t: TFunction, applied: Pick<Applied, 'changed' | 'failures'>, what: string): string {
  const numbers = applied.changed.map((x) => `#${x.after.number}`);
  const done = applied.changed.length === 0 ? t('a11y.result.nothing') : applied.changed.length <= 3 ? t('a11y.result.some', { what, numbers: numbers.join(', ') }) : t('a11y.result.many', { what, count: applied.changed.length });
  if (applied.failures.length === 0) return done;
  const first = applied.failures[0];
  return `${done}. ${t('a11y.result.failed', { count: applied.failures.length, message: first instanceof Error ? first.message : '' })}`;
}
