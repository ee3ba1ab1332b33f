/**
 * WeChat / WeCom message crypto: request signatures and the AES envelope of safe mode.
 *
 * Signature: hex sha1 of the parameters sorted as strings and joined with no separator.
 * Envelope: AES-256-CBC, key = base64(EncodingAESKey + '='), IV = first 16 bytes of the key,
 * plaintext = random(16) ‖ uint32-BE length ‖ message ‖ ReceiveId, PKCS#7 padded to 32-byte blocks.
 * ReceiveId is the AppID (公众号) or the CorpID (企业微信).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { WeChatCryptoError, WeChatSignatureError } from './errors';

/** Length of the random prefix of every plaintext. */
export const RANDOM_PREFIX_BYTES = 16;
/** Bytes of the network-order message length that follows the random prefix. */
const LENGTH_FIELD_BYTES = 4;
/** Offset of the message inside the plaintext. */
const MESSAGE_OFFSET = RANDOM_PREFIX_BYTES + LENGTH_FIELD_BYTES;
/** WeChat pads to 32-byte blocks (not AES's 16), so Node's automatic padding is off. */
export const PKCS7_BLOCK_BYTES = 32;
/** AES block size: the ciphertext is a whole number of these. */
const AES_BLOCK_BYTES = 16;
/** An EncodingAESKey is 43 base64 characters; with '=' appended it decodes to the 32-byte key. */
const ENCODING_AES_KEY_CHARS = 43;
const AES_KEY_BYTES = 32;
const IV_BYTES = 16;

/** Hex sha1 of `parts` sorted as strings and concatenated. */
export function computeSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares a received signature with the expected one in constant time. */
export function signatureMatches(received: string, ...parts: string[]): boolean {
  const expected = Buffer.from(computeSignature(...parts), 'utf8');
  const actual = Buffer.from(received.toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Throws unless `signature` signs this token, timestamp and nonce (URL verification, plaintext pushes). */
export function verifySignature(token: string, signature: string, timestamp: string, nonce: string): void {
  if (!signatureMatches(signature, token, timestamp, nonce)) throw new WeChatSignatureError('signature', timestamp);
}

export interface WeChatCryptoOptions {
  token: string;
  encodingAESKey: string;
  /** AppID for a 公众号, CorpID for 企业微信. */
  receiveId: string;
}

/** The encrypted form of a reply: what goes into the reply envelope. */
export interface EncryptedMessage {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

export class WeChatCrypto {
  private readonly token: string;
  private readonly receiveId: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor({ token, encodingAESKey, receiveId }: WeChatCryptoOptions) {
    if (encodingAESKey.length !== ENCODING_AES_KEY_CHARS) {
      throw new WeChatCryptoError(`EncodingAESKey must be ${ENCODING_AES_KEY_CHARS} characters, got ${encodingAESKey.length}`);
    }
    this.key = Buffer.from(`${encodingAESKey}=`, 'base64');
    if (this.key.length !== AES_KEY_BYTES) {
      throw new WeChatCryptoError(`EncodingAESKey must decode to ${AES_KEY_BYTES} bytes, got ${this.key.length}`);
    }
    this.iv = this.key.subarray(0, IV_BYTES);
    this.token = token;
    this.receiveId = receiveId;
  }

  /** Throws unless `msgSignature` signs `encrypt` with this token, timestamp and nonce. */
  verify(msgSignature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!signatureMatches(msgSignature, this.token, timestamp, nonce, encrypt)) {
      throw new WeChatSignatureError('msg_signature', timestamp);
    }
  }

  /** Verifies the signature, then decrypts. */
  verifyAndDecrypt(msgSignature: string, timestamp: string, nonce: string, encrypt: string): string {
    this.verify(msgSignature, timestamp, nonce, encrypt);
    return this.decrypt(encrypt);
  }

  /** Encrypts `message` for this ReceiveId; `random` is injectable for deterministic tests. */
  encrypt(message: string, random: Buffer = randomBytes(RANDOM_PREFIX_BYTES)): string {
    if (random.length !== RANDOM_PREFIX_BYTES) {
      throw new WeChatCryptoError(`random prefix must be ${RANDOM_PREFIX_BYTES} bytes, got ${random.length}`);
    }
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(LENGTH_FIELD_BYTES);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.receiveId, 'utf8')]);
    const pad = PKCS7_BLOCK_BYTES - (plain.length % PKCS7_BLOCK_BYTES);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Encrypts a reply and signs it. */
  encryptReply(message: string, timestamp: string, nonce: string, random?: Buffer): EncryptedMessage {
    const encrypt = this.encrypt(message, random);
    return { encrypt, signature: computeSignature(this.token, timestamp, nonce, encrypt), timestamp, nonce };
  }

  /** Decrypts an envelope and checks that it was meant for this ReceiveId. */
  decrypt(encrypt: string): string {
    const cipherText = Buffer.from(encrypt, 'base64');
    if (cipherText.length === 0 || cipherText.length % AES_BLOCK_BYTES !== 0) {
      throw new WeChatCryptoError(`ciphertext length ${cipherText.length} is not a positive multiple of ${AES_BLOCK_BYTES}`);
    }
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
    const pad = padded[padded.length - 1] ?? 0;
    if (pad < 1 || pad > PKCS7_BLOCK_BYTES || pad > padded.length) {
      throw new WeChatCryptoError(`bad PKCS#7 padding byte ${pad}`);
    }
    const plain = padded.subarray(0, padded.length - pad);
    if (plain.length < MESSAGE_OFFSET) {
      throw new WeChatCryptoError(`plaintext of ${plain.length} bytes is shorter than its ${MESSAGE_OFFSET}-byte header`);
    }
    const length = plain.readUInt32BE(RANDOM_PREFIX_BYTES);
    if (MESSAGE_OFFSET + length > plain.length) {
      throw new WeChatCryptoError(`message length ${length} exceeds the ${plain.length - MESSAGE_OFFSET} bytes available`);
    }
    const receiveId = plain.subarray(MESSAGE_OFFSET + length).toString('utf8');
    if (receiveId !== this.receiveId) {
      throw new WeChatCryptoError(`receiveId mismatch: expected ${this.receiveId}, got ${receiveId}`);
    }
    return plain.subarray(MESSAGE_OFFSET, MESSAGE_OFFSET + length).toString('utf8');
  }
}
