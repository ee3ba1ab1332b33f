import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRASES } from '../../bot/phrases';

/** What a user of a channel sees after sending one message: the visible text of every reply. */
export interface ChannelReply {
  text: string;
}

/** Drives one channel through its real wire format (HTTP route, XML, activities …). */
export interface ChannelDriver {
  /** Sends `text` from the user of `conversationId` and returns what that user sees. */
  send(conversationId: string, text: string): Promise<ChannelReply>;
  close(): Promise<void>;
}

/**
 * The contract every channel adapter meets, run once per adapter:
 * a greeting, a cited answer, a follow-up that keeps context, a refusal and bad input.
 */
export function runChannelContract(channel: string, makeDriver: () => Promise<ChannelDriver>): void {
  describe(`${channel} channel contract`, () => {
    let driver: ChannelDriver;
    beforeAll(async () => {
      driver = await makeDriver();
    });
    afterAll(async () => {
      await driver?.close();
    });

    it('greets the user and says what it can do', async () => {
      const reply = await driver.send('contract-greeting', '你好');
      expect(reply.text).toContain('医保政策问答助手');
    });

    it('answers 灵活就业人员能参加职工医保吗 with a cited clause', async () => {
      const reply = await driver.send('contract-answer', '灵活就业人员能参加职工医保吗');
      expect(reply.text).toContain('灵活就业人员');
      expect(reply.text).toMatch(/——《[^》]+》/);
    });

    it('keeps the topic when the user follows up with 那青海呢', async () => {
      await driver.send('contract-follow-up', '灵活就业人员能参加职工医保吗');
      const reply = await driver.send('contract-follow-up', '那青海呢');
      expect(reply.text).toContain('青海省“十四五”全民医疗保障规划');
      expect(reply.text).toContain('灵活就业');
    });

    it('declines a question the documents do not answer and points to 12345', async () => {
      const reply = await driver.send('contract-refusal', '明天西宁下雨不');
      expect(reply.text).toContain('12345');
      expect(reply.text).not.toMatch(/——《/);
    });

    it('asks for a question in words when the message is only emoji', async () => {
      const reply = await driver.send('contract-bad-input', '😀😀😀');
      expect(reply.text).toContain(PHRASES.noWords);
    });
  });
}
