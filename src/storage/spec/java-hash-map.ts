/**
 * The iteration order of a `java.util.HashMap<String, …>` filled by `put` in a given order.
 *
 * Paimon reads a schema file's `options` into a `HashMap` (`SchemaSerializer.deserialize`) and writes them back
 * in that map's iteration order, so the order of options in a schema file written by Java is this order, not
 * the order the options were given in. The model: a table of 16 bins doubling whenever the size exceeds 3/4 of
 * the bins (or when one bin would hold more than 8 keys while the table is smaller than 64 bins, as
 * `treeifyBin` resizes instead of treeifying); iteration goes bin by bin, each bin in insertion order (a resize
 * keeps the relative order). Tree bins (more than 8 colliding keys in 64+ bins) are taken in insertion order too.
 */
export function javaHashMapOrder(keys: Iterable<string>): string[] {
  let bins: string[][] = Array.from({ length: 16 }, () => []);
  let size = 0;
  const seen = new Set<string>();
  const resize = () => {
    const next: string[][] = Array.from({ length: bins.length * 2 }, () => []);
    for (const bin of bins) for (const key of bin) next[binIndex(key, next.length)]!.push(key);
    bins = next;
  };
  for (const key of keys) {
    if (seen.has(key)) continue; // a put of an existing key keeps its position
    seen.add(key);
    const bin = bins[binIndex(key, bins.length)]!;
    bin.push(key);
    if (bin.length > 8 && bins.length < 64) resize();
    if (++size > bins.length * 0.75) resize();
  }
  return bins.flat();
}

/** `String.hashCode()`: s[0]*31^(n-1) + … + s[n-1] over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** `HashMap.hash(key) & (n - 1)`: the hash's high half is folded into the low half first. */
function binIndex(key: string, binCount: number): number {
  const h = javaStringHash(key);
  return (h ^ (h >>> 16)) & (binCount - 1);
}
