/**
 * "1 column", "3 columns": a count with its noun in the right number, for error messages (`plural` where it is not
 * noun + "s"). The one place messages get their plurals from.
 */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
