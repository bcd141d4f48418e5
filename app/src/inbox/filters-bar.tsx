// Search (with suggestions of tickets and customers), filters and sort above the ticket list.
import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { channels, locales, ticketPriorities, ticketStatuses } from '@frontline/shared';
import { useAgents, useTagsInUse, useTeams, type TicketFilters } from '../api/queries';
import { knownLanguages } from '../lib/languages';
import { SearchBox } from '../search/search-box';

export type FilterValues = Omit<TicketFilters, 'view'>;

const sorts = ['-updated', 'updated', '-created', 'created', 'waiting'] as const;

export function FiltersBar({ value, onChange, searchRef }: { value: FilterValues; onChange: (next: FilterValues) => void; searchRef: RefObject<HTMLInputElement | null> }) {
  const { t, i18n } = useTranslation();
  const agents = useAgents();
  const teams = useTeams();
  const [q, setQ] = useState(value.q ?? '');
  const [open, setOpen] = useState(false);
  const tags = useTagsInUse(open);

  // Full-text search waits for a pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((value.q ?? '') !== q.trim()) onChange({ ...value, q: q.trim() || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (key: keyof FilterValues) => (v: string) => onChange({ ...value, [key]: v || undefined });
  const active = Object.entries(value).filter(([k, v]) => k !== 'sort' && k !== 'q' && v).length;

  return (
    <div className="filters">
      <div className="filters-row">
        <SearchBox value={q} onChange={setQ} inputRef={searchRef} />
        <button className="button" aria-expanded={open} aria-controls="filter-panel" onClick={() => setOpen(!open)}>
          {t('inbox.filters')}
          {active > 0 && <span className="badge">{active}</span>}
        </button>
        <label className="field inline compact">
          <span className="sr-only">{t('inbox.sort')}</span>
          <select value={value.sort ?? '-updated'} onChange={(e) => set('sort')(e.target.value)} aria-label={t('inbox.sort')}>
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(`inbox.sorts.${sort}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {open && (
        <div className="filter-panel" id="filter-panel">
          <Select label={t('side.status')} value={value.status} onChange={set('status')} options={ticketStatuses.map((s) => [s, t(`status.${s}`)])} />
          <Select label={t('side.priority')} value={value.priority} onChange={set('priority')} options={ticketPriorities.map((p) => [p, t(`priority.${p}`)])} />
          <Select label={t('inbox.channelLabel')} value={value.channel} onChange={set('channel')} options={channels.map((c) => [c, t(`channel.${c}`)])} />
          <Select label={t('side.team')} value={value.teamId} onChange={set('teamId')} options={(teams.data ?? []).map((team) => [String(team.id), team.name])} />
          <Select
            label={t('side.assignee')}
            value={value.assigneeId}
            onChange={set('assigneeId')}
            options={[['none', t('inbox.nobody')] as [string, string], ...(agents.data ?? []).map((a) => [String(a.id), a.name] as [string, string])]}
          />
          <label className="field">
            <span>{t('side.tags')}</span>
            <input type="text" list="known-tags" value={value.tag ?? ''} placeholder={t('inbox.tagPlaceholder')} onChange={(e) => set('tag')(e.target.value.trim().toLowerCase())} />
            <datalist id="known-tags">
              {(tags.data ?? []).map((tag) => (
                <option key={tag.name} value={tag.name} />
              ))}
            </datalist>
          </label>
          <Select label={t('inbox.languageLabel')} value={value.language} onChange={set('language')} options={knownLanguages([...locales, ...(agents.data ?? []).flatMap((a) => a.languages), value.language], i18n.language)} />
          <button className="button ghost" onClick={() => onChange({ sort: value.sort, q: value.q })} disabled={active === 0}>
            {t('inbox.clearFilters')}
          </button>
        </div>
      )}
    </div>
  );
}

function Select({ label, value, onChange, options }: { label: string; value?: string; onChange: (v: string) => void; options: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('inbox.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
