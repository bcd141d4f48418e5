// The inbox's search box: what is typed filters the list, and a combobox offers matching tickets
// and customers while typing (arrows move, Enter opens, Escape closes the list).
import { useEffect, useId, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get, qs } from '../api/client';
import { navigate } from '../lib/router';
import { moveCursor } from '../lib/shortcuts';
import { customerDetails, suggestionOptions, type SearchResult, type SuggestionOption } from './suggestions';

/** Suggestions per kind: enough to choose from, few enough to read at a glance. */
const SUGGESTIONS = 6;

function useSuggestions(text: string, enabled: boolean) {
  const [term, setTerm] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text), 150);
    return () => clearTimeout(timer);
  }, [text]);
  return useQuery({
    queryKey: ['search', term],
    queryFn: () => get<SearchResult>(`/search${qs({ q: term, limit: SUGGESTIONS })}`),
    enabled: enabled && term.length > 0,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

export function SearchBox({ value, onChange, inputRef }: { value: string; onChange: (next: string) => void; inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = value.trim();
  const suggestions = useSuggestions(text, open);
  const options = text && suggestions.data ? suggestionOptions(suggestions.data) : [];
  const expanded = open && text.length > 0 && (options.length > 0 || suggestions.isSuccess);
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => setActive(-1), [suggestions.data]);

  const choose = (option: SuggestionOption) => {
    setOpen(false);
    setActive(-1);
    navigate(option.path);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((current) => moveCursor(current, event.key === 'ArrowDown' ? 'next' : 'previous', options.length));
    } else if (event.key === 'Enter') {
      const option = active >= 0 ? options[active] : undefined;
      if (option) {
        event.preventDefault();
        choose(option);
      } else setOpen(false);
    } else if (event.key === 'Escape') {
      if (expanded) {
        // Closing the list is this Escape's whole work: the inbox's own Escape must not also move focus.
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
        setActive(-1);
      } else event.currentTarget.blur();
    }
  };

  const tickets = options.flatMap((option, index) => (option.kind === 'ticket' ? [{ option, index }] : []));
  const customers = options.flatMap((option, index) => (option.kind === 'customer' ? [{ option, index }] : []));
  const renderOption = ({ option, index }: { option: SuggestionOption; index: number }) => (
    <li
      key={option.key}
      id={optionId(index)}
      role="option"
      aria-selected={index === active}
      className={`search-option ${index === active ? 'active' : ''}`}
      data-kind={option.kind}
      // Keeps the focus in the box, so the list does not close before the click lands.
      onMouseDown={(event) => event.preventDefault()}
      onMouseEnter={() => setActive(index)}
      onClick={() => choose(option)}
    >
      {option.kind === 'ticket' ? (
        <>
          <span className="search-option-title">
            <span className="ticket-number">#{option.ticket.number}</span> {option.ticket.subject || t('inbox.noSubject')}
          </span>
          <span className="search-option-detail">{option.ticket.customer?.name || option.ticket.customer?.email}</span>
        </>
      ) : (
        <>
          <span className="search-option-title">{option.customer.name || option.customer.email || t('search.unnamed')}</span>
          <span className="search-option-detail">{customerDetails(option.customer)}</span>
        </>
      )}
    </li>
  );

  return (
    <div className="search search-box">
      <label className="sr-only" htmlFor={`${id}-input`}>
        {t('inbox.search')}
      </label>
      <input
        id={`${id}-input`}
        ref={inputRef}
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={`${id}-listbox`}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder={t('inbox.searchPlaceholder')}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div className="search-popup" hidden={!expanded}>
        <ul id={`${id}-listbox`} role="listbox" aria-label={t('search.suggestions')} className="search-list">
          {tickets.length > 0 && (
            <li role="presentation">
              <span className="search-group-label" id={`${id}-tickets`}>{t('search.tickets')}</span>
              <ul role="group" aria-labelledby={`${id}-tickets`}>{tickets.map(renderOption)}</ul>
            </li>
          )}
          {customers.length > 0 && (
            <li role="presentation">
              <span className="search-group-label" id={`${id}-customers`}>{t('search.customers')}</span>
              <ul role="group" aria-labelledby={`${id}-customers`}>{customers.map(renderOption)}</ul>
            </li>
          )}
        </ul>
        {expanded && options.length === 0 && <p className="search-empty">{t('search.nothing')}</p>}
      </div>
      <span className="sr-only" role="status">
        {expanded ? t('search.count', { count: options.length }) : ''}
      </span>
    </div>
  );
}
