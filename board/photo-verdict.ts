import type { Enterprise } from "../domain/enterprise.js";
import { caseForProof, judgePhoto, type PhotoVerdict, type ProofPolicy } from "../domain/photo-proof.js";
import type { AttachedPhoto } from "../storage/photos-repo.js";

/** Whether a photo proves a case's completion, as the board shows it: the campaign's one decision. */
export function photoVerdict(
  photo: AttachedPhoto,
  enterprise: Pick<Enterprise, "reportedAt" | "reopenedAt" | "siteLat" | "siteLng">,
  policy: ProofPolicy,
): PhotoVerdict {
  return judgePhoto(photo, caseForProof(enterprise), policy);
}
