import type { Enterprise } from "../domain/enterprise.js";
import { judgePhoto, type PhotoVerdict, type ProofPolicy } from "../domain/photo-proof.js";
import type { AttachedPhoto } from "../storage/photos-repo.js";

/** Whether a photo proves a case's completion, as the board shows it: the campaign's one decision. */
export function photoVerdict(
  photo: AttachedPhoto,
  enterprise: Pick<Enterprise, "reportedAt" | "siteLat" | "siteLng">,
  policy: ProofPolicy,
): PhotoVerdict {
  const site =
    enterprise.siteLat !== null && enterprise.siteLng !== null
      ? { lat: enterprise.siteLat, lng: enterprise.siteLng }
      : null;
  return judgePhoto(photo, { reportedAt: enterprise.reportedAt, site }, policy);
}
