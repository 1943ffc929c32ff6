// Word-level differences for showing amendments as suggestions: the fewest words changed (a longest common subsequence
// of tokens), and a proposal made on an earlier text carried over to the text now. Words are compared for scripts written
// with spaces, single characters for Chinese, Japanese and Thai; spaces and punctuation are tokens of their own.

// An emoji with its modifiers and joined emoji, or a flag, stays one token, so no change splits what shows as one sign.
const TOKEN = /\p{RI}\p{RI}|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3]|\u200D\p{Extended_Pictographic})*|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]\p{M}*|[\p{L}\p{M}\p{N}_’'-]+|\s+|[\s\S]\p{M}*/gu;

/** The tokens of a text, which joined give the text back. */
export function tokens(text) {
  return String(text ?? '').match(TOKEN) ?? [];
}

// Above this many cells the middle of two long, very different texts is shown as one deletion and one insertion.
const MAX_CELLS = 4_000_000;

/**
 * How b differs from a, token by token: runs of { kind: 'same' | 'changed', a: [start, end), b: [start, end) } covering
 * both, in order. Common prefix and suffix are taken first, so a small change to a long text costs little.
 */
export function align(a, b) {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const n = a.length - prefix - suffix;
  const m = b.length - prefix - suffix;
  const pairs = []; // [i, j] of tokens kept, in the middle
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS) {
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[prefix + i] === b[prefix + j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    for (let i = 0, j = 0; i < n && j < m;) {
      if (a[prefix + i] === b[prefix + j]) { pairs.push([prefix + i, prefix + j]); i++; j++; }
      else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) i++;
      else j++;
    }
  }
  const runs = [];
  const push = (kind, a0, a1, b0, b1) => {
    if (a1 === a0 && b1 === b0) return;
    const last = runs[runs.length - 1];
    if (last?.kind === kind) { last.a[1] = a1; last.b[1] = b1; } else runs.push({ kind, a: [a0, a1], b: [b0, b1] });
  };
  push('same', 0, prefix, 0, prefix);
  let i = prefix;
  let j = prefix;
  for (const [pi, pj] of pairs) {
    push('changed', i, pi, j, pj);
    push('same', pi, pi + 1, pj, pj + 1);
    i = pi + 1;
    j = pj + 1;
  }
  push('changed', i, a.length - suffix, j, b.length - suffix);
  push('same', a.length - suffix, a.length, b.length - suffix, b.length);
  return mergeLoneSpaces(runs, a);
}

/** A lone space kept between two changes reads better as part of one change: "a b c" to "x y z" is one change. */
function mergeLoneSpaces(runs, a) {
  const merged = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    const last = merged[merged.length - 1];
    const lone = run.kind === 'same' && run.a[1] - run.a[0] === 1 && /^\s+$/.test(a[run.a[0]]);
    if (lone && last?.kind === 'changed' && runs[k + 1]?.kind === 'changed') {
      const next = runs[++k];
      last.a[1] = next.a[1];
      last.b[1] = next.b[1];
    } else merged.push(run);
  }
  return merged;
}

/** Segments showing b against a: { kind: 'same' | 'del' | 'ins', text }, deletions before insertions. */
export function wordDiff(a, b) {
  const ta = tokens(a);
  const tb = tokens(b);
  const segments = [];
  for (const run of align(ta, tb)) {
    if (run.kind === 'same') add(segments, 'same', ta.slice(...run.a).join(''));
    else { add(segments, 'del', ta.slice(...run.a).join('')); add(segments, 'ins', tb.slice(...run.b).join('')); }
  }
  return segments;
}

function add(segments, kind, text) {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last?.kind === kind) last.text += text; else segments.push({ kind, text });
}

/**
 * A proposal written on `base` shown on the text now (`current`): the proposer's own changes (base to proposed) placed
 * where the words they change still stand, and the words others wrote since left as they are. When the text changed
 * under a proposed change, the proposal is shown against the text now as it is ({ rebased: false }).
 */
export function suggestion(base, proposed, current) {
  const tb = tokens(base);
  const tp = tokens(proposed);
  const tc = tokens(current);
  const at = new Array(tb.length).fill(-1); // where each base token stands now, or -1 when changed since
  for (const run of align(tb, tc)) if (run.kind === 'same') for (let k = 0; k < run.a[1] - run.a[0]; k++) at[run.a[0] + k] = run.b[0] + k;
  const hunks = [];
  for (const run of align(tb, tp)) {
    if (run.kind !== 'changed') continue;
    const [s, e] = run.a;
    let from;
    let to;
    if (e > s) {
      for (let k = s; k < e; k++) if (at[k] < 0 || (k > s && at[k] !== at[k - 1] + 1)) return { segments: wordDiff(current, proposed), rebased: false };
      [from, to] = [at[s], at[e - 1] + 1];
    } else {
      from = s < tb.length && at[s] >= 0 ? at[s] : s > 0 && at[s - 1] >= 0 ? at[s - 1] + 1 : s === 0 ? 0 : -1;
      if (from < 0) return { segments: wordDiff(current, proposed), rebased: false };
      to = from;
    }
    hunks.push({ from, to, insert: tp.slice(...run.b).join('') });
  }
  const segments = [];
  let j = 0;
  for (const h of hunks) {
    add(segments, 'same', tc.slice(j, h.from).join(''));
    add(segments, 'del', tc.slice(h.from, h.to).join(''));
    add(segments, 'ins', h.insert);
    j = h.to;
  }
  add(segments, 'same', tc.slice(j).join(''));
  return { segments, rebased: true };
}
