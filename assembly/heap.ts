/** First free byte (16-aligned) above the module's static data: the host's heap starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
