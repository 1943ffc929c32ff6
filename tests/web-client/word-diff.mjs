// Checks of the web client's word diff (js/word-diff.js), one rule per name: `node word-diff.mjs <rule>` exits 0 when
// the rule holds, else 1 naming the first case that breaks it. Random cases come from a fixed seed.
import { suggestion, tokens, wordDiff } from '../../src/GgeWorkspace.Api/wwwroot/js/word-diff.js';

const join = (segments, ...kinds) => segments.filter((s) => kinds.includes(s.kind)).map((s) => s.text).join('');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let seed = 20261203;
const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const WORDS = ['verification', 'must', 'be', 'effective', 'and', 'non-discriminatory', 'credible', 'التحقق', 'النووي', '核查', '有效', '🇺🇳', '👩‍👩‍👧', 'é', ',', '.', ' ', ' ', ' ', '  '];
const text = (n) => Array.from({ length: n }, () => WORDS[random(WORDS.length)]).join('');
const edit = (t, from, to) => {
  const parts = tokens(t);
  const at = from + random(Math.max(1, to - from));
  const cut = random(3);
  parts.splice(Math.min(at, parts.length), cut, ...(random(2) ? [WORDS[random(WORDS.length)]] : []));
  return parts.join('');
};

const rules = {
  a_word_diff_gives_back_both_texts() {
    for (let i = 0; i < 500; i++) {
      const a = text(random(30));
      const b = random(4) ? edit(edit(a, 0, 30), 0, 30) : text(random(30));
      const d = wordDiff(a, b);
      if (join(d, 'same', 'del') !== a || join(d, 'same', 'ins') !== b) return `${JSON.stringify(a)} -> ${JSON.stringify(b)}: ${JSON.stringify(d)}`;
    }
    return null;
  },
  a_changed_word_is_one_deletion_and_one_insertion() {
    const d = wordDiff('Verification must be effective and non-discriminatory.', 'Verification must be credible and non-discriminatory.');
    const expected = [{ kind: 'same', text: 'Verification must be ' }, { kind: 'del', text: 'effective' }, { kind: 'ins', text: 'credible' }, { kind: 'same', text: ' and non-discriminatory.' }];
    return same(d, expected) ? null : JSON.stringify(d);
  },
  a_space_between_two_changed_words_belongs_to_one_change() {
    const d = wordDiff('one two three four', 'six seven three four');
    return same(d, [{ kind: 'del', text: 'one two' }, { kind: 'ins', text: 'six seven' }, { kind: 'same', text: ' three four' }]) ? null : JSON.stringify(d);
  },
  chinese_is_compared_character_by_character() {
    const d = wordDiff('核裁军核查应当有效、可信、非歧视。', '核裁军核查应当有效、非歧视。');
    return same(d, [{ kind: 'same', text: '核裁军核查应当有效、' }, { kind: 'del', text: '可信、' }, { kind: 'same', text: '非歧视。' }]) ? null : JSON.stringify(d);
  },
  emoji_sequences_and_flags_are_never_split() {
    const t = tokens('a 👩‍👩‍👧 b 🇺🇳 👍🏽 é');
    return same(t, ['a', ' ', '👩‍👩‍👧', ' ', 'b', ' ', '🇺🇳', ' ', '👍🏽', ' ', 'é']) ? null : JSON.stringify(t);
  },
  very_different_long_texts_are_one_replacement_that_gives_back_both() {
    const a = Array.from({ length: 2500 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 2500 }, (_, i) => `b${i}`).join(' ');
    const d = wordDiff(a, b);
    return d.length === 2 && join(d, 'del') === a && join(d, 'ins') === b ? null : `${d.length} segments`;
  },
  a_suggestion_on_unchanged_text_is_the_word_diff() {
    for (let i = 0; i < 300; i++) {
      const base = text(random(30));
      const proposed = edit(base, 0, 30);
      const s = suggestion(base, proposed, base);
      if (!s.rebased || !same(s.segments, wordDiff(base, proposed))) return `${JSON.stringify(base)} -> ${JSON.stringify(proposed)}`;
    }
    return null;
  },
  words_written_since_the_proposal_are_left_as_they_are() {
    const s = suggestion('Verification must be effective.', 'Verification must be credible.', 'Beta Verification must be effective. Alpha');
    if (!s.rebased || !same(s.segments, [{ kind: 'same', text: 'Beta Verification must be ' }, { kind: 'del', text: 'effective' }, { kind: 'ins', text: 'credible' }, { kind: 'same', text: '. Alpha' }])) return JSON.stringify(s);
    for (let i = 0; i < 300; i++) {
      // The proposer changes the first half, others the second: the suggestion shows the text now and the proposal on it.
      const base = `${text(12)} middle ${text(12)}`;
      const cut = tokens(base).indexOf('middle');
      const proposed = edit(base, 0, cut - 2);
      const current = edit(base, cut + 2, tokens(base).length);
      const r = suggestion(base, proposed, current);
      const merged = tokens(proposed).slice(0, tokens(proposed).indexOf('middle')).join('') + tokens(current).slice(tokens(current).indexOf('middle')).join('');
      if (!r.rebased || join(r.segments, 'same', 'del') !== current || join(r.segments, 'same', 'ins') !== merged) {
        return `${JSON.stringify(base)} / ${JSON.stringify(proposed)} / ${JSON.stringify(current)}: ${JSON.stringify(r)}`;
      }
    }
    return null;
  },
  a_proposal_whose_words_changed_since_is_shown_against_the_text_now() {
    const s = suggestion('Verification must be effective.', 'Verification must be credible.', 'Verification must be efficient.');
    return !s.rebased && join(s.segments, 'same', 'del') === 'Verification must be efficient.' && join(s.segments, 'same', 'ins') === 'Verification must be credible.'
      ? null : JSON.stringify(s);
  },
};

const name = process.argv[2];
if (!rules[name]) { console.error(`No rule named ${name}; rules: ${Object.keys(rules).join(', ')}`); process.exit(2); }
const broken = rules[name]();
if (broken) { console.error(`${name} broken by ${broken}`); process.exit(1); }
console.log(`${name}: holds`);
