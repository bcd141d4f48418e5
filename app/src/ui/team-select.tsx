// The team a channel's new tickets go to (mailboxes, contact forms, Telegram bots): one of the
// teams, or none.
import { useTranslation } from 'react-i18next';

export function TeamSelect({ teams, value, onChange }: { teams: ReadonlyArray<{ id: number; name: string }>; value: string; onChange: (teamId: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('mailboxes.team')}</span>
      <select name="teamId" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('side.noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}
