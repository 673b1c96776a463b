/**
 * The full Ear2Face objective in one call: pix2pix's adversarial + pixel L1 terms plus the
 * feature-reconstruction and style terms read through a frozen face network.
 */
import type { FeatureExtractor } from '../face/extractor';
import { faceLossTerms, type FaceLossOptions } from '../losses/face_terms';
import { defaultTrainConfig, type TrainConfig } from './config';
import { Trainer } from './trainer';

/**
 * Default generator weights of the Ear2Face objective. The paper does not publish its λ values;
 * these are ours. adv 1 and l1 100 are pix2pix's. Raw magnitudes seen early in training with the
 * built-in face network (64², generated pairs): l1 ≈ 0.2–0.3, feature ≈ 0.04–0.05 (MSE of the 256-d
 * pooled features), style ≈ 0.0006–0.001 (sum over its four layers of the Gram MSE); λ_feature 100
 * and λ_style 1000 make those weighted terms roughly 1/5 and 1/30 of the weighted L1.
 */
export const EAR2FACE_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({ adv: 1, l1: 100, feature: 100, style: 1000 });

/**
 * A trainer with all four Ear2Face terms. `config.weights` is merged over {@link EAR2FACE_WEIGHTS}
 * (set `feature: 0` or `style: 0` to leave a term out). The caller keeps ownership of `extractor`:
 * `trainer.dispose()` does not free it, so one network can serve several trainers.
 *
 * @example
 * const net = await loadFaceRecognitionNet();
 * const trainer = createEar2FaceTrainer({ imageSize: 64, ngf: 16, ndf: 16 }, net);
 * trainer.step({ ear, face }).terms;   // { 'd/real': …, 'g/adv': …, 'g/l1': …, 'g/feature': …, 'g/style': …, 'g/total': … }
 */
export function createEar2FaceTrainer(config: Partial<TrainConfig>, extractor: FeatureExtractor, faceLoss: FaceLossOptions = {}): Trainer {
  const full = defaultTrainConfig({ ...config, weights: { ...EAR2FACE_WEIGHTS, ...(config.weights ?? {}) } });
  return Trainer.create(full, { terms: faceLossTerms(extractor, faceLoss) });
}
