/**
 * What the server needs to know about the Bot Framework route before botbuilder is loaded: where
 * it is mounted and which mode it runs in (the start-up line). Imports nothing of botbuilder.
 */
import type { BotFrameworkConfig } from './config';

/** Where the Bot Framework (Azure Bot Service, Emulator, Direct Line) posts activities. */
export const BOT_FRAMEWORK_PATH = '/api/messages';

/** What the start-up line says about the route: which of the two modes is on. */
export function botFrameworkMode(config: BotFrameworkConfig): string {
  return config.MicrosoftAppId
    ? 'app id set: every request must carry a Bot Framework token'
    : 'no app id: unauthenticated, so replies go only to a loopback serviceUrl (the Emulator) or back in the response (deliveryMode expectReplies); any other request gets 401';
}
