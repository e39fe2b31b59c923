/**
 * 탐색기의 한국어 문구. en.ts와 같은 모양(`Messages`)이어야 하므로 빠진 키는 타입 오류가 되고,
 * catalog.test.ts가 두 카탈로그를 키 단위로 비교합니다. 용어는 이 프로젝트가 바탕으로 삼은 한국어
 * 번역의 용어를 따릅니다: 기울기 소실, 기울기 폭발, 고유값, 고유벡터, 직교 행렬, 순환 신경망, 초기화.
 * 수식 표기(Wᵗ, ‖h‖, λ, ρ)와 식별자(초기화 이름, 파일 형식)는 영어판과 같습니다.
 */

import { type RegimeReport, formatNearOne } from '../../src/core/index.js';
import type { RegimePreset } from '../sim/story.js';
import { sup } from '../views/format.js';
import type { FieldLabels, GateCaption, InvalidValue, TrainPlan } from './en.js';
import type { Messages } from './index.js';

const fields = {
  ui: { palette: '색 팔레트', lang: '언어' },
  fib: { t: '피보나치 단계 t' },
  reg: { preset: '행렬', m: '직접 입력한 행렬', scale: '배율 s (행렬은 s·A)', steps: '단계 수', t: '단계 t' },
  eig: {
    kind: '고유값',
    re: 'Re λ (첫째 실수 λ)',
    im: 'Im λ',
    l2: '둘째 실수 λ',
    nu: '비정규성 ν',
    t: '단계 t',
  },
  rot: { theta: '회전각 θ (도)', t: '단계 t' },
  vid: {
    init: '패널 (초기화 방법)',
    n: '크기 n',
    seed: '시드',
    steps: '단계 수',
    fps: '초당 프레임 수',
    lim: '색 범위 L (±L)',
    scale: '색 척도',
    lt: 'symlog 선형 구간 경계',
    act: '활성화 함수 f',
    t: '단계 t',
  },
  grad: {
    inits: '초기화 방법 (W)',
    n: '은닉 크기 n',
    seed: '시드',
    act: '활성화 함수 f',
    gain: '이득',
    steps: '거슬러 올라갈 단계 수',
    input: '입력 크기',
    cell: '셀',
    scheme: '게이트 초기화 방식 (게이트별 차트)',
  },
  rnn: {
    task: '과제',
    T: '시퀀스 길이 T',
    hidden: '은닉 크기',
    cell: '셀',
    inits: '순환 가중치 초기화',
    act: '활성화 함수 f',
    lr: '학습률',
    iters: '학습 단계 수',
    seed: '시드',
  },
  lab: {
    source: '행렬 출처',
    init: '초기화 방법',
    n: '크기 n',
    seed: '시드',
    steps: '단계 수',
    fps: '초당 프레임 수',
    act: '활성화 함수 f',
    m: '행렬',
    lim: '색 범위 L (±L)',
    scale: '색 척도',
    t: '단계 t',
    eig: '고유값 보기',
  },
} satisfies FieldLabels;

/** core가 영어로 설명하는 초기화 방법들의 한국어 설명 (없으면 core의 영어 설명을 씁니다). */
const INIT_DOCS: Readonly<Record<string, string>> = {
  vanishing: '원문의 소실 영상: 가우스 난수 행렬을 스펙트럼 반지름 radius(기본값 0.8)로 맞춘 것',
  exploding: '원문의 폭발 영상: 가우스 난수 행렬을 스펙트럼 반지름 radius(기본값 1.19)로 맞춘 것',
  orthogonal: '하르 측도를 따르는 무작위 직교 행렬(부호를 바로잡은 가우스 행렬의 QR 분해)에 gain을 곱한 것',
  zeros: '모든 원소가 0',
  ones: '모든 원소가 1',
  constant: '모든 원소가 value',
  randomUniform: '[minval, maxval)에서 독립적으로 뽑은 균등 분포',
  randomNormal: '독립 정규 분포 N(mean, stddev²)',
  truncatedNormal: '정규 분포 N(mean, stddev²), mean ± 2·stddev 밖의 값은 다시 뽑음',
  varianceScaling: '분산 scale/n, n은 fan에서 정함 (Keras VarianceScaling)',
  glorotUniform: 'Glorot/Xavier 균등: varianceScaling(1, fanAvg, uniform)',
  glorotNormal: 'Glorot/Xavier 정규: varianceScaling(1, fanAvg, truncatedNormal)',
  heUniform: 'He 균등: varianceScaling(2, fanIn, uniform)',
  heNormal: 'He 정규: varianceScaling(2, fanIn, truncatedNormal)',
  lecunUniform: 'LeCun 균등: varianceScaling(1, fanIn, uniform)',
  lecunNormal: 'LeCun 정규: varianceScaling(1, fanIn, truncatedNormal)',
  identity: 'gain·eye(rows, cols), 어떤 2차원 모양이든 가능 (Keras Identity)',
  scaledIdentity: 'scale·I, 정사각 행렬 (Le, Jaitly, Hinton 2015의 IRNN 방식)',
  fibonacci: '원문의 피보나치 행렬 [[0, 1], [1, 1]] (모양 [2, 2])',
  rotation: '각도 angle(라디안)만큼 도는 2×2 회전 블록의 블록 대각 행렬; angle = π/2이면 원문의 R = [[0, 1], [-1, 0]]',
  shear: '조르당 블록: 대각선에 lambda, 바로 위에 1; n = 2이면 원문의 전단 행렬 [[1, 1], [0, 1]]',
  henaff: '무작위 각도로 도는 2×2 회전 블록의 블록 대각 행렬 (Henaff, Szlam, LeCun 2016)',
};

const PARAM_DOCS: Readonly<Record<string, string>> = {
  radius: '스펙트럼 반지름',
  gain: '결과에 곱하는 배수',
  value: '상수 값',
  minval: '하한',
  maxval: '상한',
  mean: '평균',
  stddev: '표준편차',
  scale: '분산의 분자',
  mode: '배율을 나눌 fan',
  distribution: '뽑는 분포',
  angle: '회전각 (라디안)',
  lambda: '반복되는 고유값',
};

/** 스펙트럼 반지름이 ρ일 때 절반(ρ < 1) 또는 두 배(ρ > 1)가 되는 데 걸리는 단계 수. */
function halving(rho: number): string {
  const steps = Math.LN2 / Math.abs(Math.log(rho));
  return steps >= 100 ? Math.round(steps).toLocaleString('ko-KR') : String(Number(steps.toPrecision(2)));
}

/** core의 영역 판정(RegimeReport)을 한국어 한 문장으로. */
function explainRegime(r: RegimeReport): string {
  const rho = r.spectralRadius;
  const near =
    r.regime === 'vanishing' || r.regime === 'exploding' ? formatNearOne(rho) : String(Number(rho.toPrecision(4)));
  switch (r.regime) {
    case 'vanishing':
      return rho === 0
        ? '스펙트럼 반지름이 0 < 1입니다(멱영 행렬). 많아야 n 단계가 지나면 Wᵗ는 정확히 0이 됩니다.'
        : `스펙트럼 반지름 ${near} < 1: Wᵗ는 0으로 줄어듭니다. 길게 보면 한 단계에 약 ${near}배씩, 약 ${halving(rho)} 단계마다 절반이 됩니다.`;
    case 'exploding':
      return `스펙트럼 반지름 ${near} > 1: Wᵗ는 한없이 커집니다. 한 단계에 약 ${near}배씩, 약 ${halving(rho)} 단계마다 두 배가 됩니다.`;
    case 'bounded':
      return r.withinPrecision !== null
        ? `스펙트럼 반지름 ${formatNearOne(rho)}은 ${r.withinPrecision.format} 정밀도 안에서 1과 같습니다(저장된 값의 반올림만으로 고유값이 최대 ${Number(r.withinPrecision.tolerance.toPrecision(2))}까지 움직입니다). 유계로 판정하지만, 이 데이터로는 느린 증가나 감소를 구별할 수 없습니다.`
        : `스펙트럼 반지름 ${near}, 절댓값이 1인 고유값들이 반단순(semisimple)합니다: Wᵗ는 사라지지도 폭발하지도 않습니다.`;
    case 'polynomial':
      return `스펙트럼 반지름은 ${near}이지만 절댓값 1인 고유값 하나에 고유벡터가 모자랍니다(조르당 블록): Wᵗ는 t${sup(r.polynomialDegree ?? '?')}처럼 커집니다.`;
  }
}

export const ko: Messages = {
  page: {
    documentTitle: 'ortholab: 직교 초기화, 설명과 실험',
    description:
      '직교 초기화가 순환 신경망을 안정하게 지키는 이유: 행렬 거듭제곱, 고유값, 그리고 원문의 영상을 브라우저에서 직접 움직여 봅니다.',
    skip: '본문으로 건너뛰기',
    h1: '직교 초기화, 직접 움직여 보기',
    lede: '순환 신경망은 매 단계 같은 행렬을 상태에 곱합니다. 그 상태가 사라질지, 폭발할지, 크기를 유지할지는 행렬의 고유값이 정합니다. 이 페이지에서 그 과정을 직접 보고, 모든 설정을 바꿔 볼 수 있습니다.',
    citeBefore: '바탕이 된 글: Stephen Merity, ',
    citeAfter:
      ' (2016년 6월 27일, smerity.com/articles/2016/orthogonal_init.html). 원문의 내용을 우리 말로 다시 풀어 쓰고 직접 움직여 볼 수 있게 만들었습니다. 더 읽을거리: ',
    references: '참고 문헌',
    merityMeta: '블로그 글, 2016년 6월 27일.',
    footer:
      '모든 계산은 여러분의 브라우저 안에서 이루어지며, 어떤 데이터도 밖으로 보내지 않습니다. 주소 표시줄에 모든 상태가 담겨 있으니, 주소를 복사해 공유하면 지금 보이는 화면을 그대로 보여 줄 수 있습니다.',
    readMore: '더 읽을거리:',
    sectionFailed: (message: string) => `이 절을 시작하지 못했습니다: ${message}`,
  },
  refs: {
    notes: {
      merity2016: '이 페이지가 다시 풀어 쓴 원문입니다.',
      saxe2014: '직교 행렬로 초기화한 가중치가 여러 층을 지나도 신호의 크기를 지키는 이유 (§3, §4).',
      le2015: 'ReLU와 함께 쓰는 항등 초기화(IRNN)와 덧셈 문제 (§5).',
      arjovsky2016: '복사 기억 과제와 그 기준선 (§5).',
      henaff2016: '직교 초기화는 복사 과제를, 항등 초기화는 덧셈 문제를 풉니다 (§5).',
      mezzadri2007: 'QR 분해로 직교 행렬을 균등하게 뽑게 해 주는 부호 보정 (§3, 실험실).',
    },
  },
  palette: {
    article: '원문 색 (빨강–파랑, RdBu)',
    cvd: '색각 이상 친화 (주황–보라, Okabe–Ito)',
  },
  fields,
  allowed: {
    int: (min: number, max: number) => `${min}부터 ${max}까지의 정수`,
    num: (min: string, max: string, openMin: boolean) =>
      openMin ? `${min}보다 크고 ${max} 이하인 수` : `${min}부터 ${max}까지의 수`,
    choice: (options: string) => `${options} 중 하나`,
    flag: '1 또는 0',
    matrix: (maxDim: number, square: boolean) =>
      `최대 ${maxDim}x${maxDim} 크기의 유한한 수로 된 ${square ? '정사각 ' : ''}행렬 (예: 0,1;1,1)`,
    init: 'orthogonal 또는 orthogonal(gain=1.1) 같은 초기화 방법',
    initList: (max: number) => `쉼표로 구분한 초기화 방법 1~${max}개 (예: vanishing,orthogonal(gain=1.1))`,
  },
  notices: {
    heading: '링크의 일부 설정을 쓸 수 없었습니다: ',
    wrong: '문제가 생겼습니다: ',
    label: '알림',
    dismiss: '닫기',
    dismissLabel: '알림 닫기',
    unexpected: (message: string) => `예기치 않은 오류: ${message}. 페이지의 나머지 부분은 계속 동작합니다.`,
    tooLong: (length: number) => `URL이 너무 깁니다(${length}자). 기본 설정을 보여 줍니다.`,
    unreadable: 'URL을 읽을 수 없습니다. 기본 설정을 보여 줍니다.',
    repeated: (key: string) => `"${key}"이(가) 여러 번 나옵니다. 첫 번째 값을 사용합니다.`,
    version: (raw: string, version: number) =>
      `URL 버전 "${raw}"은(는) 지원하지 않습니다(이 페이지는 버전 ${version}을 읽습니다). 값은 버전 ${version}으로 읽었습니다.`,
    unknown: (key: string) => `알 수 없는 설정 "${key}"은(는) 무시했습니다.`,
    invalid: (v: InvalidValue) =>
      `${v.label} (${v.key}): "${v.raw}"은(는) 올바른 값이 아닙니다${v.reason ? ` (${v.reason})` : ''}. 허용되는 값: ${v.allowed}. ${v.used}을(를) 사용합니다.`,
    stepBeyond: (step: number, key: string, max: number) =>
      `단계 ${step} (${key})은(는) 계산한 ${max} 단계를 넘습니다. 단계 ${max}을(를) 보여 줍니다.`,
  },
  controls: {
    slider: (label: string) => `${label} 슬라이더`,
    expected: (allowed: string) => `허용되는 값: ${allowed}.`,
  },
  common: {
    stepT: '단계 t',
    useMatrix: '이 행렬 사용',
  },
  options: {
    linearWt: '없음 (선형): h = Wᵗ',
    linear: '없음 (선형)',
    linearScale: '선형 (원문)',
    symlog: '대칭 로그',
  },
  player: {
    play: '재생',
    pause: '일시 정지',
    playWhat: (what: string) => `${what} 재생`,
    pauseWhat: (what: string) => `${what} 일시 정지`,
    previous: '이전 단계',
    next: '다음 단계',
    stepOf: (what: string) => `${what}의 단계`,
    group: (what: string) => `${what} 플레이어`,
  },
  exports: {
    bar: '내보내기',
    chart: '차트',
    eigenvalues: '고유값',
    normChart: '노름 차트',
    eigenPlot: '고유값 그림',
    eigenPlane: '고유값 평면',
    download: (what: string, format: string) => `${what}을(를) ${format} 파일로 내려받기`,
    notDrawn: (what: string) => `${what}이(가) 아직 그려지지 않았습니다.`,
    saved: (name: string) => `${name} 저장함`,
    failed: (why: string) => `내보내기 실패: ${why}`,
    pngFailed: '캔버스를 PNG로 인코딩하지 못했습니다.',
  },
  initEditor: {
    item: { panel: '패널', initializer: '초기화 방법' },
    add: (item: string) => `${item} 추가`,
    numbered: (item: string, i: number) => `${item} ${i}`,
    remove: '삭제',
    removeNumbered: (item: string, i: number) => `${item} ${i} 삭제`,
    notNumber: (key: string, raw: string) => `${key}: "${raw}"은(는) 수가 아닙니다.`,
  },
  initDocs: {
    init: (name: string, coreDoc: string) => INIT_DOCS[name] ?? coreDoc,
    param: (_name: string, key: string, coreDoc: string) => PARAM_DOCS[key] ?? coreDoc,
  },
  initspec: {
    unknown: (name: string) => `알 수 없는 초기화 방법 "${name}"`,
    noParam: (name: string, key: string, keys: string) =>
      `${name}에는 매개변수 "${key}"이(가) 없습니다${keys ? ` (받는 매개변수: ${keys})` : ' (매개변수를 받지 않습니다)'}`,
    oneOf: (name: string, key: string, options: string) => `${name}: ${key}은(는) 다음 중 하나여야 합니다: ${options}`,
    range: (name: string, key: string, integer: boolean, min: string, max: string) =>
      `${name}: ${key}은(는) ${min}부터 ${max}까지의 ${integer ? '정수' : '수'}여야 합니다`,
    count: (n: number) => `초기화 방법이 ${n}개 주어졌습니다`,
    core: (message: string) => `초기화 지정이 올바르지 않습니다 (${message})`,
  },
  matrixText: {
    empty: '행렬이 비어 있습니다. "0 1"과 "1 1"처럼 한 줄에 한 행씩 입력하세요.',
    tooManyRows: (rows: number, max: number) => `${rows}개 행: 최대 ${max}개까지 입력할 수 있습니다.`,
    notNumber: (row: number, entry: number, text: string) =>
      `${row}행 ${entry}번째 원소: "${text}"은(는) 유한한 수가 아닙니다.`,
    ragged: (row: number, length: number, first: number) =>
      `${row}행의 원소는 ${length}개인데 1행은 ${first}개입니다. 모든 행의 길이가 같아야 합니다.`,
    notSquare: (shape: string) => `행렬이 ${shape}입니다. Wᵗ를 계산하려면 정사각 행렬이 필요합니다.`,
  },
  views: {
    step: (i: number) => `단계 ${i}`,
    unitCircle: '단위원 |λ| = 1',
    offPlot: (tip: string) => `${tip} (그림 밖)`,
    colourScale: '색 척도',
    entry: (i: number, j: number, value: string) => `원소 (${i}, ${j}) = ${value}`,
    overT: (last: number) => `t = 0부터 ${last}까지:`,
    sparkline: (last: number, limit: number) => `이 원소의 t = 0부터 ${last}까지의 값, ±${limit}로 자름`,
  },
  cap: {
    paletteWords: { article: '빨강 < 0 < 파랑', cvd: '주황 < 0 < 보라' },
    decadesBelow: (d: string, of: string) => `${of}보다 ${d}자릿수 작음`,
    decadesAbove: (d: string, of: string) => `${of}보다 ${d}자릿수 큼`,
    notComputed: (label: string, error: string) => `${label}: 계산하지 못함 (${error})`,
    exactlyZero: (label: string) => `${label}: h가 정확히 0`,
    computing: (label: string) => `${label}: 계산 중…`,
    spectralRadius: (r: string) => `스펙트럼 반지름 ${r}`,
    nanEntries: (n: number) => `NaN 원소 ${n}개 (검은색)`,
    saturated: (n: number) => `색 범위 한계에 닿았거나 넘은 원소 ${n}개`,
    linearModel: 'h₀ = I, 입력 없음, 편향 없음',
    nonlinearModel: (model: string) => `${model}, h₀ = I`,
    linearScale: (words: string, limit: string) => `색 (${words})은 ±${limit}에 고정`,
    symlogScale: (words: string, linthresh: string, limit: string) =>
      `대칭 로그 색 (${words}), ±${linthresh} 안에서는 선형, ±${limit}에서 포화`,
    videoHead: (t: number, steps: number, body: string) => `${steps}단계 중 t = ${t}: ${body}.`,
    fibPower: (power: string, fib: string) => `${power}, 따라서 ${fib}입니다.`,
    fibLambda: (lambda: string, psiGone: boolean) =>
      `${lambda}: φ 항이 지배하고, ψ 항은 ${psiGone ? '거의 사라졌습니다' : '아직 영향을 줍니다'}.`,
    fibRatioEqual: (ratio: string) => `${ratio}, float64로 φ와 같습니다.`,
    fibRatioOff: (ratio: string, off: string) => `${ratio}, φ와 ${off}만큼 다릅니다.`,
    productWrong: (t: number) =>
      `float64 곱은 더 이상 정확하지 않습니다(처음 틀린 것은 t = ${t}: Fib(${t + 1}) > 2⁵³).`,
    productExact: (t: number | null) =>
      `float64 곱은 아직 정확합니다${t !== null ? `(처음 틀리는 것은 t = ${t})` : ''}.`,
    eigenWrong: (q: string, t: number) => `${q}를 정수로 반올림한 값은 t = ${t}부터 틀립니다.`,
    eigenRight: (q: string, t: number | null) =>
      `${q}를 반올림하면 올바른 정수가 나옵니다${t !== null ? `(t = ${t} 전까지)` : ''}.`,
    rotTurns: (theta: string, t: number, x: string, length: string) =>
      `R은 벡터를 ${theta}°만큼 돌립니다(이 규약에서 θ가 양수이면 시계 방향). t = ${t} 단계 뒤 ${x}, 길이는 ${length}입니다.`,
    rotEigen: (lambdas: readonly string[], modulus: string) =>
      `고유값은 ${lambdas.join('과(와) ')}이고, 둘 다 절댓값이 ${modulus}로 단위원 위에 있습니다.`,
    rotExact: 'RᵀR = I가 float64에서 정확히 성립합니다.',
    rotRounding: (error: string) => `RᵀR = I가 반올림 오차 ${error} 안에서 성립합니다.`,
    motionCircle: '고유값의 거듭제곱 λᵗ는 단위원 위에 머뭅니다',
    motionDefective:
      '고유값의 거듭제곱 λᵗ는 단위원 위에 머무는데도 ‖Wᵗ‖는 커집니다. A에 고유벡터가 충분하지 않기 때문입니다',
    motion: (inward: boolean, complex: boolean, negative: boolean) => {
      const who = inward ? '고유값의 거듭제곱 λᵗ는' : '가장 큰 고유값의 거듭제곱 λᵗ는';
      if (complex) return `${who} 나선을 그리며 ${inward ? '원점으로 빨려 들어갑니다' : '바깥으로 뻗어 나갑니다'}`;
      return `${who} 실수축을 따라 ${negative ? '매 단계 부호를 바꾸며 ' : ''}${inward ? '0으로 줄어듭니다' : '커집니다'}`;
    },
    regime: {
      vanishing: '소실: Wᵗ → 0',
      exploding: '폭발: Wᵗ가 지수적으로 커짐',
      bounded: '유계: |λ| = 1, 커지지 않음',
      polynomial: '다항식 증가: |λ| = 1이지만 고유벡터 부족',
      unknown: '영역 알 수 없음',
    },
    regimeMatrix: (w: string, name: string, size: string) => `${w}, A는 ${name} 행렬 (${size})입니다.`,
    noEigen: '고유값을 계산하지 못했습니다.',
    radiusSo: (r: string, motion: string) => `스펙트럼 반지름이 ${r}이므로 ${motion}.`,
    normAt: (t: number, norm: string) => `t = ${t}에서 ${norm}입니다.`,
    regimeIs: (label: string, about: string | null) => `영역: ${label}${about ? ` (약 ${about})` : ''}.`,
    transient: (peak: string, step: number) =>
      `결국에는 줄어들지만, ‖Wᵗ‖는 먼저 t = ${step}에서 ${peak}까지 커집니다. 정규 행렬이 아니기 때문입니다.`,
    gradHead: (steps: number, f: string, gain: string, input: string | null) =>
      `hₜ = ${f}(${gain}·W hₜ₋₁${input !== null ? ' + uₜ' : ''})를 거슬러 ${steps} 단계 보낸 기울기${input !== null ? `, 입력 크기 ${input}` : ''}.`,
    gradNonFinite: (label: string, overflowed: boolean) =>
      `${label}: 기울기가 ${overflowed ? '넘쳤습니다(오버플로)' : '정확히 0이 되었습니다'}`,
    scaledRadius: (r: string) => ` (배율을 곱한 W의 스펙트럼 반지름 ${r})`,
    gradChanged: (label: string, shrank: boolean, decades: string, rho: string) =>
      `${label}: ${decades}자릿수만큼 ${shrank ? '줄었습니다(기울기 소실)' : '커졌습니다(기울기 폭발)'}${rho}`,
    trainHead: (task: 'copy' | 'adding', T: number, status: string) =>
      `${task === 'copy' ? `복사 과제(기호 10개를 ${T} 단계 동안 기억하기)` : `덧셈 문제(길이 ${T}의 시퀀스)`} 학습: ${status}.`,
    baseline: (loss: string) => `기억을 쓰지 않는 모델의 손실은 ${loss}입니다.`,
    diverged: (label: string, step: number, why: string) => `${label}: 단계 ${step}에서 발산 (${why})`,
    waiting: (label: string) => `${label}: 대기 중`,
    runStep: (label: string, progress: string, loss: string) => `${label}: 단계 ${progress}, 배치 손실 ${loss}`,
    testLoss: (ratio: string) => `테스트 손실은 기억 없는 기준선의 ${ratio}배`,
    accuracy: (percent: string) => `정확도 ${percent}%`,
  },
  fib: {
    title: '1. 거듭된 곱셈과 피보나치 수',
    text: [
      '벡터에 같은 행렬을 거듭 곱하면 행렬의 거듭제곱이 나옵니다. 가장 작으면서도 흥미로운 예는 F = [[0, 1], [1, 1]]입니다. 항등 행렬에서 시작해 F를 한 번 곱할 때마다 피보나치 수가 한 칸씩 밀려나므로, Fᵗ에는 Fib(t−1), Fib(t), Fib(t+1)이 들어 있습니다.',
      '이 수들이 왜 황금비의 거듭제곱처럼 커지는지는 F를 Q Λ Qᵀ로 쓰면 분명해집니다. Q에는 F의 고유벡터가, Λ에는 고유값 ψ ≈ −0.618과 φ ≈ 1.618이 들어 있습니다. 그러면 Fᵗ = Q Λᵗ Qᵀ이고, t제곱이 되는 것은 고유값뿐입니다. |ψ| < 1인 부분은 사라지고 φ > 1인 부분이 남아, 피보나치 수는 바로 앞 수의 약 φ배가 됩니다.',
      '컴퓨터는 이 수들을 64비트 부동소수점으로 저장하는데, 이는 2⁵³까지만 정확합니다. 단계를 충분히 진행하면 두 방법, 즉 단순한 곱과 고유값 공식이 모두 틀린 정수를 내놓기 시작하는 것을 볼 수 있습니다.',
    ],
    hint: (max: number) => `0부터 ${max}까지`,
    productError: '곱: 상대 오차',
    eigenError: 'Q Λᵗ Qᵀ: 상대 오차',
    chartName: '피보나치 오차 차트',
    csvTitle: '피보나치 오차 계열(log10)을 CSV 파일로 내려받기',
    exact: '정확한 값 (BigInt)',
    withLambda: (lambda: string) => `여기서 ${lambda}`,
    products: (t: number) => `float64: F·F·…·F (곱 ${t}번)`,
    wrongUnderlined: '틀린 정수에는 빨간 밑줄이 그어집니다',
    ratioAtZero: 't = 0에서는 F⁰ = I: 아직 아무것도 곱하지 않았습니다.',
    ratio: (t: number, ratio: string, phi: string) => `Fib(${t + 1}) / Fib(${t}) = ${ratio}, 한편 φ = ${phi}.`,
    chartTitle: '황금비로의 수렴과 float64 오차 (t에 따라)',
    yLabel: '오차 (로그 척도)',
  },
  reg: {
    title: '2. 세 가지 영역: 소실, 폭발, 그 어느 쪽도 아닌 경우',
    text: [
      '피보나치 행렬에서 본 것은 모든 행렬에 성립합니다. 길게 보면 Wᵗ는 절댓값이 가장 큰 고유값, 곧 스펙트럼 반지름 ρ가 좌우합니다. 모든 고유값의 절댓값이 1보다 작으면 거듭제곱은 0으로 줄어들고, 하나라도 1보다 크면 폭발하며, 정확히 단위원 위에 있으면 사라지지도 폭발하지도 않습니다.',
      '배율 s를 움직이면서 s·A의 고유값이 단위원을 가로지르고 영역이 바뀌는 모습을 보세요. 그다음 전단 행렬을 고르세요(메뉴가 s = 1로 맞춥니다). 두 고유값이 모두 정확히 1인데도 거듭제곱은 한없이(선형으로) 커집니다. "|λ| = 1이면 안정하다"는 규칙에는 조건이 필요합니다. 행렬이 고유벡터를 온전히 갖추어야 하는데, 전단 행렬에는 그것이 없습니다.',
    ],
    presets: {
      rotation: '30° 회전',
      symmetric: '대칭 행렬 (λ = 1과 0.5)',
      fibonacci: '피보나치 [[0, 1], [1, 1]]',
      shear: '전단 행렬 [[1, 1], [0, 1]]',
      custom: '직접 입력 (아래에 입력)',
    },
    presetNames: {
      rotation: '30° 회전',
      symmetric: '대칭 (λ = 1과 0.5)',
      fibonacci: '피보나치 [[0, 1], [1, 1]]',
      shear: '전단 [[1, 1], [0, 1]]',
      custom: '직접 입력한',
    } satisfies Record<RegimePreset, string>,
    customLabel: '직접 입력할 행렬 A (최대 8×8, 한 줄에 한 행)',
    prediction: 'ρᵗ·‖I‖_F (고유값으로 한 예측)',
    csvTitle: '단계별 노름과 그 고유값 예측의 log10을 CSV 파일로 내려받기',
    chartTitle: 'Wᵗ의 프로베니우스 노름 (t에 따라, 로그 척도)',
    planeTitle: (t: number) => `t = ${t}에서 고유값의 거듭제곱 λ${sup('t')}`,
    explain: explainRegime,
  },
  drag: {
    title: '고유값으로 W 만들기',
    hint: '고유값을 끌어 보세요(복소수 쌍은 거울상으로 함께 움직이고, 실수 고유값은 축 위에 머뭅니다). 비정규성 ν를 키우면 고유벡터들이 서로 가까워지도록 휩니다. 고유값은 그대로인데도 ‖Wᵗ‖는 먼저 커집니다.',
    pair: '복소수 쌍 a ± bi',
    real: '실수 고유값 두 개',
    planeLabel: '고유값 평면: 고유값을 끌거나, 화살표 키로 첫째 고유값을 움직이세요(Shift: 빠르게)',
    planeTitle: (t: number) => `W의 고유값(끌어서 움직이기)과 t = ${t}까지의 λ${sup('t')}`,
    exportLabel: '고유값 그림 내보내기',
    hintDefective:
      '실수 고유값 두 개를 한 점에 겹치거나(가까이 가면 달라붙습니다) 복소수 쌍을 실수 축까지 내리고 ν > 0으로 두십시오. 그러면 고유벡터가 하나만 남아 W는 결함 행렬이 되고, |λ| = 1이어도 ‖Wᵗ‖는 t의 다항식처럼 커집니다.',
    shearButton: '전단 행렬: λ₁ = λ₂ = 1, ν = 1',
    shearButtonName: '전단 행렬로 설정: 고유값 두 개가 1이고 비정규성이 1인 W = [[1, 1], [0, 1]]',
    captionName: (nu: number) => `끌어 놓은 고유값으로 만든 (ν = ${nu})`,
  },
  rot: {
    title: '3. 직교 행렬: 늘이지 않고 돌리기',
    text: [
      '어떤 행렬은 곱하는 대상의 길이를 절대 바꾸지 않습니다. 가장 간단한 예가 회전입니다. 회전은 벡터를 돌리기만 할 뿐 다른 일은 하지 않으므로, 천 번을 돌려도 길이는 처음 그대로입니다.',
      '이런 행렬을 직교 행렬이라고 합니다. 전치 행렬이 그 역할을 되돌리므로 QᵀQ = QQᵀ = I입니다. 직교 행렬의 모든 고유값은 절댓값이 정확히 1입니다. 90° 회전 R = [[0, 1], [−1, 0]]에는 실수 고유벡터가 하나도 없고(같은 방향을 유지하는 벡터가 없습니다), 고유값은 단위원 위의 허수 쌍 ±i입니다.',
      '모든 고유값이 단위원 위에 있다는 것만으로는 부족합니다(2절에 여전히 커지는 행렬이 있습니다). 직교 행렬이면 충분합니다. 모든 특이값이 1이어서 어떤 방향도 늘어나지 않기 때문입니다.',
    ],
    playerName: '회전',
    vector: '벡터',
    vectorFigure: '회전하는 벡터 그림',
    vectorTitle: (t: number, theta: string) => `x₀ = (1, 0)을 ${theta}°씩 ${t}번 돌린 결과`,
    planeTitle: '복소평면 위 R의 고유값',
    deviation: (error: string, drift: string) => `RᵀR 또는 RRᵀ와 I의 최대 차이: ${error}; ${drift}.`,
  },
  vid: {
    title: '4. Wᵗ로 본 순환 신경망: 세 편의 영상',
    text: [
      '순환 신경망을 hₜ = f(W hₜ₋₁ + V xₜ)까지 덜어 낸 다음, 입력과 편향과 비선형성을 모두 없애 봅시다. 남는 것은 hₜ = W hₜ₋₁입니다. 은닉 상태에 매 단계 같은 행렬을 곱하는 것입니다. h₀ = I(열마다 기저 벡터 하나)에서 시작하면, 단계 t의 상태는 바로 행렬의 거듭제곱 Wᵗ입니다.',
      '아래 각 패널은 초기화 방법 하나에 대한 Wᵗ를 원문과 같은 방식으로 그린 것입니다. 빨강–파랑 발산형 색 지도(음수는 빨강, 0은 흰색, 양수는 파랑)를 쓰고, 색 척도는 ±5에 고정합니다(맨 위의 색 팔레트 메뉴로 색각 이상에 친화적인 주황–보라 지도로 바꿀 수 있습니다). 고유값의 절댓값이 모두 1보다 작은 행렬은 흰색으로 바래고(기울기 소실), 1보다 큰 고유값이 있는 행렬은 색이 포화되며(기울기 폭발), 직교 행렬은 매 단계 같은 크기를 유지한 채 색만 옮겨 다닙니다.',
    ],
    figureName: 'Wᵗ 애니메이션',
    panelsLegend: '패널 (패널마다 초기화 방법 하나)',
    gifTitle: '애니메이션을 움직이는 GIF로 내려받기',
    webmTitle: '애니메이션을 WebM 영상(VP9 또는 VP8, 단계마다 한 프레임)으로 내려받기',
    noWebm: '이 브라우저는 WebM 영상을 인코딩할 수 없습니다(WebCodecs VP9/VP8 인코더 없음). 대신 GIF로 내보내세요.',
    pngTitle: '모든 패널의 현재 프레임을 PNG 파일로 내려받기',
    safetensorsTitle: '모든 패널의 행렬 W(float64)를 초기화 이름을 붙여 하나의 .safetensors 파일로 내려받기',
    csvTitle: '단계별 프로베니우스 노름의 log10을 CSV 파일로 내려받기',
    jsonTitle: '단계별 프로베니우스 노름의 log10을 설정과 함께 JSON 파일로 내려받기',
  },
  powers: {
    panels: (name: string) => `${name}: 패널 (스페이스로 재생, 화살표로 한 단계씩)`,
    cancel: '취소',
    cancelLabel: '계산 취소',
    cancelled: '취소했습니다. 설정을 바꾸면 다시 계산합니다.',
    cancelledExport: '계산이 취소되었습니다. 설정을 바꾸면 다시 계산합니다.',
    computing: '계산 중…',
    progress: (step: number, steps: number) => `계산 중… ${steps}단계 중 ${step}단계`,
    computed: (count: number, steps: number, n: number, ms: number, kept: 'shown' | 'memory' | null, stride: number) =>
      `${n}×${n} 행렬 ${count}개의 ${steps} 단계를 ${ms} ms에 계산했습니다.${
        kept === 'shown'
          ? ` 보여 줄 단계만 계산했습니다: ${stride} 단계마다 하나씩, W^${stride}의 곱으로.`
          : kept === 'memory'
            ? ` 메모리 때문에 ${stride} 단계마다 하나씩만 화면용으로 보관합니다.`
            : ''
      }`,
    failed: (detail: string) => `계산하지 못했습니다: ${detail}`,
    jobCancelled: '계산이 취소되었습니다.',
    panelAt: (label: string, step: number) => `${label}: t = ${step}에서의 Wᵗ`,
    planeTitle: (label: string, t: number) => `${label}: t = ${t}에서 고유값의 거듭제곱 λ${sup('t')}`,
    colourScale: (limit: number) => `색 척도 ±${limit}`,
    chartTitle: 'hₜ의 프로베니우스 노름 (t에 따라, 로그 척도)',
  },
  beyond: {
    title: '5. 원문 너머: 입력, 기울기, 학습',
    text: [
      '실제 순환 신경망은 매 단계 입력을 더하고 결과를 눌러 줍니다. 식으로 쓰면 hₜ = tanh(W hₜ₋₁ + V xₜ)입니다. 이렇게 누르면 상태가 유계로 남아 앞으로 가는 계산에서는 아무것도 폭발하지 않습니다. 문제는 역방향 계산으로 옮겨 갑니다. 학습은 오차 신호를 같은 행렬의 전치를 통해 단계마다 한 번씩 거꾸로 보내고, 그때마다 tanh의 미분값(많아야 1)을 곱합니다. 그 신호가 백 단계를 버틸 수 있을지는 다시 W에 달린 문제입니다.',
      '첫째 그림은 여러 가지 W 초기화에 대해 순방향 계산 한 번과 그것을 거슬러 보낸 기울기를 따라갑니다. 기울기 노름이 거꾸로 가면서 어떻게 변하는지 보세요. 직교 행렬 W에서는 tanh의 미분값을 통해서만 기울기가 줄어듭니다. 고유값이 작은 W에서는 단계마다 기울기가 사라지고(기울기 소실), 고유값이 큰 W는 기울기를 먼저 키웠다가(기울기 폭발) tanh를 포화시키고, 평평해진 미분값이 이를 다시 깎아 냅니다.',
      '둘째 그림은 기억이 필요한 과제로 작은 신경망을 초기화 방법마다 한 번씩 학습시킵니다. 기본값은 선형 순환을 쓰는 복사 과제(기호 열 개를 기억했다가 간격 뒤에 되풀이하기)로, 직교 행렬 W는 몇백 단계 만에 대부분의 기호를 기억해 내지만 다른 방법들은 한참 뒤처집니다. ReLU와 덧셈 문제로 바꾸면 이번에는 항등 초기화(IRNN)가 돋보입니다.',
    ],
  },
  grad: {
    title: '시간을 거스르는 기울기',
    initsLegend: 'W의 초기화 방법',
    gradients: '기울기',
    states: '상태',
    gradientChart: '기울기 차트',
    stateChart: '순방향 상태 차트',
    csvTitle: '초기화 방법별 단계마다의 log10 ‖∂L/∂hₜ‖를 CSV 파일로 내려받기',
    exportLabel: '기울기 그림 내보내기',
    forwardTitle: '순방향 상태 노름 ‖hₜ‖',
    backwardTitle: 't = T에서 거꾸로 보낸 기울기 노름 ‖∂L/∂hₜ‖',
  },
  gates: {
    cellRnn: '기본 순환 신경망 (vanilla RNN)',
    cellLstm: 'LSTM (게이트 i, f, g, o)',
    cellGru: 'GRU (게이트 r, z, n)',
    perSchemeTitle: (cell: string) => `${cell}: 초기화 시점의 기울기 노름 ‖∂L/∂hₜ‖, 방식별`,
    perGateTitle: (cell: string, scheme: string) => `${cell} ${scheme}: 게이트별 기울기 ‖∂L/∂a_g,t‖`,
    gateLabel: (g: string) => `게이트 ${g}`,
    zeroAtStart: 't = 1에서 정확히 0',
    overflow: '유한하지 않음',
    decades: (signed: string) => `${signed}자릿수`,
    computing: '백그라운드에서 계산하는 중…',
    caption: (c: GateCaption) =>
      `초기화 시점의 ${c.cell}, 유닛 ${c.n}개(시드 ${c.seed}, 학습 단계 없음), 길이 T = ${c.T}의 덧셈 문제입니다. t = T의 손실을 t = 1까지 16개의 탐침 시퀀스로 되돌려 보냅니다. t = T에서 t = 1까지 ‖∂L/∂hₜ‖의 변화: ${c.perScheme}. ${c.scheme}의 게이트별 변화(게이트 사전 활성화의 ‖∂L/∂a_g,t‖, t = T → 1): ${c.perGate}.`,
    csvTitle: '게이트마다 단계별 log10 ‖∂L/∂a_g,t‖를 CSV로 내려받기',
    gatesExport: '게이트',
    gatesExportWhat: '게이트별 기울기 차트',
  },
  train: {
    title: '작은 순환 신경망 학습시키기',
    initsLegend: '순환 가중치 초기화 (W)',
    train: '학습',
    trainLabel: '학습: 초기화 방법마다 신경망 하나씩',
    stop: '정지',
    stopLabel: '학습 정지',
    empty: (p: TrainPlan) => {
      const task =
        p.task === 'copy'
          ? `복사 과제(기호 10개를 ${p.T} 단계 동안 기억했다가 되풀이하기)`
          : `덧셈 문제(길이 ${p.T}의 시퀀스에서 표시된 두 수를 더하기)`;
      const act = p.act === 'linear' ? '선형' : p.act;
      const net =
        p.cell === null
          ? `같은 작은 순환 신경망(유닛 ${p.hidden}개, ${act})이 초기화 방법마다 한 번씩(${p.runs}) ${task}를 배웁니다`
          : `같은 작은 ${p.cell}(유닛 ${p.hidden}개)이 게이트 초기화 방식마다 한 번씩(${p.runs}) ${task}를 배웁니다`;
      return `아직 학습하지 않았습니다. 학습을 누르면 ${net}. 각각 ${p.iters} 단계이며 백그라운드에서 진행됩니다. 학습이 진행되는 동안 실행마다 손실 곡선이 하나씩 여기에 나타나고, 그 옆에 고정된 측정용 배치에서 잰 기울기 노름 ‖∂L/∂hₜ‖가 표시됩니다.`;
    },
    lossTitle: '학습 단계별 손실',
    lossX: '학습 단계',
    lossY: '배치 손실 (이동 평균)',
    baseline: '기억 없는 기준선',
    probeTitle: '고정된 측정용 배치에서 잰 ‖∂L/∂hₜ‖ (최신)',
    probeX: '시퀀스의 시간 단계 t',
    status: {
      idle: '학습을 눌러 시작하세요',
      running: '진행 중',
      finished: (seconds: string) => `${seconds}초 만에 끝남`,
      stopped: '정지함',
      failed: (message: string) => `실패: ${message}`,
    },
    statusLine: (status: string) => `학습: ${status}.`,
    loss: '손실',
    jsonTitle: '학습 손실 곡선을 설정과 함께 JSON 파일로 내려받기',
    lossChart: '손실 차트',
    probe: '측정',
    probeChart: '기울기 측정 차트',
    exportLabel: '학습 그림 내보내기',
    adding: '덧셈 문제',
    copy: '복사 기억 과제',
    vanilla: '기본 순환 신경망',
  },
  lab: {
    title: '실험실: 나만의 행렬',
    text: [
      '위에서 본 모든 것을 여기서는 모든 설정을 열어 둔 채로 다룹니다. 초기화 방법과 매개변수, 최대 512의 크기, 시드, 최대 1000 단계, 활성화 함수를 고르거나, 행렬을 직접 입력하거나 붙여 넣으세요. 큰 계산은 백그라운드 워커에서 하므로 페이지는 계속 반응하고, 진행 상황을 보여 주며, 언제든 취소할 수 있습니다.',
    ],
    figureName: '실험실 Wᵗ',
    typedMatrix: (n: number) => `입력한 ${n}×${n} 행렬`,
    pastedMatrix: (n: number) => `붙여 넣은 ${n}×${n} 행렬`,
    pageOnly: (max: number) => `${max}×${max}보다 큰 행렬은 이 페이지에만 보관되며, 링크에는 들어가지 않습니다.`,
    matrixLabel: '행렬 (한 줄에 한 행, 원소는 공백이나 쉼표로 구분)',
    fileLabel:
      '가중치 파일(.npy, .safetensors, .json)이나 모델(.pt, .keras, .h5, .bin 조각 파일을 포함한 TF.js model.json)을 불러오거나 여기에 끌어다 놓으세요',
    fileChoice: '파일에서 고를 행렬',
    reading: (names: string) => `${names} 읽는 중…`,
    loaded: (count: number, skipped: string) =>
      `W로 쓸 수 있는 행렬 ${count}개. 불러온 파일은 이 페이지에만 남습니다(링크에는 들어가지 않습니다).${skipped ? ` 건너뜀: ${skipped}.` : ''}`,
    fileError: (detail: string) => `파일을 쓸 수 없습니다: ${detail}`,
    noFile: (init: string) =>
      `아직 불러온 파일이 없습니다. .npy, .safetensors, .json 파일을 고르거나 위에 행렬을 붙여 넣으세요. 파일은 링크에 들어가지 않으므로, 그때까지 그림은 초기화 방법(${init})을 보여 줍니다.`,
    sources: {
      init: '초기화 방법',
      matrix: '직접 입력하거나 붙여 넣은 행렬',
      file: '가중치 파일 (또는 붙여 넣은 큰 행렬)',
    },
    npyTitle: '행렬 W를 float64 .npy 파일로 내려받기',
    notYetW: 'W를 아직 계산하지 않았습니다.',
    stateTitle: '현재 단계의 상태를 float64로 정확히 다시 계산해 .npy 파일로 내려받기',
    normChart: '실험실 노름 차트',
    csvTitle: '실험실의 단계별 노름 log10을 CSV 파일로 내려받기',
    eigenCsvTitle: 'W의 고유값(실수부와 허수부)을 CSV 파일로 내려받기',
    notYetEigen: '고유값을 아직 계산하지 않았습니다.',
    eigenNoConverge: '고유값 계산이 수렴하지 않았습니다.',
    eigenCancelled: '고유값을 계산하기 전에 취소했습니다. 설정을 바꾸면 다시 계산합니다.',
    eigenPending: '고유값은 프레임 다음에 계산됩니다…',
    spectrumTitle: (count: number) => `W의 고유값 (${count}개)`,
    spectrumNote: (count: number, rho: string, where: 'inside' | 'outside' | 'on') =>
      `고유값 ${count}개, 스펙트럼 반지름 ${rho} (단위원 ${where === 'inside' ? '안' : where === 'outside' ? '밖' : '위'}). 파랑: |λ| < 1, 빨강: |λ| > 1, 회색: |λ| = 1.`,
  },
};
