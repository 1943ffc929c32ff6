// A paragraph's text as HTML: brackets highlighted and other people's carets placed, by code points.

import { esc, whoStyle } from './ui.js';
import { heldBy } from './brackets.js';

/**
 * Text with brackets highlighted and other people's carets, by code points. With marks, bracket characters are shown
 * around bracketed text; without (the editor's overlay) the layout stays exactly that of the plain text. Nested brackets
 * nest: each piece of text is highlighted as its innermost bracket, titled with who holds it, and knows how deep it is.
 */
export function richText(text, brackets = [], carets = [], marks = true, delegations = []) {
  const chars = Array.from(text);
  const points = new Set([0, chars.length]);
  for (const b of brackets) { points.add(Math.max(0, Math.min(chars.length, b.start))); points.add(Math.max(0, Math.min(chars.length, b.end))); }
  for (const c of carets) points.add(Math.max(0, Math.min(chars.length, c.at)));
  const sorted = [...points].sort((a, b) => a - b);
  let html = '';
  for (let i = 0; i < sorted.length; i++) {
    const at = sorted[i];
    if (marks) for (const b of brackets) if (b.end === at && b.end > b.start) html += '<span class="bmark" aria-hidden="true">]</span>';
    for (const c of carets.filter((x) => Math.max(0, Math.min(chars.length, x.at)) === at)) {
      html += `<span class="remote-caret" data-sub="${esc(c.sub)}" style="${whoStyle(c.sub)}" title="${esc(c.name)}"><span class="caret-label">${esc(c.name)}</span></span>`;
    }
    if (marks) for (const b of brackets) if (b.start === at && b.end > b.start) html += `<span class="bmark" aria-hidden="true">[</span>`;
    if (i + 1 < sorted.length) {
      const segment = chars.slice(at, sorted[i + 1]).join('');
      const inside = brackets.filter((b) => b.start <= at && b.end >= sorted[i + 1] && b.end > b.start);
      if (inside.length) {
        const b = inside.reduce((inner, x) => (x.end - x.start < inner.end - inner.start ? x : inner));
        html += `<span class="bracket bracket-${esc(b.kind).toLowerCase()}" data-depth="${inside.length}" title="${esc(b.kind)} bracket held by ${esc(heldBy(b, delegations))}">${esc(segment)}</span>`;
      } else html += esc(segment);
    }
  }
  return html;
}
