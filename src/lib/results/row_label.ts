/** Names of the results table's rows, read off a run's loss weights. */

/**
 * What a run with these generator weights is called in the results table.
 *
 * @example
 * rowLabel({ adv: 0, l1: 100, feature: 0, style: 0 });       // 'U-Net, L1 only'
 * rowLabel({ adv: 1, l1: 100, feature: 0, style: 0 });       // 'pix2pix (adversarial + L1)'
 * rowLabel({ adv: 1, l1: 100, feature: 100, style: 1000 });  // 'Ear2Face (all four terms)'
 * rowLabel({ adv: 1, l1: 100, feature: 0, style: 1000 });    // 'Ear2Face − feature'
 */
export function rowLabel(weights: Record<string, number>): string {
  const on = (name: string) => (weights[name] ?? 0) > 0;
  const [adv, l1, feature, style] = ['adv', 'l1', 'feature', 'style'].map(on);
  if (!l1) return `weights ${JSON.stringify(weights)}`;
  if (!adv && !feature && !style) return 'U-Net, L1 only';
  if (adv && !feature && !style) return 'pix2pix (adversarial + L1)';
  if (adv && feature && style) return 'Ear2Face (all four terms)';
  if (adv && !feature && style) return 'Ear2Face − feature';
  if (adv && feature && !style) return 'Ear2Face − style';
  return `weights ${JSON.stringify(weights)}`;
}
