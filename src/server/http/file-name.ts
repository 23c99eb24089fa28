/**
 * A file name as given by a browser or a client, made safe to store and show: the last path segment only
 * (`C:\fakepath\nota.pdf` → `nota.pdf`), without control or bidirectional-override characters, spaces
 * collapsed, trimmed, without leading dots, at most 200 characters (keeping the extension). Never empty.
 * @example safeFileName('../../etc/\u202Egpj.exe') // 'gpj.exe'
 */
export function safeFileName(raw: string, fallback = 'arquivo'): string {
  const base = (raw.split(/[/\\]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => (isPaired(s, i) ? c : ''))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!base) return fallback;
  if (base.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 200 - ext.length) + ext;
}

/** Whether the surrogate at `i` is half of a pair (an emoji, say) rather than a lone one. */
function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) return i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}
