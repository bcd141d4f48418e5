// The Telegram channel in the manifest: the bots' admin routes, the public webhook, the channel
// adapter, and the long polling of bots in polling mode (`telegram.poll` jobs).
import type { Feature } from '../../feature.ts';
import { idIn } from '../../jobs/payload.ts';
import { TelegramChannel } from './adapter.ts';
import { TELEGRAM_POLL_JOB, TelegramPoller, ensureTelegramPolls } from './poller.ts';
import { telegramBotRoutes } from './routes.ts';
import { telegramWebhookRoutes } from './webhook.ts';

export const telegramFeature: Feature = {
  name: 'telegram',
  routes: [telegramBotRoutes, telegramWebhookRoutes],
  async start(ctx, runner) {
    ctx.channels.register(new TelegramChannel());
    const poller = new TelegramPoller(ctx);
    runner.register(TELEGRAM_POLL_JOB, (payload) => poller.poll(idIn(payload, 'botId')));
    await ensureTelegramPolls(ctx);
    return { stop: () => poller.stop() };
  },
};
