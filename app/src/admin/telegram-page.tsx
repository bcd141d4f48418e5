// Telegram bots (admin): connect a bot by the token @BotFather gave, choose how updates arrive
// (webhook or polling) and the team its tickets go to, deactivate or remove it. The token is
// write-only: the server checks it with Telegram and never shows it again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveTelegramBot, useSaveTelegramBot, useTelegramBots } from '../api/telegram-admin';
import { useTeams } from '../api/queries';
import type { Team, TelegramBot } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, FormActions, RemoveButton } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { TeamSelect } from '../ui/team-select';

type Mode = TelegramBot['mode'];

/** Refusals an admin can act on, in their language; anything else as the server says it. */
const knownRefusals = { prefix: 'telegram.refusal', codes: ['telegram_token_invalid', 'telegram_bot_exists', 'telegram_token_other_bot', 'public_url_missing', 'telegram_unreachable'] } as const;

export function TelegramPage() {
  const { t } = useTranslation();
  const bots = useTelegramBots();
  const teams = useTeams();
  const editing = useEditing<TelegramBot>();

  return (
    <AdminListPage
      title={t('telegram.title')}
      intro={t('telegram.intro')}
      add={{ label: t('telegram.add'), onClick: editing.startNew }}
      items={bots}
      empty={{ title: t('telegram.none'), hint: t('telegram.noneHint') }}
      itemKey={(bot) => bot.id}
      renderItem={(bot) => <BotCard bot={bot} team={teams.data?.find((x) => x.id === bot.teamId)} onEdit={() => editing.edit(bot)} />}
    >
      {editing.editing && <BotForm key={editing.formKey} bot={editing.item} teams={teams.data ?? []} onClose={editing.close} />}
    </AdminListPage>
  );
}

function BotCard({ bot, team, onEdit }: { bot: TelegramBot; team: Team | undefined; onEdit: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const save = useSaveTelegramBot();
  const remove = useRemoveTelegramBot();
  const when = (iso: string) => formatDateTime(iso, { locale: i18n.language, timeZone: me.timeZone });
  const failure = save.error ?? remove.error;
  return (
    <ChannelCard
      active={bot.active}
      data-bot={bot.username}
      actions={
        <div className="form-actions">
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
          <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: bot.id, body: { active: !bot.active } })}>
            {bot.active ? t('telegram.deactivate') : t('telegram.activate')}
          </button>
          <RemoveButton label={t('telegram.remove')} question={t('telegram.removeConfirm', { username: bot.username })} pending={remove.isPending} onRemove={() => remove.mutate(bot.id)} />
        </div>
      }
    >
      <strong className="mailbox-address">@{bot.username}</strong> <span className="muted">{bot.name}</span>
      <div className="mailbox-chips">
        <span className="chip">{bot.mode === 'webhook' ? t('telegram.modeWebhook') : t('telegram.modePolling')}</span>
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        <ActiveChip active={bot.active} />
      </div>
      <div className="small mailbox-status">
        {bot.error ? (
          <span className="mailbox-error" role="status">
            {t('telegram.error', { error: bot.error })}
            {bot.polledAt && <> · {when(bot.polledAt)}</>}
          </span>
        ) : bot.mode === 'polling' ? (
          <span className="muted">{bot.polledAt ? t('mailboxes.polledAt', { when: when(bot.polledAt) }) : t('mailboxes.notPolled')}</span>
        ) : (
          bot.webhookUrl && <span className="muted">{t('telegram.webhookAt', { url: bot.webhookUrl })}</span>
        )}
      </div>
      {failure && <FormError error={failure} known={knownRefusals} />}
    </ChannelCard>
  );
}

/** The request body: the token only when typed (a new bot needs one; an edit keeps the stored one). */
export function botBody(form: { token: string; mode: Mode; teamId: string }): Record<string, unknown> {
  return { mode: form.mode, teamId: form.teamId ? Number(form.teamId) : null, ...(form.token.trim() && { token: form.token.trim() }) };
}

function BotForm({ bot, teams, onClose }: { bot: TelegramBot | null; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveTelegramBot();
  const [form, setForm] = useState({ token: '', mode: (bot?.mode ?? 'webhook') as Mode, teamId: bot?.teamId ? String(bot.teamId) : '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: bot?.id, body: botBody(form) }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card mailbox-form" onSubmit={submit} aria-label={bot ? t('telegram.edit', { username: bot.username }) : t('telegram.add')}>
      <div className="form-grid">
        <label className="field wide">
          <span>{t('telegram.token')}</span>
          <input
            type="password"
            name="token"
            autoComplete="off"
            required={!bot}
            value={form.token}
            onChange={(e) => setForm({ ...form, token: e.target.value })}
            placeholder="123456789:AA…"
            aria-describedby="telegram-token-hint"
          />
          <small id="telegram-token-hint" className="muted">{bot ? t('telegram.tokenKept') : t('telegram.tokenHint')}</small>
        </label>
        <TeamSelect teams={teams} value={form.teamId} onChange={(teamId) => setForm({ ...form, teamId })} />
        <fieldset className="field wide">
          <legend>{t('telegram.mode')}</legend>
          <div className="segmented">
            <label className="check">
              <input type="radio" name="mode" value="webhook" checked={form.mode === 'webhook'} onChange={() => setForm({ ...form, mode: 'webhook' })} />
              {t('telegram.modeWebhook')}
            </label>
            <label className="check">
              <input type="radio" name="mode" value="polling" checked={form.mode === 'polling'} onChange={() => setForm({ ...form, mode: 'polling' })} />
              {t('telegram.modePolling')}
            </label>
          </div>
          <small className="muted">{form.mode === 'webhook' ? t('telegram.webhookHelp') : t('telegram.pollingHelp')}</small>
        </fieldset>
      </div>
      {save.isError && <FormError error={save.error} known={knownRefusals} />}
      <FormActions submitLabel={bot ? t('admin.save') : t('telegram.connect')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}
