/** The synthetic paired ear→face benchmark's public API (see README.md beside this file). */
export { EYE_COLOURS, HAIR_COLOURS, IDENTITY_PARAMETERS, LOBES, identityFor, randomIdentity } from './identity';
export type { EyeColour, HairColour, Lobe, ParameterSpec, SyntheticIdentity } from './identity';
export { earHeight, earJitterFor, NO_EAR_JITTER, randomEarJitter, renderEar } from './render_ear';
export type { EarJitter } from './render_ear';
export { faceHalfWidth, faceJitterFor, NO_FACE_JITTER, randomFaceJitter, renderFace } from './render_face';
export type { FaceJitter } from './render_face';
export { pairFiles, renderSyntheticPair, subjectId, syntheticPairs } from './pair';
export type { SyntheticPair } from './pair';
export { heldOutSubjects as syntheticHeldOutSubjects } from './split';
export { INCOMPLETE_MARKER, SYNTHETIC_GENERATOR, SYNTHETIC_SIZES, SYNTHETIC_VERSION, writeSyntheticDataset } from './write_dataset';
export type { SyntheticDatasetOptions, SyntheticDatasetResult } from './write_dataset';
export { syntheticSampleGrid } from './sample_grid';
export type { SampleGridOptions } from './sample_grid';
export { earVisibleOnly, syntheticBaselines } from './baselines';
export type { BaselineOptions, BaselineReport } from './baselines';
