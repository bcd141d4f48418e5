// The frame every channel's admin screen shares (mailboxes, contact forms, Telegram, WhatsApp, VK,
// phone, website chat): title, intro, add button, the open form, the list with its three states.
import { Fragment, useState, type Key, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../a11y/screen-title';
import { EmptyState, ErrorState, LoadingState } from './states';

/** What the frame needs of a list query (TanStack Query's result has all of it). */
export interface ListQuery<Item> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: Item[] | undefined;
  refetch: () => unknown;
}

export interface AdminListPageProps<Item> {
  title: string;
  intro: ReactNode;
  /** The add button; none when the person may only look. */
  add?: { label: string; onClick: () => void };
  items: ListQuery<Item>;
  empty: { title: string; hint?: string };
  itemKey: (item: Item) => Key;
  renderItem: (item: Item) => ReactNode;
  /** Shown between the intro and the list: the open form, a secret shown once. */
  children?: ReactNode;
}

export function AdminListPage<Item>({ title, intro, add, items, empty, itemKey, renderItem, children }: AdminListPageProps<Item>) {
  const { t } = useTranslation();
  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={title} />
        {add && (
          <button className="button primary" onClick={add.onClick}>
            {add.label}
          </button>
        )}
      </div>
      <p className="hint">{intro}</p>
      {children}
      {items.isPending ? (
        <LoadingState />
      ) : items.isError || !items.data ? (
        <ErrorState title={t('admin.error')} error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.length === 0 ? (
        <EmptyState title={empty.title} hint={empty.hint} />
      ) : (
        <ul className="card-list">{items.data.map((item) => <Fragment key={itemKey(item)}>{renderItem(item)}</Fragment>)}</ul>
      )}
    </main>
  );
}

/** What a list screen is editing: nothing, a new item, or one of the list. */
export type Editing<Item> = Item | 'new' | null;

/** The editing state and the key that gives each edited item a fresh form. */
export function useEditing<Item extends { id: number }>() {
  const [editing, setEditing] = useState<Editing<Item>>(null);
  return {
    editing,
    /** The item being edited; null for a new one. */
    item: editing === 'new' ? null : editing,
    formKey: editing === 'new' ? 'new' : editing ? editing.id : 'none',
    startNew: () => setEditing('new'),
    edit: (item: Item) => setEditing(item),
    close: () => setEditing(null),
  };
}
