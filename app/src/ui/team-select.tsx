// The team a channel's new tickets go to (mailboxes, contact forms, Telegram bots): one of the
// teams, or none.
import { useTranslation } from 'react-i18next';

export function TeamSelect({
  teams,
  value,
  onChange,
  label,
  none,
  name = 'teamId',
}: {
  teams: ReadonlyArray<{ id: number; name: string }>;
  value: string;
  onChange: (teamId: string) => void;
  /** Default: "Team"; and "No team" for none. */
  label?: string;
  none?: string;
  name?: string;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{label ?? t('mailboxes.team')}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none ?? t('side.noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The mailbox a channel's answers go from (contact forms, chat sites): one of them, or the default. */
export function MailboxSelect({ mailboxes, value, onChange, label, none }: { mailboxes: ReadonlyArray<{ id: number; address: string }>; value: string; onChange: (mailboxId: string) => void; label: string; none: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name="mailboxId" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {mailboxes.map((mailbox) => (
          <option key={mailbox.id} value={mailbox.id}>
            {mailbox.address}
          </option>
        ))}
      </select>
    </label>
  );
}
