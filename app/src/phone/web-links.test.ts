import { describe, expect, it } from 'vitest';
import { webLinkParts } from './web-links';

describe('links in a call record', () => {
  it('makes http and https addresses links and leaves everything else text', () => {
    expect(webLinkParts('Duration: 3 min\nRecording: https://pbx.example.test/rec/1.mp3')).toEqual([
      { text: 'Duration: 3 min\nRecording: ' },
      { text: 'https://pbx.example.test/rec/1.mp3', href: 'https://pbx.example.test/rec/1.mp3' },
    ]);
    expect(webLinkParts('Notes: javascript:alert(1) data:text/html,x ftp://x.test')).toEqual([{ text: 'Notes: javascript:alert(1) data:text/html,x ftp://x.test' }]);
    expect(webLinkParts('see http://a.test/x and https://b.test.')).toEqual([
      { text: 'see ' },
      { text: 'http://a.test/x', href: 'http://a.test/x' },
      { text: ' and ' },
      { text: 'https://b.test', href: 'https://b.test/' },
      { text: '.' },
    ]);
  });
});
