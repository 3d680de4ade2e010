import type { Enterprise } from "../domain/enterprise.js";
import { judgePhoto, type PhotoVerdict } from "../reports/dossier/photo-evidence.js";
import type { AttachedPhoto } from "../storage/photos-repo.js";

/**
 * Whether a photo proves a case's completion, as the board shows it. The ONE place the board asks:
 * today that is what the dossier decides (reports/dossier/photo-evidence.ts); when the campaign's
 * single evidence function (issue 12) lands, this call is the line to switch.
 */
export function photoVerdict(
  photo: AttachedPhoto,
  reusedOn: string[],
  enterprise: Pick<Enterprise, "reportedOn" | "siteLat" | "siteLng">,
): PhotoVerdict {
  return judgePhoto(
    {
      receivedAt: photo.attachedAt,
      takenAt: photo.takenAt,
      gps: photo.gpsLat !== null && photo.gpsLng !== null ? { lat: photo.gpsLat, lng: photo.gpsLng } : null,
      reusedOn,
    },
    {
      reportedOn: enterprise.reportedOn,
      site:
        enterprise.siteLat !== null && enterprise.siteLng !== null
          ? { lat: enterprise.siteLat, lng: enterprise.siteLng }
          : null,
    },
  );
}
