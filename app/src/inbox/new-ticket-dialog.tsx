// "New ticket" for what did not come in by itself (a phone call, a walk-in): find or create the
// customer, say what they want, and open the new ticket. A modal <dialog>: the browser keeps focus
// inside it and Escape closes it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../api/client';
import { keys, useAgents, useTeams } from '../api/queries';
import { ticketPriorities } from '@frontline/shared';
import type { TicketDetail, TicketPriority } from '../api/types';
import { navigate, ticketPath } from '../lib/router';
import { RequesterPicker as CustomerPicker, type CustomerChoice } from './requester-picker';

/** The channels an agent records by hand; "walk-in or other" is stored as api (no new channel name). */
const manualChannels = ['phone', 'web', 'api'] as const;

interface Draft {
  channel: (typeof manualChannels)[number];
  subject: string;
  body: string;
  as: 'note' | 'customer';
  priority: TicketPriority;
  teamId: string;
  assigneeId: string;
}

const emptyDraft: Draft = { channel: 'phone', subject: '', body: '', as: 'note', priority: 'normal', teamId: '', assigneeId: '' };

export function NewTicketButton() {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <>
      <button type="button" className="button primary new-ticket-button" onClick={() => setOpen(true)}>
        {t('triage.newTicket')}
      </button>
      <dialog ref={dialog} className="new-ticket-dialog" aria-labelledby="new-ticket-title" onClose={() => setOpen(false)}>
        {open && <NewTicketForm onDone={() => setOpen(false)} />}
      </dialog>
    </>
  );
}

function NewTicketForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const agents = useAgents();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const [choice, setChoice] = useState<CustomerChoice | null>(null);
  const [person, setPerson] = useState({ name: '', email: '', phone: '' });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((old) => ({ ...old, [key]: value }));
  const assignable = (agents.data ?? []).filter((agent) => agent.active && agent.role !== 'light_agent');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    let customer: Record<string, string | number>;
    if (creating) {
      const email = person.email.trim();
      const phone = person.phone.trim();
      if (!email && !phone) return setError(t('triage.form.contactNeeded'));
      customer = { ...(person.name.trim() && { name: person.name.trim() }), ...(email && { email }), ...(phone && { phone }) };
    } else {
      if (!choice) return setError(t('triage.form.customerNeeded'));
      customer = { id: choice.id };
    }
    setBusy(true);
    setError(null);
    try {
      const ticket = await post<TicketDetail>('/tickets', {
        subject: draft.subject.trim(),
        customer,
        channel: draft.channel,
        message: { body: draft.body, as: draft.as },
        priority: draft.priority,
        teamId: draft.teamId ? Number(draft.teamId) : null,
        assigneeId: draft.assigneeId ? Number(draft.assigneeId) : null,
      });
      void client.invalidateQueries({ queryKey: keys.tickets });
      void client.invalidateQueries({ queryKey: keys.counts });
      onDone();
      navigate(ticketPath(ticket));
    } catch (caught) {
      setError(t('triage.form.failed', { message: caught instanceof ApiError ? caught.message : String(caught) }));
      setBusy(false);
    }
  }

  return (
    <form className="new-ticket-form" onSubmit={(event) => void submit(event)} noValidate={false}>
      <h2 id="new-ticket-title">{t('triage.form.title')}</h2>
      <p className="hint">{t('triage.form.intro')}</p>
      <fieldset className="field">
        <legend>{t('triage.form.customer')}</legend>
        {creating ? (
          <div className="new-customer">
            <label className="field">
              <span>{t('triage.picker.name')}</span>
              <input type="text" name="customer-name" value={person.name} maxLength={200} onChange={(e) => setPerson({ ...person, name: e.target.value })} autoComplete="off" />
            </label>
            <label className="field">
              <span>{t('triage.picker.email')}</span>
              <input type="email" name="customer-email" value={person.email} maxLength={320} onChange={(e) => setPerson({ ...person, email: e.target.value })} autoComplete="off" />
            </label>
            <label className="field">
              <span>{t('triage.picker.phone')}</span>
              <input type="text" inputMode="tel" name="customer-phone" value={person.phone} maxLength={40} onChange={(e) => setPerson({ ...person, phone: e.target.value })} autoComplete="off" />
            </label>
            <button type="button" className="button small ghost" onClick={() => setCreating(false)}>
              {t('triage.picker.useExisting')}
            </button>
          </div>
        ) : (
          <>
            <CustomerPicker value={choice} onChange={setChoice} autoFocus />
            {!choice && (
              <button type="button" className="button small create-customer" onClick={() => setCreating(true)}>
                {t('triage.picker.createNew')}
              </button>
            )}
          </>
        )}
      </fieldset>
      <div className="form-grid">
        <SelectField label={t('triage.form.channel')} name="channel" value={draft.channel} onChange={(v) => set('channel', v as Draft['channel'])} options={manualChannels.map((c) => [c, t(`triage.form.channels.${c}`)])} />
        <SelectField label={t('triage.form.priority')} name="priority" value={draft.priority} onChange={(v) => set('priority', v as TicketPriority)} options={ticketPriorities.map((p) => [p, t(`priority.${p}`)])} />
        <SelectField label={t('triage.form.team')} name="team" value={draft.teamId} onChange={(v) => set('teamId', v)} options={[['', t('triage.noTeam')], ...(teams.data ?? []).map((team): Option => [String(team.id), team.name])]} />
        <SelectField label={t('triage.form.assignee')} name="assignee" value={draft.assigneeId} onChange={(v) => set('assigneeId', v)} options={[['', t('triage.form.nobody')], ...assignable.map((agent): Option => [String(agent.id), agent.name])]} />
      </div>
      <label className="field">
        <span>{t('triage.form.subject')}</span>
        <input type="text" name="subject" required maxLength={500} value={draft.subject} onChange={(e) => set('subject', e.target.value)} />
      </label>
      <label className="field">
        <span>{t('triage.form.message')}</span>
        <textarea name="body" required maxLength={200_000} value={draft.body} onChange={(e) => set('body', e.target.value)} />
      </label>
      <fieldset className="field message-as">
        <legend>{t('triage.form.as')}</legend>
        <label className="check">
          <input type="radio" name="as" value="note" checked={draft.as === 'note'} onChange={() => set('as', 'note')} />
          <span>{t('triage.form.asNote')}</span>
        </label>
        <label className="check">
          <input type="radio" name="as" value="customer" checked={draft.as === 'customer'} onChange={() => set('as', 'customer')} />
          <span>{t('triage.form.asCustomer')}</span>
        </label>
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('triage.form.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('triage.form.creating') : t('triage.form.create')}
        </button>
      </div>
    </form>
  );
}

/** [value, label] */
type Option = readonly [string, string];

function SelectField({ label, name, value, onChange, options }: { label: string; name: string; value: string; onChange: (value: string) => void; options: readonly Option[] }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
}
