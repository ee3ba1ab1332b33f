/**
 * Where replies may go when the bot has no app id. Without an app id nothing is authenticated, so
 * a reply sent to the activity's `serviceUrl` would go wherever the client said, path and query
 * included: an open relay. Replies therefore go only
 *
 * - to a loopback `serviceUrl` (`localhost`, 127.0.0.0/8, `[::1]`): the Bot Framework Emulator
 *   on this machine, or
 * - back in the HTTP response, when the activity asks for `deliveryMode: 'expectReplies'`
 *   (botbuilder then buffers every reply instead of sending it).
 *
 * Any other activity is refused before the turn runs, so no request leaves the server.
 */
import { DeliveryModes, type Activity } from 'botbuilder';
import { describeValue } from '../http/errors';

/** Host names that are this machine by definition (RFC 6761), compared after URL parsing. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '[::1]']);

/** 127.0.0.0/8 as the URL parser writes it (it normalises `127.1`, `0x7f.0.0.1` … to dotted quads). */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Schemes a connector can be reached over. */
const HTTP_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Whether `serviceUrl` is an http(s) URL of this machine's loopback interface. */
export function isLoopbackUrl(serviceUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  return HTTP_SCHEMES.has(url.protocol) && (LOOPBACK_HOSTS.has(url.hostname) || IPV4_LOOPBACK.test(url.hostname));
}

/** What is wrong with a `serviceUrl` that is not loopback, naming its host (never its path or query). */
function notLoopback(serviceUrl: unknown): string {
  if (typeof serviceUrl !== 'string' || serviceUrl === '') return 'the activity has no serviceUrl';
  try {
    return `serviceUrl host ${describeValue(new URL(serviceUrl).host)} is not loopback`;
  } catch {
    return `serviceUrl ${describeValue(serviceUrl)} is not a URL`;
  }
}

/**
 * Why an unauthenticated activity may not be answered, or null when its replies stay on this
 * machine or come back in the response.
 */
export function unauthenticatedReplyRefusal(activity: Partial<Activity>): string | null {
  if (activity.deliveryMode === DeliveryModes.ExpectReplies) return null;
  if (typeof activity.serviceUrl === 'string' && isLoopbackUrl(activity.serviceUrl)) return null;
  return (
    'without MicrosoftAppId replies go only to a loopback serviceUrl (the Emulator) or back in the response ' +
    `(deliveryMode "expectReplies"), and ${notLoopback(activity.serviceUrl)}`
  );
}
