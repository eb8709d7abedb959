/** Whether operations record the graph for `backward()`: `torch.no_grad` and friends. */
let enabled = true;

export function is_grad_enabled(): boolean {
  return enabled;
}

/** Runs `fn` without recording operations (like `with torch.no_grad():`). */
export function no_grad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `no_grad`. */
export function enable_grad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

export function set_grad_enabled(mode: boolean): void {
  enabled = mode;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const saved = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = saved;
  }
}
