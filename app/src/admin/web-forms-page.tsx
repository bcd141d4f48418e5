// Contact forms (admin): forms customers send from a site or a hosted page; each submission becomes
// a ticket of the "web" channel, answered by email. A card shows the page's address and the snippet
// that embeds it; the sites allowed to embed or post to it are listed one per line.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMailboxes } from '../api/mail-admin';
import { useTeams } from '../api/queries';
import { useDeleteWebForm, useSaveWebForm, useWebForms, type WebFormBody } from '../api/web-forms';
import type { Mailbox, Team, WebForm } from '../api/types';
import { useSession } from '../auth/session';
import { CopyButton } from '../ui/copy-button';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, LocaleTextFields, RemoveButton } from '../ui/settings-form';
import { localeTexts, localeTextsBody, type LocaleTexts } from '../ui/locale-texts';
import { FormError } from '../ui/states';
import { MailboxSelect, TeamSelect } from '../ui/team-select';

/** The address of a form's hosted page on this help desk. */
export const pageUrl = (form: Pick<WebForm, 'pagePath'>, origin = window.location.origin) => `${origin}${form.pagePath}`;

/** The snippet a site pastes where the form should be: the hosted page in a frame. */
export const embedSnippet = (form: Pick<WebForm, 'pagePath' | 'name'>, origin = window.location.origin) =>
  `<iframe src="${pageUrl(form, origin)}" title="${form.name.replace(/[&"<>]/g, '')}" style="width:100%;min-height:640px;border:0" loading="lazy"></iframe>`;

export function WebFormsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const forms = useWebForms();
  const teams = useTeams();
  const mailboxes = useMailboxes();
  const editing = useEditing<WebForm>();

  return (
    <AdminListPage
      title={t('webForms.title')}
      intro={t('webForms.intro')}
      add={isAdmin ? { label: t('webForms.add'), onClick: editing.startNew } : undefined}
      items={forms}
      empty={{ title: t('webForms.none'), hint: t('webForms.noneHint') }}
      itemKey={(form) => form.id}
      renderItem={(form) => (
        <WebFormCard form={form} team={teams.data?.find((x) => x.id === form.teamId)} mailbox={mailboxes.data?.find((x) => x.id === form.mailboxId)} onEdit={isAdmin ? () => editing.edit(form) : undefined} />
      )}
    >
      {editing.editing && <WebFormEditor key={editing.formKey} form={editing.item} teams={teams.data ?? []} mailboxes={mailboxes.data ?? []} onClose={editing.close} />}
    </AdminListPage>
  );
}

function WebFormCard({ form, team, mailbox, onEdit }: { form: WebForm; team: Team | undefined; mailbox: Mailbox | undefined; onEdit?: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteWebForm();
  const url = pageUrl(form);
  return (
    <ChannelCard
      active={form.active}
      className="web-form-card"
      data-form={form.name}
      actions={
        onEdit && (
          <div className="card-actions">
            <button className="button small" onClick={onEdit}>
              {t('admin.edit')}
            </button>
            <RemoveButton label={t('webForms.remove')} question={t('webForms.confirmRemove', { name: form.name })} pending={remove.isPending} onRemove={() => remove.mutate(form.id)} />
            {remove.isError && <FormError error={remove.error} />}
          </div>
        )
      }
    >
      <strong>{form.name}</strong>
      <div className="mailbox-chips">
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        <span className="chip">{mailbox ? t('webForms.answeredFrom', { address: mailbox.address }) : t('webForms.answeredFromDefault')}</span>
        <ActiveChip active={form.active} />
      </div>
      <div className="small">
        {t('webForms.page')}{' '}
        <a href={url} target="_blank" rel="noreferrer" className="web-form-link">
          {url}
        </a>{' '}
        <CopyButton text={url} label={t('webForms.copyLink')} />
      </div>
      <div className="small">
        {t('webForms.embed')} <code className="web-form-snippet">{embedSnippet(form)}</code> <CopyButton text={embedSnippet(form)} label={t('webForms.copySnippet')} />
      </div>
      <div className="small muted">{form.allowedOrigins.length ? t('webForms.sites', { sites: form.allowedOrigins.join(', ') }) : t('webForms.noSites')}</div>
    </ChannelCard>
  );
}

const textFields = ['title', 'intro'] as const;

export interface WebFormState {
  name: string;
  teamId: string;
  mailboxId: string;
  /** One origin per line. */
  origins: string;
  texts: LocaleTexts<(typeof textFields)[number]>;
  active: boolean;
}

export function initialWebFormState(form: WebForm | null): WebFormState {
  return {
    name: form?.name ?? '',
    teamId: form?.teamId ? String(form.teamId) : '',
    mailboxId: form?.mailboxId ? String(form.mailboxId) : '',
    origins: form?.allowedOrigins.join('\n') ?? '',
    texts: localeTexts(textFields, form?.texts),
    active: form?.active ?? true,
  };
}

/** The request body; empty texts go back to the built-in ones. */
export function webFormBody(state: WebFormState): WebFormBody {
  return {
    name: state.name.trim(),
    teamId: state.teamId ? Number(state.teamId) : null,
    mailboxId: state.mailboxId ? Number(state.mailboxId) : null,
    allowedOrigins: state.origins
      .split(/[\s,]+/)
      .map((origin) => origin.trim())
      .filter(Boolean),
    texts: localeTextsBody(state.texts),
    active: state.active,
  };
}

function WebFormEditor({ form, teams, mailboxes, onClose }: { form: WebForm | null; teams: Team[]; mailboxes: Mailbox[]; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWebForm();
  const [state, setState] = useState(() => initialWebFormState(form));
  const set = (key: 'name' | 'teamId' | 'mailboxId' | 'origins') => (e: { target: { value: string } }) => setState({ ...state, [key]: e.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: form?.id, body: webFormBody(state) }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card web-form-editor" onSubmit={submit} aria-label={form ? t('webForms.edit', { name: form.name }) : t('webForms.add')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('webForms.name')}</span>
          <input type="text" name="name" required maxLength={200} value={state.name} onChange={set('name')} />
        </label>
        <TeamSelect teams={teams} value={state.teamId} onChange={(teamId) => setState({ ...state, teamId })} />
        <MailboxSelect mailboxes={mailboxes} value={state.mailboxId} onChange={(mailboxId) => setState({ ...state, mailboxId })} label={t('webForms.mailbox')} none={t('webForms.answeredFromDefault')} />
        <label className="field wide">
          <span>{t('webForms.origins')}</span>
          <textarea name="origins" rows={3} value={state.origins} onChange={set('origins')} placeholder="https://shop.example" />
          <small className="muted">{t('webForms.originsHint')}</small>
        </label>
      </div>
      <LocaleTextFields
        legend={t('webForms.textsTitle')}
        hint={t('webForms.textsHint')}
        fields={[
          { name: 'title', label: (language) => t('webForms.heading', { language }), maxLength: 200 },
          { name: 'intro', label: (language) => t('webForms.introduction', { language }), maxLength: 2000 },
        ]}
        value={state.texts}
        onChange={(texts) => setState({ ...state, texts })}
      />
      <label className="check">
        <input type="checkbox" name="active" checked={state.active} onChange={(e) => setState({ ...state, active: e.target.checked })} />
        {t('webForms.activeLabel')}
      </label>
      <div className="form-actions">
        <button className="button primary" type="submit" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        <button className="button" type="button" onClick={onClose}>
          {t('admin.cancel')}
        </button>
        {save.isError && <FormError error={save.error} />}
      </div>
    </form>
  );
}
