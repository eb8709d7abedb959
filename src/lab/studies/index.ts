/** Every study, in the order `all` runs them; the default set comes first. */
import { seedStudy } from "./seed.js";
import { symmetryStudy } from "./symmetry.js";
import { varianceStudy } from "./variance.js";
import { depthStudy } from "./depth.js";
import { glorotStudy } from "./glorot.js";
import { playgroundStudy } from "./playground.js";
import { orthogonalStudy } from "./orthogonal.js";
import type { StudyDef } from "./study.js";

export const STUDIES: readonly StudyDef[] = [seedStudy, symmetryStudy, varianceStudy, depthStudy, glorotStudy, playgroundStudy, orthogonalStudy];

export type { StudyDef, StudyContext, Scale } from "./study.js";
