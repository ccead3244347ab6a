/** The 32-bit FNV-1a offset basis. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;

/**
 * 32-bit FNV-1a over a string's UTF-16 code units: a cheap, stable hash for choices that must
 * look arbitrary yet never change between runs (made-up list ids, AZ rotations, where an address
 * search starts, MAC addresses). A different `basis` gives an independent hash of the same text.
 * @example fnv1a('vpc-1') === fnv1a('vpc-1') // always
 */
export function fnv1a(text: string, basis: number = FNV_OFFSET_BASIS): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
