// The mnist package (MIT) has no types: each digit 0..9 is an entry with `raw`, its
// samples' 784 pixels each, as values k/255 rounded to 3 decimals.
declare module 'mnist' {
  const digits: { readonly raw: readonly number[]; readonly length: number }[];
  export default digits;
}
