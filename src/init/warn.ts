/**
 * PyTorch's `warnings.warn(..., stacklevel=2)`: shown once per message, like Python's
 * default filter, as a Node `UserWarning` so `--no-warnings` and listeners work.
 */
const seen = new Set<string>();

export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  process.emitWarning(message, { type: "UserWarning" });
}
