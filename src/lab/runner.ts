/**
 * `runLab`: runs the chosen studies in order and assembles `LabResults` (schema
 * `nninit-lab/1`). Every run seeds its own generators from `options.seed`, so the same options
 * give the same results, apart from wall times (`timings` and each study's `seconds`).
 * The default generator's state is saved and restored, so calling the lab leaves the
 * caller's random stream where it was.
 */
import { ArgumentTypeError, ValueError, show } from "../errors/index.js";
import { get_rng_state, set_rng_state } from "../random/default.js";
import type { LabOptions, ProgressEvent, StudyInfo } from "./api.js";
import { STUDIES, type Scale, type StudyContext, type StudyDef } from "./studies/index.js";
import type { LabResults, StudyResult } from "./types.js";
import { loadData, type LabData, balancedIndices, subsetSplit } from "./util/data.js";
import { StudyProgress } from "./util/progress.js";
import { packageVersion } from "./util/version.js";

/** The studies run when none are named. */
export const DEFAULT_STUDIES: readonly string[] = Object.freeze(STUDIES.filter((s) => s.default).map((s) => s.id));

/** Every study, for `nninit lab --list`. */
export function listStudies(): StudyInfo[] {
  return STUDIES.map(({ id, title, description, default: isDefault }) => ({ id, title, description, default: isDefault }));
}

/**
 * `LabOptions` plus what only the test suite uses. `scale: "test"` shrinks every study
 * (fewer images, seeds and steps) so the whole suite runs in seconds; it is not a CLI option,
 * and its results are not the lab's documented figures.
 */
export interface RunLabOptions extends LabOptions {
  scale?: Scale;
}

/** Test-scale data: class-balanced prefixes of both splits. */
const TEST_SCALE_SIZES = { train: 1200, test: 500 };

function resolveStudies(requested: readonly string[] | undefined): StudyDef[] {
  if (requested !== undefined && !Array.isArray(requested)) {
    throw new ArgumentTypeError(`runLab: studies must be an array of study ids, got ${show(requested)}.`);
  }
  const ids = requested === undefined || requested.length === 0 ? DEFAULT_STUDIES : requested;
  const valid = STUDIES.map((s) => s.id);
  const chosen: StudyDef[] = [];
  for (const id of ids) {
    if (id === "all") {
      for (const s of STUDIES) if (!chosen.includes(s)) chosen.push(s);
      continue;
    }
    const study = STUDIES.find((s) => s.id === id);
    if (!study) {
      throw new ValueError(`runLab: unknown study ${show(id)}. Valid studies: ${valid.join(", ")}, or "all" for every one.`);
    }
    if (!chosen.includes(study)) chosen.push(study);
  }
  return chosen;
}

function checkOptions(options: RunLabOptions): void {
  if (options === null || typeof options !== "object") {
    throw new ArgumentTypeError(`runLab: options must be an object such as { studies: ["seed"] }, got ${show(options)}.`);
  }
  const { epochs, seed, scale } = options;
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1)) {
    throw new ValueError(`runLab: epochs must be a whole number ≥ 1, got ${show(epochs)}.`);
  }
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) {
    throw new ValueError(`runLab: seed must be a whole number ≥ 0, got ${show(seed)}.`);
  }
  if (scale !== undefined && scale !== "default" && scale !== "test") {
    throw new ValueError(`runLab: scale must be "default" or "test", got ${show(scale)}.`);
  }
}

/** The `nninit lab` command line these options correspond to. */
function commandLine(ids: readonly string[], o: RunLabOptions): string {
  const parts = ["nninit lab", ...ids];
  if (o.full) parts.push("--full");
  if (o.data !== undefined) parts.push(`--data ${o.data}`);
  if (o.epochs !== undefined) parts.push(`--epochs ${o.epochs}`);
  parts.push(`--seed ${o.seed ?? 0}`);
  return parts.join(" ");
}

export function runLab(options: RunLabOptions = {}): LabResults {
  checkOptions(options);
  const studies = resolveStudies(options.studies);
  const ids = studies.map((s) => s.id);
  const seed = options.seed ?? 0;
  const scale = options.scale ?? "default";
  const emit = (e: ProgressEvent): void => options.onProgress?.(e);
  const started = performance.now();

  let data: LabData | null = null;
  const getData = (): LabData => {
    if (data === null) {
      const loaded = loadData(options);
      data =
        scale === "test"
          ? {
              train: subsetSplit(loaded.train, balancedIndices(loaded.train, TEST_SCALE_SIZES.train)),
              test: subsetSplit(loaded.test, balancedIndices(loaded.test, TEST_SCALE_SIZES.test)),
              info: { ...loaded.info, train_size: TEST_SCALE_SIZES.train, test_size: TEST_SCALE_SIZES.test },
            }
          : loaded;
    }
    return data;
  };
  // Load up front: a bad --data path fails before any work, and DataInfo is always filled.
  getData();

  const saved = get_rng_state();
  try {
    const contexts = studies.map(
      (s): StudyContext => ({ seed, epochs: options.epochs, scale, data: getData, progress: new StudyProgress(s.id, emit) }),
    );
    const units = studies.map((s, i) => s.units(contexts[i]!));
    emit({ type: "lab-start", studies: ids, total_units: units.reduce((a, b) => a + b, 0) });

    const results: StudyResult[] = [];
    const perStudy: Record<string, number> = {};
    studies.forEach((study, i) => {
      const ctx = contexts[i]!;
      const t0 = performance.now();
      emit({ type: "study-start", study: study.id, title: study.title, index: i, total: studies.length, units: units[i]! });
      const result = study.run(ctx);
      if (ctx.progress.done !== units[i]) {
        throw new Error(`internal: study ${study.id} planned ${units[i]} units of work but reported ${ctx.progress.done}.`);
      }
      const seconds = (performance.now() - t0) / 1000;
      results.push({ ...result, seconds });
      perStudy[study.id] = seconds;
      emit({ type: "study-end", study: study.id, seconds });
    });

    const total = (performance.now() - started) / 1000;
    emit({ type: "lab-end", seconds: total });
    return {
      schema: "nninit-lab/1",
      nninit_version: packageVersion(),
      command: commandLine(ids, options),
      seed,
      data: getData().info,
      studies: results,
      timings: { total_seconds: total, per_study: perStudy },
    };
  } finally {
    set_rng_state(saved);
  }
}
