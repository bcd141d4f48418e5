// The channel a ticket came by, as an icon and its name. A chat ticket wears it as a badge in the
// lists too: the customer may still be on the site, waiting for an answer in seconds.
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from './icons';

export const channelIcons: Record<string, IconName> = { email: 'mail', chat: 'chat', whatsapp: 'chat', vk: 'chat', telegram: 'send', phone: 'phone', web: 'globe', api: 'code', test: 'code' };

/** Channels whose tickets show the badge in lists (the others show their icon in the channel column). */
export const badgedChannels: readonly string[] = ['chat'];

export function ChannelBadge({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return (
    <span className={`chip channel-badge channel-${channel.replace(/[^a-z0-9_-]/gi, '')}`} data-testid="channel-badge" data-channel={channel}>
      <Icon name={channelIcons[channel] ?? 'chat'} /> {t(`channel.${channel}`, { defaultValue: channel })}
    </span>
  );
}
