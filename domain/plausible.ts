/**
 * What a photo's EXIF or a shared location says is taken only when it can be true: a camera clock
 * at 9999-12-31 or a position of 999° / 1e308 is dropped (EXIF is a hint, never proof), and a shared
 * location out of range is refused rather than becoming a site's position.
 */
export interface Position {
  lat: number;
  lng: number;
}

/** Latitude in [-90, 90] and longitude in [-180, 180], both finite numbers. */
export function isValidPosition(p: Position): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/** The earliest year a campaign photo's EXIF time is believed (digital cameras, and some margin). */
const EARLIEST_YEAR = 1990;

/** An EXIF time (ISO instant) no earlier than 1990 and no later than a day after `now`. */
export function isPlausibleTakenAt(iso: string, now: Date): boolean {
  const t = Date.parse(iso);
  return (
    Number.isFinite(t) && new Date(t).getUTCFullYear() >= EARLIEST_YEAR && t <= now.getTime() + 86_400_000
  );
}
