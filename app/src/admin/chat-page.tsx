// Website chat (admin): the sites that show the chat widget, each with its public key and the
// snippet to paste into the site, its texts, look, topics, opening hours and when to ask for an email.
import { useTranslation } from 'react-i18next';
import { useChatSites, useRemoveChatSite, useSaveChatSite, type ChatSite } from '../api/chat-admin';
import { useMailboxes } from '../api/mail-admin';
import { useTeams } from '../api/queries';
import type { Mailbox, Team } from '../api/types';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { CopyButton } from '../ui/copy-button';
import { ActiveChip, ChannelCard, RemoveButton } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { chatSnippet } from './chat-site-body';
import { ChatSiteForm } from './chat-site-form';

export function ChatPage() {
  const { t } = useTranslation();
  const sites = useChatSites();
  const teams = useTeams();
  const mailboxes = useMailboxes();
  const editing = useEditing<ChatSite>();

  return (
    <AdminListPage
      title={t('chatAdmin.title')}
      intro={t('chatAdmin.intro')}
      add={{ label: t('chatAdmin.add'), onClick: editing.startNew }}
      items={sites}
      empty={{ title: t('chatAdmin.none'), hint: t('chatAdmin.noneHint') }}
      itemKey={(site) => site.id}
      renderItem={(site) => (
        <SiteCard site={site} team={teams.data?.find((x) => x.id === site.teamId)} mailbox={mailboxes.data?.find((x) => x.id === site.mailboxId)} onEdit={() => editing.edit(site)} />
      )}
    >
      {editing.editing && <ChatSiteForm key={editing.formKey} site={editing.item} teams={teams.data ?? []} mailboxes={mailboxes.data ?? []} onClose={editing.close} />}
    </AdminListPage>
  );
}

function SiteCard({ site, team, mailbox, onEdit }: { site: ChatSite; team: Team | undefined; mailbox: Mailbox | undefined; onEdit: () => void }) {
  const { t } = useTranslation();
  const save = useSaveChatSite();
  const remove = useRemoveChatSite();
  const failure = save.error ?? remove.error;
  const snippet = chatSnippet(site, window.location.origin);
  return (
    <ChannelCard
      active={site.active}
      className="mailbox-card chat-site-card"
      data-site={site.key}
      actions={
        <div className="form-actions">
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
          <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: site.id, body: { active: !site.active } })}>
            {site.active ? t('chatAdmin.deactivate') : t('chatAdmin.activate')}
          </button>
          <RemoveButton label={t('chatAdmin.remove')} question={t('chatAdmin.removeConfirm', { name: site.name })} pending={remove.isPending} onRemove={() => remove.mutate(site.id)} />
        </div>
      }
    >
      <strong className="mailbox-address">
        <span className="chat-swatch" style={{ background: site.color }} aria-hidden="true" /> {site.name}
      </strong>
      <div className="mailbox-chips">
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        <span className="chip">{mailbox ? t('chatAdmin.answeredFrom', { address: mailbox.address }) : t('chatAdmin.mailboxDefault')}</span>
        <span className="chip">{site.hours ? t('chatAdmin.hoursChip', { timeZone: site.hours.timeZone }) : t('chatAdmin.alwaysOpenChip')}</span>
        <ActiveChip active={site.active} />
      </div>
      <div className="small">
        {t('chatAdmin.key')} <code data-testid="site-key">{site.key}</code>
      </div>
      <div className="small">
        {t('chatAdmin.snippet')} <code className="web-form-snippet" data-testid="site-snippet">{snippet}</code> <CopyButton text={snippet} label={t('chatAdmin.copySnippet')} />
      </div>
      <div className="small muted">{site.allowedOrigins.length ? t('chatAdmin.sites', { sites: site.allowedOrigins.join(', ') }) : t('chatAdmin.noSites')}</div>
      {failure && <FormError error={failure} />}
    </ChannelCard>
  );
}
