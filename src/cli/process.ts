/**
 * runCli with the real process around it: stdout/stderr, whether stderr is a terminal, and
 * SIGINT (Ctrl-C) while a long command runs: the first one stops the lab and exits 130; a second
 * one exits at once.
 */
import { runCli } from "./run.js";
import type { CliDeps, InterruptTrap } from "./io.js";

function trapSigint(): InterruptTrap {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSigint);
  return { signal: controller.signal, dispose: () => void process.off("SIGINT", onSigint) };
}

/** Runs `nninit argv` in this process and sets its exit code. `deps` may replace parts (tests). */
export async function runProcess(argv: string[], deps: CliDeps = {}): Promise<number> {
  // `nninit lab --list | head -1`: a closed pipe ends the output quietly, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = await runCli(
    argv,
    {
      out: (s) => void process.stdout.write(s),
      err: (s) => void process.stderr.write(s),
      errIsTTY: process.stderr.isTTY === true,
      ...(process.stderr.isTTY ? { columns: process.stderr.columns } : {}),
    },
    { trapInterrupts: trapSigint, ...deps },
  );
  process.exitCode = code;
  // An interrupted lab may leave a worker thread being torn down: do not wait for it.
  if (code === 130) process.exit(130);
  return code;
}
