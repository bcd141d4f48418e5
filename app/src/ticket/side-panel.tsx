// The ticket's properties (status, priority, team, assignee, tags), who is copied on replies, the
// customer and the history.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketPriorities, ticketStatuses, type TicketStatus } from '@frontline/shared';
import { useQueryClient } from '@tanstack/react-query';
import { keys, useParticipantDecision, useTeams, useUpdateTicket, type TicketPatch } from '../api/queries';
import { applyChanges, changesToStatus } from '../inbox/apply-changes';
import { resultText } from '../inbox/result-text';
import type { Agent, Participant, TicketDetail } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { useSolveReason } from './solve-reason';
import { errorText } from '../ui/states';
import { CustomerCard } from './customer-card';
import { announce } from '../a11y/announcer';
import { CommitSelect } from '../a11y/commit-select';
import { HistoryList } from './history-list';

export function SidePanel({ ticket, agents }: { ticket: TicketDetail; agents: Agent[] }) {
  const { t, i18n } = useTranslation();
  const { me, canReply } = useSession();
  const teams = useTeams();
  const update = useUpdateTicket();
  const client = useQueryClient();
  const [tag, setTag] = useState('');
  // Each saved change is read out: "Status: Solved", "Assignee: Nino Beridze".
  const change = (c: TicketPatch, said?: string) => update.mutate({ id: ticket.id, change: c }, { onSuccess: () => said && announce(said) });
  const nameOf = (agentId: number | null) => (agentId ? (agents.find((a) => a.id === agentId)?.name ?? '') : t('side.nobody'));
  // Solved → Pending is not one step: take the allowed way (through Open), as the shortcuts do.
  const askReason = useSolveReason();
  const changeStatus = async (status: TicketStatus) => {
    const said = `${t('side.status')}: ${t(`status.${status}`)}`;
    const asked = await askReason([ticket], () => changesToStatus(ticket, status));
    if (!asked) return;
    const steps = asked(ticket);
    if (steps.length <= 1) return change(steps[0] ?? { status }, said);
    void applyChanges([ticket], () => steps).then((applied) => {
      void client.invalidateQueries({ queryKey: keys.ticket(ticket.id) });
      void client.invalidateQueries({ queryKey: keys.history(ticket.id) });
      void client.invalidateQueries({ queryKey: keys.tickets });
      announce(applied.failures.length > 0 ? resultText(t, applied, t(`status.${status}`)) : said);
    });
  };
  const teamOf = (teamId: number | null) => (teamId ? (teams.data?.find((x) => x.id === teamId)?.name ?? '') : t('side.noTeam'));
  const readOnly = !canReply;
  const participants = ticket.participants ?? [];

  return (
    <aside className="side-panel" aria-label={t('side.details')}>
      <section className="panel-section">
        <h2>{t('side.details')}</h2>
        <div className="props">
          <label className="field">
            <span>{t('side.status')}</span>
            <CommitSelect value={ticket.status} onCommit={(v) => changeStatus(v as TicketStatus)} disabled={readOnly} name="status">
              {ticketStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </CommitSelect>
          </label>
          <label className="field">
            <span>{t('side.priority')}</span>
            <CommitSelect value={ticket.priority} onCommit={(v) => change({ priority: v as TicketPatch['priority'] }, `${t('side.priority')}: ${t(`priority.${v}`)}`)} disabled={readOnly} name="priority">
              {ticketPriorities.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </CommitSelect>
          </label>
          <label className="field">
            <span>{t('side.team')}</span>
            <CommitSelect value={String(ticket.teamId ?? '')} onCommit={(v) => change({ teamId: v ? Number(v) : null }, `${t('side.team')}: ${teamOf(v ? Number(v) : null)}`)} disabled={readOnly} name="team">
              <option value="">{t('side.noTeam')}</option>
              {(teams.data ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </CommitSelect>
          </label>
          <label className="field">
            <span>{t('side.assignee')}</span>
            <CommitSelect value={String(ticket.assigneeId ?? '')} onCommit={(v) => change({ assigneeId: v ? Number(v) : null }, `${t('side.assignee')}: ${nameOf(v ? Number(v) : null)}`)} disabled={readOnly} name="assignee">
              <option value="">{t('side.nobody')}</option>
              {agents
                .filter((a) => a.active || a.id === ticket.assigneeId)
                .map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
            </CommitSelect>
          </label>
        </div>
        {!readOnly && ticket.assigneeId !== me.id && (
          <button className="button small" onClick={() => change({ assigneeId: me.id }, `${t('side.assignee')}: ${me.name}`)}>
            {t('side.assignToMe')}
          </button>
        )}
        <div className="tags">
          <span className="field-label">{t('side.tags')}</span>
          <ul className="tag-list">
            {ticket.tags.map((x) => (
              <li key={x} className="tag">
                {x}
                {!readOnly && (
                  <button className="tag-remove" aria-label={t('side.removeTag', { tag: x })} onClick={() => change({ tags: ticket.tags.filter((y) => y !== x) })}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {!readOnly && (
            <form
              className="tag-add"
              onSubmit={(e) => {
                e.preventDefault();
                const value = tag.trim().toLowerCase();
                if (value && !ticket.tags.includes(value)) change({ tags: [...ticket.tags, value] });
                setTag('');
              }}
            >
              <label>
                <span className="sr-only">{t('side.addTag')}</span>
                <input type="text" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('side.addTag')} />
              </label>
            </form>
          )}
        </div>
        {update.isError && (
          <p className="form-error" role="alert">
            {t('side.saveFailed', { message: errorText(update.error, t) })}
          </p>
        )}
        <p className="muted small">{t('side.created', { when: formatDateTime(ticket.createdAt, { locale: i18n.language, timeZone: me.timeZone }) })}</p>
      </section>
      {participants.length > 0 && <Participants ticketId={ticket.id} participants={participants} readOnly={readOnly} />}
      <CustomerCard customerId={ticket.customerId} ticketId={ticket.id} />
      <HistoryList ticketId={ticket.id} agents={agents} />
    </aside>
  );
}

/** Accepted participants are copied on replies; proposed ones (copied by a stranger) wait for Accept. */
function Participants({ ticketId, participants, readOnly }: { ticketId: number; participants: Participant[]; readOnly: boolean }) {
  const { t } = useTranslation();
  const decide = useParticipantDecision();
  const label = (person: Participant) => (person.name ? `${person.name} <${person.email}>` : person.email);
  const proposed = participants.filter((person) => person.state === 'proposed');
  const accepted = participants.filter((person) => person.state === 'accepted');
  const actions = (person: Participant) =>
    !readOnly && (
      <span className="participant-actions">
        {person.state === 'proposed' && (
          <button className="button small" disabled={decide.isPending} onClick={() => decide.mutate({ ticketId, email: person.email, decision: 'accept' })} aria-label={t('side.acceptParticipant', { who: person.email })}>
            {t('side.accept')}
          </button>
        )}
        <button className="button small" disabled={decide.isPending} onClick={() => decide.mutate({ ticketId, email: person.email, decision: 'remove' })} aria-label={t('side.removeParticipant', { who: person.email })}>
          {t('side.remove')}
        </button>
      </span>
    );
  return (
    <section className="panel-section" aria-labelledby="participants-heading" data-testid="participants">
      <h2 id="participants-heading">{t('side.participants')}</h2>
      {accepted.length > 0 && (
        <>
          <ul className="identities">
            {accepted.map((person) => (
              <li key={person.email} data-state="accepted">
                <span className="identity-value">{label(person)}</span>
                {actions(person)}
              </li>
            ))}
          </ul>
          <p className="muted small">{t('side.participantsHint')}</p>
        </>
      )}
      {proposed.length > 0 && (
        <div className="proposed-participants" data-testid="proposed-participants">
          <h3 className="field-label">{t('side.proposed')}</h3>
          <ul className="identities">
            {proposed.map((person) => (
              <li key={person.email} data-state="proposed">
                <span className="identity-value">{label(person)}</span>
                {person.proposedBy && <span className="muted small"> {t('side.proposedBy', { who: person.proposedBy })}</span>}
                {actions(person)}
              </li>
            ))}
          </ul>
          <p className="muted small">{t('side.proposedHint')}</p>
        </div>
      )}
      {decide.isError && (
        <p className="form-error" role="alert">
          {t('side.saveFailed', { message: errorText(decide.error, t) })}
        </p>
      )}
    </section>
  );
}
