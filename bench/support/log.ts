/** Human-readable progress lines on stdout (the runner prints the JSON figures as the last line). */
export function say(...parts: unknown[]): void {
  process.stdout.write(`${parts.map(String).join(' ')}\n`);
}
