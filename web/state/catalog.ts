/**
 * The initializers the explorer offers, with the parameters its controls show. Names are the
 * core registry's names (one spelling everywhere: URL, CLI, core). Parameter metadata (ranges,
 * labels) lives here because it is UI information; `web/state/catalog.test.ts` checks that
 * every name here exists in core's registry once it is available.
 */

export interface InitParam {
  readonly key: string;
  readonly label: string;
  readonly kind: 'num' | 'int' | 'choice';
  readonly default: number | string;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly string[];
}

export interface InitEntry {
  readonly name: string;
  readonly label: string;
  readonly params: readonly InitParam[];
  /** Only defined for one size (e.g. the 2x2 Fibonacci matrix); null when any n works. */
  readonly fixedSize: number | null;
}

const gain: InitParam = { key: 'gain', label: 'gain', kind: 'num', default: 1, min: -100, max: 100 };
const MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
const DISTRIBUTIONS = ['truncated_normal', 'untruncated_normal', 'uniform'] as const;

/** Ordered as the Lab's menu shows them: the article's presets first. */
export const CATALOG: readonly InitEntry[] = [
  { name: 'vanishing', label: 'vanishing (article video)', params: [gain], fixedSize: null },
  { name: 'exploding', label: 'exploding (article video)', params: [gain], fixedSize: null },
  { name: 'orthogonal', label: 'orthogonal', params: [gain], fixedSize: null },
  { name: 'identity', label: 'identity', params: [gain], fixedSize: null },
  {
    name: 'scaledIdentity',
    label: 'scaled identity',
    params: [{ key: 'scale', label: 'scale', kind: 'num', default: 1, min: -100, max: 100 }],
    fixedSize: null,
  },
  { name: 'glorotUniform', label: 'Glorot uniform', params: [], fixedSize: null },
  { name: 'glorotNormal', label: 'Glorot normal', params: [], fixedSize: null },
  { name: 'heUniform', label: 'He uniform', params: [], fixedSize: null },
  { name: 'heNormal', label: 'He normal', params: [], fixedSize: null },
  { name: 'lecunUniform', label: 'LeCun uniform', params: [], fixedSize: null },
  { name: 'lecunNormal', label: 'LeCun normal', params: [], fixedSize: null },
  {
    name: 'randomNormal',
    label: 'random normal',
    params: [
      { key: 'mean', label: 'mean', kind: 'num', default: 0, min: -100, max: 100 },
      { key: 'stddev', label: 'stddev', kind: 'num', default: 0.05, min: 0, max: 100 },
    ],
    fixedSize: null,
  },
  {
    name: 'randomUniform',
    label: 'random uniform',
    params: [
      { key: 'minval', label: 'min', kind: 'num', default: -0.05, min: -100, max: 100 },
      { key: 'maxval', label: 'max', kind: 'num', default: 0.05, min: -100, max: 100 },
    ],
    fixedSize: null,
  },
  {
    name: 'truncatedNormal',
    label: 'truncated normal',
    params: [
      { key: 'mean', label: 'mean', kind: 'num', default: 0, min: -100, max: 100 },
      { key: 'stddev', label: 'stddev', kind: 'num', default: 0.05, min: 0, max: 100 },
    ],
    fixedSize: null,
  },
  {
    name: 'varianceScaling',
    label: 'variance scaling',
    params: [
      { key: 'scale', label: 'scale', kind: 'num', default: 1, min: 0, max: 100 },
      { key: 'mode', label: 'mode', kind: 'choice', default: 'fan_in', options: MODES },
      {
        key: 'distribution',
        label: 'distribution',
        kind: 'choice',
        default: 'truncated_normal',
        options: DISTRIBUTIONS,
      },
    ],
    fixedSize: null,
  },
  {
    name: 'rotation',
    label: 'rotation (2x2 blocks)',
    params: [{ key: 'angle', label: 'angle (rad)', kind: 'num', default: Math.PI / 2, min: -10, max: 10 }],
    fixedSize: null,
  },
  { name: 'shear', label: 'shear (defective)', params: [], fixedSize: null },
  { name: 'henaff', label: 'Henaff et al. (block rotations)', params: [], fixedSize: null },
  { name: 'fibonacci', label: 'Fibonacci [[0,1],[1,1]]', params: [], fixedSize: 2 },
];

const BY_NAME = new Map(CATALOG.map((e) => [e.name, e]));

export function initEntry(name: string): InitEntry | undefined {
  return BY_NAME.get(name);
}

export function initNames(): string[] {
  return CATALOG.map((e) => e.name);
}
