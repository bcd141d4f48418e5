// The shell: sign-in gate, then the navigation (views with live counts) and the routed screen.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCounts, useSetupState } from './api/queries';
import { views, type Me } from './api/types';
import { SessionProvider, useMeQuery, useSession } from './auth/session';
import { SignIn } from './auth/sign-in';
import { SetUp } from './auth/set-up';
import { formatCount, titleWithCount } from './lib/format';
import { linkHandler, parseRoute, useLocation, type Route } from './lib/router';
import { LiveProvider, useLive } from './live/live-provider';
import { InboxPage } from './inbox/inbox-page';
import { TicketByNumber } from './ticket/ticket-by-number';
import { ErrorState, LoadingState } from './ui/states';
import { FailedNavItem } from './deliveries/failed-nav';
import { FailureNotices } from './deliveries/failure-notices';
import { announce } from './a11y/announcer';
import { useFocusRescue } from './a11y/focus-rescue';
import { useCurrentScreenTitle, windowTitle } from './a11y/screen-title';
import { ShortcutsDialog } from './a11y/shortcuts-dialog';
import { UndoProvider } from './a11y/undo';
import { SolveReasonProvider } from './ticket/solve-reason';
import { useDrawer } from './a11y/drawer';
import { CallPopups } from './phone/call-popup';

// Admin and settings screens load on first use: the inbox and the ticket are what must be fast.
const AgentsPage = lazy(() => import('./admin/agents-page').then((m) => ({ default: m.AgentsPage })));
const TeamsPage = lazy(() => import('./admin/teams-page').then((m) => ({ default: m.TeamsPage })));
const CalendarsPage = lazy(() => import('./admin/calendars-page').then((m) => ({ default: m.CalendarsPage })));
const MailboxesPage = lazy(() => import('./admin/mailboxes-page').then((m) => ({ default: m.MailboxesPage })));
const WebFormsPage = lazy(() => import('./admin/web-forms-page').then((m) => ({ default: m.WebFormsPage })));
const ChatPage = lazy(() => import('./admin/chat-page').then((m) => ({ default: m.ChatPage })));
const TelegramPage = lazy(() => import('./admin/telegram-page').then((m) => ({ default: m.TelegramPage })));
const WhatsappPage = lazy(() => import('./admin/whatsapp-page').then((m) => ({ default: m.WhatsappPage })));
const VkPage = lazy(() => import('./admin/vk-page').then((m) => ({ default: m.VkPage })));
const PhonePage = lazy(() => import('./admin/phone-page').then((m) => ({ default: m.PhonePage })));
const UnprocessedPage = lazy(() => import('./admin/unprocessed-page').then((m) => ({ default: m.UnprocessedPage })));
const BackgroundWorkPage = lazy(() => import('./admin/background-page').then((m) => ({ default: m.BackgroundWorkPage })));
const DeskSettingsPage = lazy(() => import('./admin/desk-settings-page').then((m) => ({ default: m.DeskSettingsPage })));
const AuditPage = lazy(() => import('./admin/audit-page').then((m) => ({ default: m.AuditPage })));
const FailedDeliveriesPage = lazy(() => import('./deliveries/failed-page').then((m) => ({ default: m.FailedDeliveriesPage })));
const CustomersPage = lazy(() => import('./people/customers-page').then((m) => ({ default: m.CustomersPage })));
const CustomerPage = lazy(() => import('./people/customer-page').then((m) => ({ default: m.CustomerPage })));
const OrganizationsPage = lazy(() => import('./people/organizations-page').then((m) => ({ default: m.OrganizationsPage })));
const OrganizationPage = lazy(() => import('./people/organization-page').then((m) => ({ default: m.OrganizationPage })));
const SettingsPage = lazy(() => import('./settings/settings-page').then((m) => ({ default: m.SettingsPage })));

export function App() {
  const me = useMeQuery();
  if (me.isPending) return <LoadingState full />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} full />;
  if (!me.data) return <SignedOut />;
  return <SignedIn me={me.data} />;
}

/** A fresh instance with no agent yet offers the set-up; any other shows the sign-in. */
function SignedOut() {
  const setup = useSetupState();
  if (setup.isPending) return <LoadingState full />;
  if (setup.data?.needed) return <SetUp />;
  return <SignIn deskName={setup.data?.deskName ?? null} />;
}

function SignedIn({ me }: { me: Me }) {
  return (
    <SessionProvider me={me}>
      <LiveProvider me={me}>
        <UndoProvider>
          <SolveReasonProvider>
            <Shell />
            <ShortcutsDialog />
          </SolveReasonProvider>
        </UndoProvider>
      </LiveProvider>
    </SessionProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const route = parseRoute(useLocation());
  const { status } = useLive();
  const counts = useCounts();
  const screen = useCurrentScreenTitle();
  const drawer = useDrawer();
  const { canReply } = useSession();
  useFocusRescue();
  useEffect(() => {
    const unanswered = counts.data ? counts.data.unassigned + counts.data.mine : 0;
    document.title = titleWithCount(windowTitle(t('app.name'), screen), unanswered);
  }, [counts.data, t, screen]);
  const { close } = drawer;
  useEffect(() => close(false), [route.name, route.name === 'inbox' ? route.view : null, close]);
  useConnectionAnnouncements(status);
  // Without the live socket, counts still move: poll until it is back. With it, once a minute all the
  // same: a customer's wait crosses the desk's limit with no event (the Unanswered count).
  useEffect(() => {
    const timer = setInterval(() => void counts.refetch(), status === 'live' ? 60_000 : 15_000);
    return () => clearInterval(timer);
  }, [status, counts]);

  return (
    <div className={`shell ${drawer.open ? 'menu-open' : ''}`}>
      <a className="skip-link" href="#main" inert={drawer.open}>
        {t('app.skip')}
      </a>
      <header className="topbar" inert={drawer.open}>
        <button ref={drawer.button} className="icon-button" aria-expanded={drawer.open} aria-controls="sidebar" onClick={drawer.toggle} data-testid="menu-button">
          <span aria-hidden="true">☰</span>
          <span className="sr-only">{drawer.open ? t('nav.closeMenu') : t('nav.menu')}</span>
        </button>
        <span className="topbar-title" aria-hidden="true">{route.name === 'inbox' ? t(`views.${route.view}`, { defaultValue: t('app.name') }) : t('app.name')}</span>
        <UnansweredBadge count={counts.data?.unanswered} capped={counts.data?.capped?.includes('unanswered') ?? false} />
        <LiveDot />
      </header>
      <Sidebar route={route} drawer={drawer} />
      {drawer.open && <div className="scrim" onClick={() => close(true)} aria-hidden="true" />}
      <div className="screen" inert={drawer.open}>
        <Suspense fallback={<LoadingState />}>
          <Screen route={route} />
        </Suspense>
      </div>
      <FailureNotices />
      <CallPopups canCreate={canReply} />
    </div>
  );
}

/** The connection is announced when it is lost and when it is back, not at every page load. */
function useConnectionAnnouncements(status: string) {
  const { t } = useTranslation();
  const wasLive = useRef(false);
  const lost = useRef(false);
  useEffect(() => {
    if (status === 'live') {
      if (lost.current) announce(t('a11y.connection.back'));
      wasLive.current = true;
      lost.current = false;
    } else if (status === 'offline' && wasLive.current && !lost.current) {
      lost.current = true;
      announce(t('a11y.connection.lost'));
    }
  }, [status, t]);
}

function Sidebar({ route, drawer }: { route: Route; drawer: ReturnType<typeof useDrawer> }) {
  const { t, i18n } = useTranslation();
  const { me, isAdmin, canManageInbox, signOut } = useSession();
  const counts = useCounts();
  return (
    <nav id="sidebar" ref={drawer.panel} className="sidebar" aria-label={t('nav.main')} inert={drawer.hidden} onKeyDown={drawer.onKeyDown}>
      <div className="sidebar-brand">
        <span className="brand-mark small" aria-hidden="true">F</span>
        <span>{t('app.name')}</span>
        <UnansweredBadge count={counts.data?.unanswered} capped={counts.data?.capped?.includes('unanswered') ?? false} />
        <LiveDot spoken />
        {drawer.open && (
          <button className="icon-button drawer-close" onClick={() => drawer.close(true)}>
            <span aria-hidden="true">×</span>
            <span className="sr-only">{t('nav.closeMenu')}</span>
          </button>
        )}
      </div>
      <h2 className="sidebar-heading">{t('nav.views')}</h2>
      <ul className="nav-list">
        {views.map((view) => {
          const to = `/views/${view}`;
          const current = route.name === 'inbox' && route.view === view;
          const count = counts.data?.[view];
          return (
            <li key={view}>
              <a href={to} onClick={linkHandler(to)} aria-current={current ? 'page' : undefined} className="nav-link" data-view={view}>
                <span>{t(`views.${view}`)}</span>
                <span className="count" data-testid={`count-${view}`}>
                  {formatCount(count, i18n.language, counts.data?.capped?.includes(view))}
                </span>
              </a>
            </li>
          );
        })}
        <FailedNavItem current={route.name === 'failed'} />
      </ul>
      {/* Every role reads customers (customers.read); a light agent's screens leave out editing and merging. */}
      <h2 className="sidebar-heading">{t('nav.people')}</h2>
      <ul className="nav-list">
        <NavItem to="/customers" current={route.name === 'customers' || route.name === 'customer'} label={t('nav.customers')} />
        <NavItem to="/organizations" current={route.name === 'organizations' || route.name === 'organization'} label={t('nav.organizations')} />
      </ul>
      {(isAdmin || canManageInbox) && (
        <>
          <h2 className="sidebar-heading">{t('nav.admin')}</h2>
          <ul className="nav-list">
            {isAdmin && <NavItem to="/admin/agents" current={route.name === 'agents'} label={t('nav.agents')} />}
            {isAdmin && <NavItem to="/admin/teams" current={route.name === 'teams'} label={t('nav.teams')} />}
            {isAdmin && <NavItem to="/admin/calendars" current={route.name === 'calendars'} label={t('nav.calendars')} />}
            {isAdmin && <NavItem to="/admin/mailboxes" current={route.name === 'mailboxes'} label={t('nav.mailboxes')} />}
            {isAdmin && <NavItem to="/admin/forms" current={route.name === 'webForms'} label={t('nav.webForms')} />}
            {isAdmin && <NavItem to="/admin/chat" current={route.name === 'chat'} label={t('nav.chat')} />}
            {isAdmin && <NavItem to="/admin/telegram" current={route.name === 'telegram'} label={t('nav.telegram')} />}
            {isAdmin && <NavItem to="/admin/whatsapp" current={route.name === 'whatsapp'} label={t('nav.whatsapp')} />}
            {isAdmin && <NavItem to="/admin/vk" current={route.name === 'vk'} label={t('nav.vk')} />}
            {isAdmin && <NavItem to="/admin/phone" current={route.name === 'phone'} label={t('nav.phone')} />}
            {canManageInbox && <NavItem to="/admin/inbox" current={route.name === 'unprocessed'} label={t('nav.unprocessed')} />}
            {canManageInbox && <NavItem to="/admin/desk" current={route.name === 'desk'} label={t('nav.deskSettings')} />}
            {isAdmin && <NavItem to="/admin/audit" current={route.name === 'audit'} label={t('nav.audit')} />}
            {/* The server's jobs.manage is granted to the same roles as inbox.manage. */}
            {canManageInbox && <NavItem to="/admin/jobs" current={route.name === 'jobs'} label={t('spine.nav')} />}
          </ul>
        </>
      )}
      <div className="sidebar-footer">
        <ul className="nav-list">
          <NavItem to="/settings" current={route.name === 'settings'} label={t('nav.settings')} />
        </ul>
        <div className="me-line">
          <span className="me-name" title={me.email}>
            {me.name}
          </span>
          <button className="button ghost small" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </button>
        </div>
      </div>
    </nav>
  );
}

function NavItem({ to, current, label }: { to: string; current: boolean; label: string }) {
  return (
    <li>
      <a href={to} onClick={linkHandler(to)} aria-current={current ? 'page' : undefined} className="nav-link">
        <span>{label}</span>
      </a>
    </li>
  );
}

/** The connection's dot; only the sidebar's one has words (changes are announced, see useConnectionAnnouncements). */
/**
 * How many customers wait longer than the desk allows for an answer (issue 13 §4), in the header
 * for every agent, leading to the Unanswered board. Nothing when nobody waits.
 */
function UnansweredBadge({ count, capped }: { count: number | undefined; capped: boolean }) {
  const { t, i18n } = useTranslation();
  if (!count) return null;
  const shown = formatCount(count, i18n.language, capped);
  return (
    <a className="unanswered-badge" href="/views/unanswered" onClick={linkHandler('/views/unanswered')} aria-label={t('nav.unansweredBadgeLabel', { n: shown })} data-testid="unanswered-badge">
      {t('nav.unansweredBadge', { n: shown })}
    </a>
  );
}

function LiveDot({ spoken = false }: { spoken?: boolean }) {
  const { t } = useTranslation();
  const { status } = useLive();
  return (
    <span className={`live-dot ${status}`} title={t(`nav.live.${status}`)} data-live={status} aria-hidden={spoken ? undefined : true}>
      {spoken && <span className="sr-only">{t(`nav.live.${status}`)}</span>}
    </span>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'inbox':
      return <InboxPage view={route.view} />;
    case 'ticket':
      return <TicketByNumber key={route.number} number={route.number} />;
    case 'customers':
      return <CustomersPage />;
    case 'customer':
      return <CustomerPage key={route.id} id={route.id} />;
    case 'organizations':
      return <OrganizationsPage />;
    case 'organization':
      return <OrganizationPage key={route.id} id={route.id} />;
    case 'agents':
      return <AgentsPage />;
    case 'teams':
      return <TeamsPage />;
    case 'calendars':
      return <CalendarsPage />;
    case 'mailboxes':
      return <MailboxesPage />;
    case 'webForms':
      return <WebFormsPage />;
    case 'chat':
      return <ChatPage />;
    case 'telegram':
      return <TelegramPage />;
    case 'whatsapp':
      return <WhatsappPage />;
    case 'vk':
      return <VkPage />;
    case 'phone':
      return <PhonePage />;
    case 'unprocessed':
      return <UnprocessedPage />;
    case 'audit':
      return <AuditPage />;
    case 'desk':
      return <DeskSettingsPage />;
    case 'jobs':
      return <BackgroundWorkPage />;
    case 'failed':
      return <FailedDeliveriesPage />;
    case 'settings':
      return <SettingsPage />;
  }
}
