// The test channel in the manifest: registered only when TEST_CHANNEL is on.
import type { Feature } from '../../feature.ts';
import { testChannel } from './adapter.ts';

export const testChannelFeature: Feature = {
  name: 'test-channel',
  start(ctx) {
    if (ctx.config.testChannel) ctx.channels.register(testChannel);
  },
};
