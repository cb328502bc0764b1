import { describe, expect, it } from 'vitest';
import { plainExcerpt } from '../../shared/domain/plain-excerpt.js';

describe('plain excerpt of a support message', () => {
  it('when the body is markup, then the tool gets its text: tags, scripts and comments gone, entities decoded, lines kept', () => {
    const body =
      '<html><head><style>p{color:red}</style></head><body><p>Hello Dana,</p><!-- tracking --><script>alert(1)</script><p>We rolled back&nbsp;the update &amp; the VM boots.<br/>Case 2405010010000001</p></body></html>';
    expect(plainExcerpt(body, 500)).toBe('Hello Dana,\nWe rolled back the update & the VM boots.\nCase 2405010010000001');
    // The API wraps a plain message in <pre> (New-AzSupportCommunication's documented answer).
    expect(plainExcerpt('<pre>this is a test message from PS</pre>', 500)).toBe('this is a test message from PS');
  });

  it('when the text is longer than the bound, then it is cut to the bound with an ellipsis', () => {
    const excerpt = plainExcerpt(`<div>${'word '.repeat(400)}</div>`, 500);
    expect(excerpt).toHaveLength(500);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(plainExcerpt('short', 500)).toBe('short');
  });
});

describe('plainExcerpt: markup a mail client writes', () => {
  it.each([
    ['a script with spaces and a closing tag with a space', 'a<script type="x">var a = 1;</script >b', 'a b'],
    ['a style block', 'a<STYLE>p { color: red }</style>b', 'a b'],
    ['a comment with spaces', 'a<!-- note to self -->b', 'a b'],
    ['a one-letter comment', 'a<!--x-->b', 'a b'],
    ['a comment with a ">" inside', 'a<!-- if x > 1 -->b', 'a b'],
    ['an inline tag between words', 'one<span>two</span>three', 'one two three'],
    ['<br>, <br/> and <br />', 'a<br>b<br/>c<br />d', 'a\nb\nc\nd'],
    ['a heading and a paragraph closed with a space', '<h2>Title</h2 ><p>Text</p >end', 'Title\nText\nend'],
    ['several spaces and tabs', 'a \t  b', 'a b'],
    ['blank lines and indentation', 'a\n\n\n   b', 'a\nb'],
  ])('when the body has %s, then the excerpt reads as text', (_label, body, text) => {
    expect(plainExcerpt(body, 200)).toBe(text);
  });

  it.each([
    ['&#169; and &#8364;', '© and €'],
    ['&#x1F600; and &#X41;', '😀 and A'],
    ['&#0; and &#x110000; stay', '&#0; and &#x110000; stay'],
    ['&#x10FFFF; (the last code point)', '\u{10FFFF} (the last code point)'],
    ['&LT;b&GT;', '<b>'],
    ['&unknown;', '&unknown;'],
  ])('when the body has the entities %s, then valid ones are decoded and others kept', (body, text) => {
    expect(plainExcerpt(body, 200)).toBe(text);
  });

  it('when the text is exactly the bound, then it is kept whole; one more and it is cut at a word end', () => {
    expect(plainExcerpt('abcde', 5)).toBe('abcde');
    expect(plainExcerpt('abc defg', 5)).toBe('abc…');
  });
});
