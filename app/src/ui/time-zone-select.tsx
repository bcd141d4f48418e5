// The one time-zone picker: an agent's own zone (settings, set-up), a chat site's opening hours and
// a business-hours calendar. Every zone the browser knows, the current one kept when it lacks it.
import { useMemo } from 'react';
import { timeZoneChoices } from '../lib/time-zone';

export function TimeZoneSelect({ label, value, onChange, name = 'timeZone', describedBy }: { label: string; value: string; onChange: (zone: string) => void; name?: string; describedBy?: string }) {
  const zones = useMemo(() => timeZoneChoices(value), [value]);
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>
    </label>
  );
}
