import { runChannelContract, type ChannelDriver } from '../contract/channel-contract';
import type { Reply } from '../../bot/types';
import { startRealServer } from '../http/realServer';

/** Talks to the web chat channel over HTTP, as the chat page does, and reads what the page shows. */
async function makeDriver(): Promise<ChannelDriver> {
  const server = await startRealServer();
  return {
    async send(conversationId, text) {
      const res = await fetch(`${server.url}/web/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      if (res.status !== 200) throw new Error(`web contract: POST messages answered ${res.status}: ${await res.text()}`);
      const { replies } = (await res.json()) as { replies: Reply[] };
      return { text: replies.map((r) => r.text).join('\n\n') };
    },
    close: () => server.close(),
  };
}

runChannelContract('web chat', makeDriver);
