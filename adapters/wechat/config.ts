/** What the WeChat official-account and WeCom routes need to know (parsed by the server's config). */

export interface WeChatConfig {
  token: string;
  appId: string;
  /** Safe (AES) and compatible modes need it; plaintext mode does not. */
  encodingAESKey: string | null;
  /** Only for 客服消息 (late replies through the customer-service API). */
  appSecret: string | null;
  /** Base URL of the WeChat API (a local fake in tests). */
  apiBase: string;
}

export interface WeComConfig {
  token: string;
  corpId: string;
  encodingAESKey: string;
}
