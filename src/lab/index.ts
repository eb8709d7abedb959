/**
 * The lab: trains and probes real networks under each initialisation and checks the
 * tutorial's and the papers' claims. The CLI (`nninit lab`) and users' scripts import from here.
 *
 * ```ts
 * import { runLab, toJsonSafe } from "../lab/index.js";
 * const results = runLab({ studies: ["symmetry"], seed: 0 });
 * writeFileSync("results.json", JSON.stringify(toJsonSafe(results), null, 2));
 * ```
 */
export { runLab, listStudies, DEFAULT_STUDIES, type RunLabOptions } from "./runner.js";
export type { LabOptions, ProgressEvent, StudyInfo } from "./api.js";
export type {
  Claim, CurvePoint, Histogram, PerLayer, Run, StudyResult, ChartSpec, DataInfo, LabResults,
} from "./types.js";
export { toJsonSafe, jsonNumber, resultsToJson } from "./util/json.js";

export { inspect, formatInspection, type InspectOptions, type Inspection, type LayerStats } from "./inspect.js";
export { renderReport } from "./report/index.js";
