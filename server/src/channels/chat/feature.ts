// The website chat in the manifest: the sites' admin routes, the widget's HTTP and WebSocket with
// the visitors' hub, the widget's scripts, the adapter, and the email of answers a visitor missed.
import type { Feature, FeatureRoutes } from '../../feature.ts';
import { idIn } from '../../jobs/payload.ts';
import { ChatChannel } from './adapter.ts';
import { ChatHub } from './hub.ts';
import { CHAT_EMAIL_JOB, emailUnread, emailUnreadAnswers } from './on-events.ts';
import { chatSiteRoutes } from './routes.ts';
import { chatVisitorRoutes } from './visitor-routes.ts';
import { widgetFiles } from './widget-routes.ts';

const visitorsWithHub: FeatureRoutes = async (api, { ctx }) => {
  const hub = new ChatHub(ctx);
  await hub.start();
  api.addHook('onClose', () => hub.stop());
  await api.register(chatVisitorRoutes, { ctx, hub });
};

export const chatFeature: Feature = {
  name: 'chat',
  routes: [chatSiteRoutes, visitorsWithHub],
  pages: [widgetFiles],
  reactions: [emailUnreadAnswers],
  start(ctx, runner) {
    ctx.channels.register(new ChatChannel());
    runner.register(CHAT_EMAIL_JOB, (payload) => emailUnread(ctx, idIn(payload, 'ticketId')));
  },
};
