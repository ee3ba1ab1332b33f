import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, unauthenticatedReplyRefusal } from '../../adapters/botframework/replyTarget';

describe('loopback service URLs (where the Emulator listens)', () => {
  it('counts localhost, 127.0.0.0/8 in any spelling and [::1] as this machine', () => {
    for (const url of ['http://localhost:5000/', 'https://localhost', 'http://127.0.0.1:9/', 'http://127.255.10.1', 'http://127.1:8080', 'http://0x7f.0.0.1/', 'http://[::1]:5000']) {
      expect([url, isLoopbackUrl(url)]).toEqual([url, true]);
    }
  });

  it('counts nothing else: other hosts, names that only start like localhost, 0.0.0.0, other schemes, non-URLs', () => {
    const others = [
      'http://example.invalid/',
      'https://smba.trafficmanager.net/apis/',
      'http://localhost.example.com/',
      'http://127.0.0.1.nip.io/',
      'http://0.0.0.0:3978/',
      'http://10.0.0.8/',
      'http://[::ffff:127.0.0.1]/',
      'ftp://localhost/',
      'localhost:5000',
      '',
    ];
    for (const url of others) expect([url, isLoopbackUrl(url)]).toEqual([url, false]);
  });
});

describe('replies of an unauthenticated activity', () => {
  it('may come back in the response, whatever the serviceUrl', () => {
    expect(unauthenticatedReplyRefusal({ deliveryMode: 'expectReplies', serviceUrl: 'http://example.invalid/' })).toBeNull();
  });

  it('may go to a loopback serviceUrl', () => {
    expect(unauthenticatedReplyRefusal({ serviceUrl: 'http://localhost:52000' })).toBeNull();
  });

  it('may go nowhere else, and the reason names the host but not the path or query', () => {
    expect(unauthenticatedReplyRefusal({ deliveryMode: 'normal', serviceUrl: 'https://attacker.example:8443/hook?token=身份证110101199003071234' })).toBe(
      'without MicrosoftAppId replies go only to a loopback serviceUrl (the Emulator) or back in the response (deliveryMode "expectReplies"), ' +
        'and serviceUrl host "attacker.example:8443" is not loopback',
    );
    expect(unauthenticatedReplyRefusal({ serviceUrl: 'not a url' })).toMatch(/, and serviceUrl "not a url" is not a URL$/);
  });
});
