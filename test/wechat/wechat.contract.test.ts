import { runChannelContract } from '../contract/channel-contract';
import { makeWeChatDriver } from './contractDriver';

runChannelContract('WeChat 公众号', () => makeWeChatDriver('mp'));
