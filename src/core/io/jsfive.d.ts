// Minimal types for jsfive 0.4 (a pure-JavaScript HDF5 reader without its own declarations):
// only what hdf5.ts uses. `_dataobjects` is internal to jsfive; hdf5.ts reads a dataset's
// layout through it to refuse what it cannot bound, which is why the version is pinned.
declare module 'jsfive' {
  export interface DataObjects {
    readonly offset: number;
    find_msg_type(type: number): { get(key: string): number }[];
    _get_data_message_properties(msgOffset: number): [number, number, number, number];
  }
  export class Group {
    readonly name: string;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects: DataObjects;
    get(path: string): Group | Dataset | null;
  }
  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects: DataObjects;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
}
