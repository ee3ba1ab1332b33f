import { runChannelContract } from '../contract/channel-contract';
import { makeWeChatDriver } from './contractDriver';

runChannelContract('企业微信', () => makeWeChatDriver('wecom'));
