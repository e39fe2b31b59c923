export {
  type Dtype,
  type NdArray,
  type ToMatrixOptions,
  MAX_ELEMENTS,
  MAX_RANK,
  checkedNumel,
  formatShape,
  fortranToC,
  ndarrayToMatrix,
  matrixToNdarray,
} from './ndarray.js';
export {
  ITEMSIZE,
  type Decoded,
  decodeElements,
  float16ToNumber,
  bfloat16ToNumber,
  float8e4m3fnToNumber,
  float8e5m2ToNumber,
} from './dtypes.js';
export {
  NPY_MAX_HEADER_BYTES,
  type ReadNpyOptions,
  type WriteNpyOptions,
  type WritableArray,
  readNpy,
  writeNpy,
} from './npy.js';
export {
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsFile,
  type ReadSafetensorsOptions,
  type WriteSafetensorsOptions,
  readSafetensors,
  writeSafetensors,
} from './safetensors.js';
export { type WriteMatrixJsonOptions, readMatrixJson, writeMatrixJson } from './matrixJson.js';
export {
  TENSOR_FILE_EXTENSIONS,
  type NamedTensor,
  type ReadTensorFileOptions,
  readTensorFile,
} from './tensorFile.js';
export {
  type GateKind,
  type GateLayout,
  type GateBlock,
  type GuessedGateLayout,
  GATE_LAYOUTS,
  splitGates,
  guessGateLayout,
} from './gates.js';
export { type SniffedFormat, sniffFormat, foreignFormatHint } from './sniff.js';
export { decodeUtf8, encodeUtf8 } from './utf8.js';
export { type PyValue, MAX_LITERAL_DEPTH, parsePythonLiteral } from './pyliteral.js';
