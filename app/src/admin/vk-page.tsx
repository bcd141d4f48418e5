// VK communities (admin): connect a community by its id, an access token and the confirmation
// string from its Callback API settings; Frontline makes (or takes) the secret key and shows it once
// with the callback URL, for the admin to paste into VK. The token and the secret key are
// write-only: the server checks the token with VK and never shows either again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveVkCommunity, useSaveVkCommunity, useVkCommunities } from '../api/vk-admin';
import { useTeams } from '../api/queries';
import type { Team, VkCommunity } from '../api/types';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, FormActions, RemoveButton } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { TeamSelect } from '../ui/team-select';

/** Refusals an admin can act on, in their language; anything else as the server says it. */
const knownRefusals = { prefix: 'vk.refusal', codes: ['vk_token_invalid', 'vk_token_other_group', 'vk_community_exists', 'vk_unreachable'] } as const;

export function VkPage() {
  const { t } = useTranslation();
  const communities = useVkCommunities();
  const teams = useTeams();
  const editing = useEditing<VkCommunity>();
  /** The answer that carried a secret key: shown once, with where to paste it. */
  const [shown, setShown] = useState<VkCommunity | null>(null);

  return (
    <AdminListPage
      title={t('vk.title')}
      intro={t('vk.intro')}
      add={{ label: t('vk.add'), onClick: editing.startNew }}
      items={communities}
      empty={{ title: t('vk.none'), hint: t('vk.noneHint') }}
      itemKey={(community) => community.id}
      renderItem={(community) => <CommunityCard community={community} team={teams.data?.find((x) => x.id === community.teamId)} onEdit={() => editing.edit(community)} onSecret={setShown} />}
    >
      {shown?.secretKey && <SecretShown community={shown} onClose={() => setShown(null)} />}
      {editing.editing && (
        <CommunityForm
          key={editing.formKey}
          community={editing.item}
          teams={teams.data ?? []}
          onSaved={(saved) => {
            editing.close();
            if (saved.secretKey) setShown(saved);
          }}
          onClose={editing.close}
        />
      )}
    </AdminListPage>
  );
}

function SecretShown({ community, onClose }: { community: VkCommunity; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card form-card" role="status" aria-label={t('vk.secretTitle')} data-secret-shown="">
      <p>
        <strong>{t('vk.secretTitle')}</strong>
      </p>
      <p className="small">{t('vk.secretHint')}</p>
      <dl className="small">
        <dt>{t('vk.callbackUrl')}</dt>
        <dd>
          <code>{community.callbackUrl ?? community.callbackPath}</code>
        </dd>
        <dt>{t('vk.secretKey')}</dt>
        <dd>
          <code data-secret-key="">{community.secretKey}</code>
        </dd>
      </dl>
      <div className="form-actions">
        <span className="spacer" />
        <button type="button" className="button primary" onClick={onClose}>
          {t('vk.secretDone')}
        </button>
      </div>
    </section>
  );
}

function CommunityCard({ community, team, onEdit, onSecret }: { community: VkCommunity; team: Team | undefined; onEdit: () => void; onSecret: (saved: VkCommunity) => void }) {
  const { t } = useTranslation();
  const save = useSaveVkCommunity();
  const remove = useRemoveVkCommunity();
  const failure = save.error ?? remove.error;
  return (
    <ChannelCard
      active={community.active}
      data-community={community.groupId}
      actions={
        <div className="form-actions">
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
          <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: community.id, body: { newSecretKey: true } }, { onSuccess: onSecret })}>
            {t('vk.newSecret')}
          </button>
          <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: community.id, body: { active: !community.active } })}>
            {community.active ? t('telegram.deactivate') : t('telegram.activate')}
          </button>
          <RemoveButton label={t('telegram.remove')} question={t('vk.removeConfirm', { name: community.name })} pending={remove.isPending} onRemove={() => remove.mutate(community.id)} />
        </div>
      }
    >
      <strong className="mailbox-address">{community.name}</strong> <span className="muted">club{community.groupId}</span>
      <div className="mailbox-chips">
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        <ActiveChip active={community.active} />
      </div>
      <div className="small mailbox-status">
        <span className="muted">{t('vk.callbackAt', { url: community.callbackUrl ?? community.callbackPath })}</span>
      </div>
      {failure && <FormError error={failure} known={knownRefusals} />}
    </ChannelCard>
  );
}

export interface CommunityFormValues {
  groupId: string;
  token: string;
  confirmation: string;
  secretKey: string;
  teamId: string;
}

/** The request body: the token and the secret key only when typed (an edit keeps the stored ones; a new community without a key gets one made). */
export function communityBody(form: CommunityFormValues, isNew: boolean): Record<string, unknown> {
  return {
    ...(isNew && { groupId: Number(form.groupId.trim().replace(/^(club|public)/, '')) }),
    confirmation: form.confirmation.trim(),
    teamId: form.teamId ? Number(form.teamId) : null,
    ...(form.token.trim() && { token: form.token.trim() }),
    ...(form.secretKey.trim() && { secretKey: form.secretKey.trim() }),
  };
}

function CommunityForm({ community, teams, onSaved, onClose }: { community: VkCommunity | null; teams: Team[]; onSaved: (saved: VkCommunity) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveVkCommunity();
  const [form, setForm] = useState<CommunityFormValues>({ groupId: community ? String(community.groupId) : '', token: '', confirmation: community?.confirmation ?? '', secretKey: '', teamId: community?.teamId ? String(community.teamId) : '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: community?.id, body: communityBody(form, !community) }, { onSuccess: onSaved });
  }

  return (
    <form className="card form-card mailbox-form" onSubmit={submit} aria-label={community ? t('vk.edit', { name: community.name }) : t('vk.add')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('vk.groupId')}</span>
          <input name="groupId" inputMode="numeric" required disabled={!!community} value={form.groupId} onChange={(e) => setForm({ ...form, groupId: e.target.value })} placeholder="123456" aria-describedby="vk-group-hint" />
          <small id="vk-group-hint" className="muted">{t('vk.groupIdHint')}</small>
        </label>
        <label className="field">
          <span>{t('vk.confirmation')}</span>
          <input name="confirmation" required autoComplete="off" value={form.confirmation} onChange={(e) => setForm({ ...form, confirmation: e.target.value })} placeholder="a1b2c3d4" aria-describedby="vk-confirmation-hint" />
          <small id="vk-confirmation-hint" className="muted">{t('vk.confirmationHint')}</small>
        </label>
        <label className="field wide">
          <span>{t('vk.token')}</span>
          <input type="password" name="token" autoComplete="off" required={!community} value={form.token} onChange={(e) => setForm({ ...form, token: e.target.value })} placeholder="vk1.a.…" aria-describedby="vk-token-hint" />
          <small id="vk-token-hint" className="muted">{community ? t('vk.tokenKept') : t('vk.tokenHint')}</small>
        </label>
        <label className="field wide">
          <span>{t('vk.secretKey')}</span>
          <input type="password" name="secretKey" autoComplete="off" value={form.secretKey} onChange={(e) => setForm({ ...form, secretKey: e.target.value })} aria-describedby="vk-secret-hint" />
          <small id="vk-secret-hint" className="muted">{community ? t('vk.secretKept') : t('vk.secretKeyHint')}</small>
        </label>
        <TeamSelect teams={teams} value={form.teamId} onChange={(teamId) => setForm({ ...form, teamId })} />
      </div>
      {save.isError && <FormError error={save.error} known={knownRefusals} />}
      <FormActions submitLabel={community ? t('admin.save') : t('vk.connect')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}
