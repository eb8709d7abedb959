/** First free byte (16-aligned) above the module's static data: the host's heap starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/**
 * Zeroes `bytes` bytes from `p` (wasm's memory.fill). The host zeroes resident blocks with this:
 * on a shared memory, TypedArray.prototype.fill runs a relaxed-atomic loop, ten times slower.
 */
export function zeroBytes(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}
