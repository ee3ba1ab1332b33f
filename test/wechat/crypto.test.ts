import { describe, expect, it } from 'vitest';
import { WeChatCrypto, computeSignature, signatureMatches, verifySignature } from '../../adapters/wechat/crypto';
import { parseMessage } from '../../adapters/wechat/xml';
import { A, B, B2, C, C2, C3 } from './vectors';

const mp = new WeChatCrypto({ token: A.token, encodingAESKey: A.encodingAESKey, receiveId: A.appId });
const wecomB = new WeChatCrypto({ token: B.token, encodingAESKey: B.encodingAESKey, receiveId: B.corpId });
const wecomC = new WeChatCrypto({ token: C.token, encodingAESKey: C.encodingAESKey, receiveId: C.corpId });

describe('WeChat signatures', () => {
  it('signs the URL verification of vector A like Tencent’s demo', () => {
    expect(computeSignature(A.token, A.timestamp, A.nonce)).toBe(A.signature);
    expect(() => verifySignature(A.token, A.signature, A.timestamp, A.nonce)).not.toThrow();
  });

  it('signs the encrypted message of vector A like Tencent’s demo', () => {
    expect(computeSignature(A.token, A.timestamp, A.nonce, A.encrypt)).toBe(A.msgSignature);
  });

  it('signs the WeCom vectors B, B2, C and C3', () => {
    expect(computeSignature(B.token, B.verify.timestamp, B.verify.nonce, B.verify.echostr)).toBe(B.verify.msgSignature);
    expect(computeSignature(B.token, B2.timestamp, B2.nonce, B2.encrypt)).toBe(B2.msgSignature);
    expect(computeSignature(C.token, C.verify.timestamp, C.verify.nonce, C.verify.echostr)).toBe(C.verify.msgSignature);
    expect(computeSignature(C.token, C3.timestamp, C3.nonce, C3.encrypt)).toBe(C3.msgSignature);
  });

  it('rejects a signature that differs in one character, naming the timestamp', () => {
    const wrong = `${A.signature.slice(0, -1)}b`;
    expect(signatureMatches(wrong, A.token, A.timestamp, A.nonce)).toBe(false);
    expect(() => verifySignature(A.token, wrong, A.timestamp, A.nonce)).toThrow('wechat: bad signature for timestamp 1409735669');
  });

  it('rejects a signature of the wrong length without throwing from the comparison', () => {
    expect(signatureMatches('abc', A.token, A.timestamp, A.nonce)).toBe(false);
  });

  it('rejects a wrong msg_signature before decrypting', () => {
    expect(() => mp.verifyAndDecrypt(A.signature, A.timestamp, A.nonce, A.encrypt)).toThrow(
      'wechat: bad msg_signature for timestamp 1409735669',
    );
  });
});

describe('WeChat decryption', () => {
  it('decrypts vector A to the text message from oyORnuP8q7ou2gfYjqLzSIWZf0rs', () => {
    const message = parseMessage(mp.verifyAndDecrypt(A.msgSignature, A.timestamp, A.nonce, A.encrypt));
    expect(message).toMatchObject({ fromUserName: A.from, msgType: 'text', content: A.content, msgId: A.msgId });
  });

  it('decrypts the WeCom echostr of vector B to 1288432023552776189', () => {
    const { msgSignature, timestamp, nonce, echostr } = B.verify;
    expect(wecomB.verifyAndDecrypt(msgSignature, timestamp, nonce, echostr)).toBe(B.verify.plaintext);
  });

  it('decrypts the WeCom message of vector B2 to the official XML', () => {
    expect(wecomB.verifyAndDecrypt(B2.msgSignature, B2.timestamp, B2.nonce, B2.encrypt)).toBe(B2.plaintext);
  });

  it('decrypts the WeCom echostr of vector C to 5927782489442352469', () => {
    const { msgSignature, timestamp, nonce, echostr } = C.verify;
    expect(wecomC.verifyAndDecrypt(msgSignature, timestamp, nonce, echostr)).toBe(C.verify.plaintext);
  });

  it('decrypts the WeCom message of vector C3 to content test from messense', () => {
    const message = parseMessage(wecomC.verifyAndDecrypt(C3.msgSignature, C3.timestamp, C3.nonce, C3.encrypt));
    expect(message).toMatchObject({ fromUserName: 'messense', content: 'test' });
  });

  it('refuses a message encrypted for another ReceiveId', () => {
    const other = new WeChatCrypto({ token: A.token, encodingAESKey: A.encodingAESKey, receiveId: 'wx0000000000000000' });
    expect(() => other.decrypt(A.encrypt)).toThrow('wechat: receiveId mismatch: expected wx0000000000000000, got wx2c2769f8efd9abc2');
  });

  it('refuses ciphertext that is not a whole number of AES blocks', () => {
    expect(() => mp.decrypt('YWJj')).toThrow('wechat: ciphertext length 3 is not a positive multiple of 16');
  });

  it('refuses an EncodingAESKey that is not 43 characters', () => {
    expect(() => new WeChatCrypto({ token: 't', encodingAESKey: 'short', receiveId: 'x' })).toThrow(
      'wechat: EncodingAESKey must be 43 characters, got 5',
    );
  });
});

describe('WeChat encryption', () => {
  it('encrypts the reply of vector C2 byte for byte, with its MsgSignature', () => {
    const reply = wecomC.encryptReply(C2.reply, C2.timestamp, C2.nonce, Buffer.from(C2.random, 'ascii'));
    expect(reply).toEqual({ encrypt: C2.encrypt, signature: C2.msgSignature, timestamp: C2.timestamp, nonce: C2.nonce });
  });

  it('round-trips a Chinese answer with a random prefix', () => {
    const text = '灵活就业人员可以参加职工基本医疗保险，由个人按照国家规定缴纳基本医疗保险费。';
    const encrypted = mp.encrypt(text);
    expect(encrypted).not.toBe(mp.encrypt(text));
    expect(mp.decrypt(encrypted)).toBe(text);
  });

  it('pads to 32-byte blocks, adding a whole block when the plaintext already fills one', () => {
    // 16 random + 4 length + 4 message + 8 ReceiveId = 32 bytes → 32 bytes of padding
    const exact = new WeChatCrypto({ token: 't', encodingAESKey: A.encodingAESKey, receiveId: '12345678' });
    expect(Buffer.from(exact.encrypt('abcd'), 'base64')).toHaveLength(64);
    expect(exact.decrypt(exact.encrypt('abcd'))).toBe('abcd');
  });
});
