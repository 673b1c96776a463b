/** What changes between two pictures of the same person, ear or face. */
export interface PictureJitter {
  /** Head tilt (roll) in radians. */
  angle: number;
  /** Zoom factor around 1. */
  scale: number;
  /** Shift of the drawn part, in picture widths. */
  dx: number;
  dy: number;
  /** Lighting: overall brightness and a linear gradient across the picture. */
  brightness: number;
  gx: number;
  gy: number;
}
