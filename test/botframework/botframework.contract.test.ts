import { parseConfig } from '../../server/config';
import { loadServices } from '../../server/services';
import { KeyValueBotStorage } from '../../adapters/botframework/storage';
import { MemoryStore } from '../../state/memory';
import { runChannelContract, type ChannelDriver } from '../contract/channel-contract';
import { startHttpBot, userMessage } from './httpBot';

/** Drives the real conversation handler through `POST /api/messages` (deliveryMode expectReplies). */
async function makeDriver(): Promise<ChannelDriver> {
  const { conversation } = await loadServices(parseConfig({}));
  const bot = await startHttpBot({ conversation, storage: new KeyValueBotStorage(new MemoryStore()) });
  return {
    async send(conversationId, text) {
      const { status, activities } = await bot.post(userMessage(conversationId, text));
      if (status !== 200) throw new Error(`POST /api/messages answered ${status}`);
      return { text: activities.map((a) => a.text ?? '').join('\n\n') };
    },
    close: () => bot.close(),
  };
}

runChannelContract('Bot Framework', makeDriver);
