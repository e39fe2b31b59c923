/**
 * Float64Array scratch kept between calls at module level (decisions/0033): a fresh array of a
 * few hundred KB or more costs its page faults and zeroing on every call and a collection later,
 * so the SVD's and the symmetric eigensolver's stages keep theirs. Up to `limit` doubles per
 * slot; a larger request gets a fresh (zeroed) array of its own, dropped with the call.
 *
 * A kept array holds whatever the previous call left in it and may be longer than asked for:
 * callers write before they read (or zero what they use), return nothing that aliases it, and
 * do not re-enter themselves while it is in use; JavaScript runs one call at a time.
 */
export interface KeptBuffers {
  /** At least `size` doubles for `slot` (0 <= slot < the slot count). */
  take(slot: number, size: number): Float64Array;
}

export function keptBuffers(slots: number, limit: number): KeptBuffers {
  const kept = Array.from({ length: slots }, () => new Float64Array(0));
  return {
    take(slot: number, size: number): Float64Array {
      if (size > limit) return new Float64Array(size);
      let a = kept[slot]!;
      if (a.length < size) {
        a = new Float64Array(size);
        kept[slot] = a;
      }
      return a;
    },
  };
}
