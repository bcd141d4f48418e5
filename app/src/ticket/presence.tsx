// Who else is on the open ticket: other agents viewing or typing (the collision warning) and, on
// a chat ticket, the customer typing. Each note is read out once when it appears or changes.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from '../a11y/announcer';
import { useVisitorTyping, usePresence } from '../live/live-provider';
import { Icon, type IconName } from '../ui/icons';

/** One line of presence; the one live region reads it when it appears or changes (a region mounted with its text is not read). */
function PresenceNote({ text, kind, icon, testId }: { text: string; kind: 'typing' | 'viewing'; icon: IconName; testId: string }) {
  useEffect(() => {
    if (text) announce(text);
  }, [text]);
  if (!text) return null;
  return (
    <div className={`collision ${kind}`} data-testid={testId}>
      <Icon name={icon} /> {text}
    </div>
  );
}

export function Collision({ ticketId, selfId }: { ticketId: number; selfId: number }) {
  const { t, i18n } = useTranslation();
  const others = usePresence(ticketId, selfId);
  const typing = others.filter((p) => p.state === 'typing');
  const list = (names: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
  const text =
    others.length === 0
      ? ''
      : typing.length > 0
        ? t('ticket.collisionTyping', { count: typing.length, names: list(typing.map((p) => p.agentName)) })
        : t('ticket.collisionViewing', { count: others.length, names: list(others.map((p) => p.agentName)) });
  return <PresenceNote text={text} kind={typing.length > 0 ? 'typing' : 'viewing'} icon={typing.length > 0 ? 'pencil' : 'eye'} testId="collision" />;
}

/** "The customer is typing…" while the chat visitor types (docs/chat-widget.md: the visitor's typing frame). */
export function VisitorTyping({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const typing = useVisitorTyping(ticketId);
  return <PresenceNote text={typing ? t('ticket.customerTyping') : ''} kind="typing" icon="pencil" testId="customer-typing" />;
}
