// Contact forms (admin): forms customers send from a site or a hosted page; each submission becomes
// a ticket of the "web" channel, answered by email. A card shows the page's address and the snippet
// that embeds it; the sites allowed to embed or post to it are listed one per line.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '@frontline/shared';
import { useMailboxes } from '../api/mail-admin';
import { useTeams } from '../api/queries';
import { useDeleteWebForm, useSaveWebForm, useWebForms, type WebFormBody } from '../api/web-forms';
import type { Mailbox, Team, WebForm } from '../api/types';
import { useSession } from '../auth/session';
import { CopyButton } from '../ui/copy-button';
import { EmptyState, ErrorState, FormError, LoadingState } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';
import { TeamSelect } from '../ui/team-select';

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
  const [editing, setEditing] = useState<WebForm | 'new' | null>(null);

  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('webForms.title')} />
        {isAdmin && (
          <button className="button primary" onClick={() => setEditing('new')}>
            {t('webForms.add')}
          </button>
        )}
      </div>
      <p className="hint">{t('webForms.intro')}</p>
      {editing && (
        <WebFormEditor
          key={editing === 'new' ? 'new' : editing.id}
          form={editing === 'new' ? null : editing}
          teams={teams.data ?? []}
          mailboxes={mailboxes.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
      {forms.isPending ? (
        <LoadingState />
      ) : forms.isError ? (
        <ErrorState title={t('admin.error')} error={forms.error} onRetry={() => void forms.refetch()} />
      ) : forms.data.length === 0 ? (
        <EmptyState title={t('webForms.none')} hint={t('webForms.noneHint')} />
      ) : (
        <ul className="card-list">
          {forms.data.map((form) => (
            <WebFormCard key={form.id} form={form} team={teams.data?.find((x) => x.id === form.teamId)} mailbox={mailboxes.data?.find((x) => x.id === form.mailboxId)} onEdit={isAdmin ? () => setEditing(form) : undefined} />
          ))}
        </ul>
      )}
    </main>
  );
}

function WebFormCard({ form, team, mailbox, onEdit }: { form: WebForm; team: Team | undefined; mailbox: Mailbox | undefined; onEdit?: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteWebForm();
  const url = pageUrl(form);
  return (
    <li className={`card web-form-card ${form.active ? '' : 'inactive'}`} data-form={form.name}>
      <div className="mailbox-info">
        <strong>{form.name}</strong>
        <div className="mailbox-chips">
          <span className="chip">{team ? team.name : t('side.noTeam')}</span>
          <span className="chip">{mailbox ? t('webForms.answeredFrom', { address: mailbox.address }) : t('webForms.answeredFromDefault')}</span>
          {form.active ? <span className="chip status-solved">{t('mailboxes.active')}</span> : <span className="chip status-closed">{t('mailboxes.inactive')}</span>}
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
      </div>
      {onEdit && (
        <div className="card-actions">
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
          <button
            className="button small danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('webForms.confirmRemove', { name: form.name }))) remove.mutate(form.id);
            }}
          >
            {t('webForms.remove')}
          </button>
          {remove.isError && <FormError error={remove.error} />}
        </div>
      )}
    </li>
  );
}

export interface WebFormState {
  name: string;
  teamId: string;
  mailboxId: string;
  /** One origin per line. */
  origins: string;
  texts: Record<Locale, { title: string; intro: string }>;
  active: boolean;
}

export function initialWebFormState(form: WebForm | null): WebFormState {
  const texts = Object.fromEntries(locales.map((locale) => [locale, { title: form?.texts[locale]?.title ?? '', intro: form?.texts[locale]?.intro ?? '' }])) as WebFormState['texts'];
  return {
    name: form?.name ?? '',
    teamId: form?.teamId ? String(form.teamId) : '',
    mailboxId: form?.mailboxId ? String(form.mailboxId) : '',
    origins: form?.allowedOrigins.join('\n') ?? '',
    texts,
    active: form?.active ?? true,
  };
}

/** The request body; empty texts go back to the built-in ones. */
export function webFormBody(state: WebFormState): WebFormBody {
  const texts = Object.fromEntries(
    locales.map((locale) => {
      const title = state.texts[locale].title.trim();
      const intro = state.texts[locale].intro.trim();
      return [locale, { ...(title && { title }), ...(intro && { intro }) }];
    }),
  );
  return {
    name: state.name.trim(),
    teamId: state.teamId ? Number(state.teamId) : null,
    mailboxId: state.mailboxId ? Number(state.mailboxId) : null,
    allowedOrigins: state.origins
      .split(/[\s,]+/)
      .map((origin) => origin.trim())
      .filter(Boolean),
    texts,
    active: state.active,
  };
}

function WebFormEditor({ form, teams, mailboxes, onClose }: { form: WebForm | null; teams: Team[]; mailboxes: Mailbox[]; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWebForm();
  const [state, setState] = useState(() => initialWebFormState(form));
  const set = (key: 'name' | 'teamId' | 'mailboxId' | 'origins') => (e: { target: { value: string } }) => setState({ ...state, [key]: e.target.value });
  const setText = (locale: Locale, key: 'title' | 'intro') => (e: { target: { value: string } }) =>
    setState({ ...state, texts: { ...state.texts, [locale]: { ...state.texts[locale], [key]: e.target.value } } });

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
        <label className="field">
          <span>{t('webForms.mailbox')}</span>
          <select name="mailboxId" value={state.mailboxId} onChange={set('mailboxId')}>
            <option value="">{t('webForms.answeredFromDefault')}</option>
            {mailboxes.map((mailbox) => (
              <option key={mailbox.id} value={mailbox.id}>
                {mailbox.address}
              </option>
            ))}
          </select>
        </label>
        <label className="field wide">
          <span>{t('webForms.origins')}</span>
          <textarea name="origins" rows={3} value={state.origins} onChange={set('origins')} placeholder="https://shop.example" />
          <small className="muted">{t('webForms.originsHint')}</small>
        </label>
      </div>
      <fieldset className="form-section">
        <legend>{t('webForms.textsTitle')}</legend>
        <p className="small muted">{t('webForms.textsHint')}</p>
        {locales.map((locale) => (
          <div className="form-grid" key={locale}>
            <label className="field">
              <span>{t('webForms.heading', { language: t(`language.${locale}`) })}</span>
              <input type="text" name={`title-${locale}`} maxLength={200} value={state.texts[locale].title} onChange={setText(locale, 'title')} />
            </label>
            <label className="field">
              <span>{t('webForms.introduction', { language: t(`language.${locale}`) })}</span>
              <input type="text" name={`intro-${locale}`} maxLength={2000} value={state.texts[locale].intro} onChange={setText(locale, 'intro')} />
            </label>
          </div>
        ))}
      </fieldset>
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
