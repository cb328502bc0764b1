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
