/** How the UI prepares span text: clipped for a line, controls spelled out for the detail, escaped for tooltips. */
import { describe, expect, it } from 'vitest';
import { nameHtml } from '../../src-renderer/lib/escape-html';
import { clip, LINE_CHARS, showInvisible, textStart } from '../../src-renderer/lib/untrusted-text';

describe('clip', () => {
  it('keeps a line-sized text whole and cuts a longer one to LINE_CHARS and "…"', () => {
    expect(clip('checkout')).toBe('checkout');
    const long = 'x'.repeat(1024 * 1024);
    expect(clip(long)).toBe(`${'x'.repeat(LINE_CHARS)}…`);
  });

  it('never cuts a surrogate pair in two', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    expect(textStart(text, 10)).toBe('a'.repeat(9));
    expect(textStart(text, 11)).toBe(`${'a'.repeat(9)}😀`);
  });
});

describe('showInvisible', () => {
  it('spells out every bidi control', () => {
    const controls = ['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '200E', '200F', '061C'];
    const text = controls.map((hex) => String.fromCharCode(parseInt(hex, 16))).join('');
    expect(showInvisible(`a${text}b`)).toBe(`a${controls.map((hex) => `⟨U+${hex}⟩`).join('')}b`);
  });

  it('spells out control characters and invisible spaces, and leaves text, tabs, line breaks and joiners alone', () => {
    expect(showInvisible('a\u0000b\u001bc\u007fd\u200be\ufefff\u2060')).toBe('a⟨U+0000⟩b⟨U+001B⟩c⟨U+007F⟩d⟨U+200B⟩e⟨U+FEFF⟩f⟨U+2060⟩');
    const plain = 'tab\there\nline 👩‍💻 مرحبا שלום <b>&amp;';
    expect(showInvisible(plain)).toBe(plain);
  });
});

describe('nameHtml (ECharts tooltips take HTML)', () => {
  it('escapes markup and quotes, so a name is never an element or an attribute', () => {
    const html = nameHtml(`<img src=x onerror="alert(1)"><script>alert('2')</script>&amp;`);
    expect(html).toBe('<bdi>&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#60;script&#62;alert(&#39;2&#39;)&#60;/script&#62;&#38;amp;</bdi>');
  });

  it('isolates the name and clips it to a line', () => {
    const html = nameHtml(`${'y'.repeat(1024 * 1024)}\u202E`);
    expect(html.startsWith('<bdi>')).toBe(true);
    expect(html.endsWith('…</bdi>')).toBe(true);
    expect(html.length).toBeLessThan(LINE_CHARS + 20);
  });
});
