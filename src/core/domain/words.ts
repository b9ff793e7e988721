/** Counts in words: "1 story", "2 stories", never "1 stories". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
