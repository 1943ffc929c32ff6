// What each control of a paragraph is called for those who hear the page: what it does and where, "Edit paragraph 5",
// "Agree paragraph 5", "History of paragraph 5", kept up to date as paragraphs are renumbered and buttons change.

const LINKS = [[/^History$/, 'of'], [/^(Comments|Positions)\b/, 'on'], [/silence$/i, 'on'], [/^(Propose amendment|Add option)$/, 'to'], [/^Done$/, 'editing']];

function nameParagraph(el) {
  const number = el.querySelector('.para-head .num')?.textContent.replace(/\.$/, '').trim();
  const where = number && number !== '–' ? `paragraph ${number}` : 'the unnumbered paragraph';
  const name = (button, label) => { if (button.getAttribute('aria-label') !== label) button.setAttribute('aria-label', label); };
  for (const b of el.querySelectorAll('.para-actions button, .chair-controls button, .silence button')) {
    const text = b.textContent.trim();
    const link = LINKS.find(([pattern]) => pattern.test(text))?.[1];
    name(b, `${text} ${link ? `${link} ` : ''}${where}`);
  }
  for (const a of el.querySelectorAll('.amendment')) {
    const what = `amendment (${a.querySelector('strong')?.textContent ?? ''}, ${(a.querySelector('.muted')?.textContent ?? '').split(' · ')[0]})`;
    for (const b of a.querySelectorAll('button')) name(b, `${b.textContent.trim()} ${what} to ${where}`);
  }
}

/** Names the controls of every paragraph under `body` now and whenever they change; answers the function that stops. */
export function nameControls(body) {
  for (const el of body.querySelectorAll('.paragraph')) nameParagraph(el);
  const observer = new MutationObserver((changes) => {
    const touched = new Set();
    for (const c of changes) {
      const target = c.target.nodeType === Node.ELEMENT_NODE ? c.target : c.target.parentElement;
      const paragraph = target?.closest('.paragraph');
      if (paragraph) touched.add(paragraph);
      else for (const n of c.addedNodes) if (n.nodeType === Node.ELEMENT_NODE) for (const p of n.matches('.paragraph') ? [n] : n.querySelectorAll('.paragraph')) touched.add(p);
    }
    for (const p of touched) nameParagraph(p);
  });
  observer.observe(body, { childList: true, subtree: true, characterData: true });
  return () => observer.disconnect();
}
