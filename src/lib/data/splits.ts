/**
 * Train/test splits by subject, the two protocols of the Ear2Face evaluation:
 * subject-dependent (every test person also appears in training, with other images) and
 * subject-independent (test people never appear in training; 10% of subjects by default).
 * Both are deterministic for a seed.
 */
import { Rng } from '../util/rng';
import type { PairIndex } from './paired_dataset';
import type { PairItem } from './pair_item';
import { shuffled } from './shuffle';

export const SPLIT_PROTOCOLS = ['subject-dependent', 'subject-independent'] as const;
export type SplitProtocol = (typeof SPLIT_PROTOCOLS)[number];

export interface SplitOptions {
  /** Share held out: of the subjects (independent) or of each subject's images (dependent). Default 0.1. */
  fraction?: number;
  /** Default 0. */
  seed?: number;
}

export interface Split<T> {
  protocol: SplitProtocol;
  train: T[];
  test: T[];
  /** The held-out people (subject-independent); empty for subject-dependent. */
  heldOutSubjects: string[];
  fraction: number;
  seed: number;
  /** 'given' when the held-out subjects were passed in (e.g. from a manifest), else 'seed'. */
  source: 'seed' | 'given';
}

type WithSubject = { subject: string };

function checkOptions(fn: string, o: SplitOptions): { fraction: number; seed: number } {
  const fraction = o.fraction ?? 0.1;
  const seed = o.seed ?? 0;
  if (!(fraction > 0 && fraction < 1)) throw new Error(`${fn}: fraction ${fraction}; expected a number between 0 and 1`);
  if (!Number.isFinite(seed)) throw new Error(`${fn}: seed ${seed}; expected a finite number`);
  return { fraction, seed };
}

function bySubject<T extends WithSubject>(fn: string, items: readonly T[]): Map<string, T[]> {
  if (!Array.isArray(items) || items.length === 0) throw new Error(`${fn}: items is empty; expected pairs with a subject`);
  const groups = new Map<string, T[]>();
  items.forEach((it, i) => {
    if (typeof it?.subject !== 'string' || it.subject === '') throw new Error(`${fn}: items[${i}] has subject ${JSON.stringify(it?.subject)}; expected a non-empty string`);
    groups.set(it.subject, [...(groups.get(it.subject) ?? []), it]);
  });
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Holds out whole subjects: round(fraction·subjects) of them, at least 1 and at most all but one,
 * chosen by the seed — or exactly `heldOutSubjects` when given (e.g. from a manifest). Needs at
 * least 2 subjects.
 *
 * @example
 * const s = splitSubjectIndependent(index.items, { fraction: 0.1, seed: 0 });
 * s.heldOutSubjects;   // e.g. ['s0007', 's0042']; none of their pairs is in s.train
 */
export function splitSubjectIndependent<T extends WithSubject>(items: readonly T[], options: SplitOptions & { heldOutSubjects?: string[] } = {}): Split<T> {
  const fn = 'splitSubjectIndependent';
  const { fraction, seed } = checkOptions(fn, options);
  const groups = bySubject(fn, items);
  const subjects = [...groups.keys()];
  if (subjects.length < 2) {
    throw new Error(`${fn}: the items show ${subjects.length} subject (${subjects[0]}); holding people out needs at least 2 subjects — use the subject-dependent split`);
  }
  let held: string[];
  if (options.heldOutSubjects !== undefined) {
    held = [...new Set(options.heldOutSubjects)].sort();
    const unknown = held.filter((s) => !groups.has(s));
    if (unknown.length > 0) throw new Error(`${fn}: heldOutSubjects ${JSON.stringify(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not among the ${subjects.length} subjects of the items`);
    if (held.length === 0 || held.length >= subjects.length) {
      throw new Error(`${fn}: heldOutSubjects holds ${held.length} of ${subjects.length} subjects; expected at least 1 and not all`);
    }
  } else {
    const count = Math.min(subjects.length - 1, Math.max(1, Math.round(fraction * subjects.length)));
    held = shuffled(subjects, new Rng(seed)).slice(0, count).sort();
  }
  const isHeld = new Set(held);
  return {
    protocol: 'subject-independent',
    train: items.filter((it) => !isHeld.has(it.subject)),
    test: items.filter((it) => isHeld.has(it.subject)),
    heldOutSubjects: held,
    fraction,
    seed,
    source: options.heldOutSubjects !== undefined ? 'given' : 'seed',
  };
}

/**
 * Holds out images, not people: round(fraction·items) images in all, shared among subjects in
 * proportion to their image counts (largest remainders first, ties by the seed), never a
 * subject's last image — so every test subject is also in training. Throws when no image can
 * be held out (every subject has one image, or the fraction rounds to none).
 *
 * @example
 * const s = splitSubjectDependent(index.items, { fraction: 0.2, seed: 1 });
 * // every subject of s.test also has pairs in s.train
 */
export function splitSubjectDependent<T extends WithSubject>(items: readonly T[], options: SplitOptions = {}): Split<T> {
  const fn = 'splitSubjectDependent';
  const { fraction, seed } = checkOptions(fn, options);
  const groups = [...bySubject(fn, items).entries()].map(([subject, list]) => ({ subject, list, quota: fraction * list.length, take: 0 }));
  const target = Math.round(fraction * items.length);
  const capacity = groups.reduce((s, g) => s + g.list.length - 1, 0);
  if (capacity === 0) throw new Error(`${fn}: every one of the ${groups.length} subjects has a single image; holding out images needs subjects with at least 2`);
  if (target === 0) throw new Error(`${fn}: fraction ${fraction} of ${items.length} images rounds to 0 test images; expected a larger fraction`);
  const rng = new Rng(seed);
  for (const g of groups) g.take = Math.min(Math.floor(g.quota), g.list.length - 1);
  let left = Math.min(target, capacity) - groups.reduce((s, g) => s + g.take, 0);
  // Largest remainder first; a seeded key breaks ties so no subject is always favoured.
  const order = groups.map((g) => ({ g, key: rng.next() })).sort((a, b) => b.g.quota - Math.floor(b.g.quota) - (a.g.quota - Math.floor(a.g.quota)) || a.key - b.key);
  while (left > 0) {
    for (const { g } of order) {
      if (left === 0) break;
      if (g.take < g.list.length - 1) {
        g.take++;
        left--;
      }
    }
  }
  const testSet = new Set<T>();
  for (const g of groups) for (const it of shuffled(g.list, rng).slice(0, g.take)) testSet.add(it);
  return {
    protocol: 'subject-dependent',
    train: items.filter((it) => !testSet.has(it)),
    test: items.filter((it) => testSet.has(it)),
    heldOutSubjects: [],
    fraction,
    seed,
    source: 'seed',
  };
}

/**
 * Splits a dataset index by `protocol`. Subject-independent uses the manifest's
 * `split.heldOutSubjects` when it has one and no `fraction` or `seed` option asks for a fresh
 * draw; the manifest's `split.seed`/`split.fraction` are the defaults for both protocols.
 *
 * @example
 * const index = await loadPairIndex('data/pairs');
 * const { train, test } = splitIndex(index, 'subject-independent');
 */
export function splitIndex(index: PairIndex, protocol: SplitProtocol, options: SplitOptions = {}): Split<PairItem> {
  const merged: SplitOptions = { fraction: options.fraction ?? index.split?.fraction, seed: options.seed ?? index.split?.seed };
  if (protocol === 'subject-independent') {
    const held = options.fraction === undefined && options.seed === undefined ? index.split?.heldOutSubjects : undefined;
    return splitSubjectIndependent(index.items, { ...merged, heldOutSubjects: held });
  }
  if (protocol === 'subject-dependent') return splitSubjectDependent(index.items, merged);
  throw new Error(`splitIndex: protocol ${JSON.stringify(protocol)}; expected ${SPLIT_PROTOCOLS.map((p) => `'${p}'`).join(' or ')}`);
}
