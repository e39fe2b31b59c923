/**
 * Recognises file formats by their first bytes, so a reader handed the wrong kind of file can
 * say what it got and how to convert it (e.g. an .npz archive, a PyTorch checkpoint, Keras
 * HDF5 weights) instead of "bad magic".
 */

/** Formats told apart by `sniffFormat`. */
export type SniffedFormat =
  | 'npy'
  | 'safetensors'
  | 'json'
  | 'npz'
  | 'torch-zip'
  | 'keras-zip'
  | 'zip'
  | 'pickle'
  | 'hdf5';

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when `bytes` starts with `magic`. */
export function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (bytes[k] !== magic[k]) return false;
  return true;
}

/** True when the bytes start with the .npy magic string. */
export function hasNpyMagic(bytes: Uint8Array): boolean {
  return startsWith(bytes, NPY_MAGIC);
}

/** The format the first bytes suggest, or null. Reads at most the first zip entry header. */
export function sniffFormat(bytes: Uint8Array): SniffedFormat | null {
  if (hasNpyMagic(bytes)) return 'npy';
  if (startsWith(bytes, HDF5_MAGIC)) return 'hdf5';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zipKind(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5) return 'pickle';
  if (bytes.length >= 9 && bytes[8] === 0x7b && bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0) {
    return 'safetensors';
  }
  let k = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) k = 3;
  while (k < bytes.length && (bytes[k] === 0x20 || bytes[k] === 0x0a || bytes[k] === 0x0d || bytes[k] === 0x09)) k++;
  if (bytes[k] === 0x7b || bytes[k] === 0x5b) return 'json';
  return null;
}

/** The name of the first entry of a zip archive tells an .npz from a PyTorch or Keras file. */
function zipKind(bytes: Uint8Array): SniffedFormat {
  if (bytes.length < 30) return 'zip';
  const nameLen = bytes[26]! | (bytes[27]! << 8);
  const end = Math.min(bytes.length, 30 + nameLen);
  let name = '';
  for (let k = 30; k < end; k++) name += String.fromCharCode(bytes[k]!);
  if (name.endsWith('.npy')) return 'npz';
  if (name.endsWith('.pkl') || name.includes('/')) return 'torch-zip';
  if (name.endsWith('.json') || name.endsWith('.h5')) return 'keras-zip';
  return 'zip';
}

const EXPORT_HINT =
  "Export the weights first, e.g. numpy.save('w.npy', tensor.detach().cpu().numpy()) in PyTorch, numpy.save('w.npy', layer.get_weights()[1]) in Keras (the recurrent kernel), or safetensors.numpy.save_file({...}, 'w.safetensors').";

/** A sentence saying what a non-readable format is and how to get a readable file from it. */
export function foreignFormatHint(kind: SniffedFormat): string {
  switch (kind) {
    case 'npz':
      return 'This is an .npz archive (a zip of .npy files); extract it with `unzip file.npz` or numpy (np.load(f)[name]) and load the .npy files.';
    case 'torch-zip':
      return 'This is a PyTorch torch.save file; read it as a model file (readModelFile; `ortholab diagnose` and the Lab take .pt/.pth).';
    case 'pickle':
      return `This is a Python pickle (pickle.dump, or torch.save before PyTorch 1.6); pickles can run arbitrary code, so ortholab reads only the state dicts of torch.save zip files (PyTorch ≥ 1.6). ${EXPORT_HINT}`;
    case 'keras-zip':
      return 'This is a Keras 3 .keras archive; read it as a model file (readModelFile; `ortholab diagnose` and the Lab take .keras).';
    case 'hdf5':
      return `This is an HDF5 file: a whole Keras model (.h5) is read as a model file (readModelFile, \`ortholab diagnose m.h5\`); for loose weights: ${EXPORT_HINT}`;
    case 'zip':
      return 'This is a zip archive; extract it and load the .npy, .safetensors or .json files inside.';
    case 'npy':
      return 'The bytes look like a .npy file.';
    case 'safetensors':
      return 'The bytes look like a .safetensors file.';
    case 'json':
      return 'The bytes look like JSON text.';
  }
}
