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
  GATE_LAYOUT_NAMES,
  splitGates,
  guessGateLayout,
} from './gates.js';
export { type SniffedFormat, sniffFormat, foreignFormatHint } from './sniff.js';
export { decodeUtf8, encodeUtf8 } from './utf8.js';
export { type PyValue, MAX_LITERAL_DEPTH, parsePythonLiteral } from './pyliteral.js';
export { type ZipEntry, type ZipArchive, type ZipOptions, crc32, openZip } from './zip.js';
export {
  type PyDict,
  type PyGlobal,
  type PyList,
  type PyObj,
  type PyTuple,
  type UnpickleHooks,
  type UnpickleLimits,
  unpickle,
} from './pickle.js';
export { TORCH_STORAGES, type ReadTorchOptions, isLegacyTorch, readTorch } from './torch.js';
export { type Hdf5File, openHdf5 } from './hdf5.js';
export { readKeras2, readKeras3 } from './keras.js';
export { TFJS_MAX_JSON_BYTES, isTfjsModelJson, readTfjs, tfjsShardPaths } from './tfjs.js';
export {
  type CellKind,
  type Framework,
  type KernelRef,
  type NamedGateLayout,
  type RecurrentLayer,
  cellLayout,
  torchRecurrentLayers,
} from './modelLayers.js';
export {
  MODEL_FILE_EXTENSIONS,
  type ModelFile,
  type ReadModelFileOptions,
  modelFileKind,
  readModelFile,
} from './modelFile.js';
