// Page zoom for the window (Ctrl + / Ctrl − / Ctrl 0), kept per workstation.

/** The zoom levels Ctrl +/− step through. */
export const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

/** The next level for a key (`+`/`=` in, `-` out, `0` back to 100 %); null for other keys. */
export function nextZoom(current: number, key: string): number | null {
  if (key === "0") return 1;
  const index = ZOOM_STEPS.findIndex((step) => Math.abs(step - current) < 0.001);
  const at = index === -1 ? ZOOM_STEPS.indexOf(1) : index;
  if (key === "+" || key === "=") return ZOOM_STEPS[Math.min(at + 1, ZOOM_STEPS.length - 1)] ?? current;
  if (key === "-" || key === "_") return ZOOM_STEPS[Math.max(at - 1, 0)] ?? current;
  return null;
}

/** A stored zoom, if it is one of the steps. */
export function readZoom(stored: string | null): number {
  const value = Number(stored);
  return ZOOM_STEPS.some((step) => step === value) ? value : 1;
}
