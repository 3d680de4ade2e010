import { describe, expect, test } from "vitest";
import {
  formatDistance,
  formatExifTime,
  formatPlace,
  formatTime,
  haversineMeters,
  judgePhoto,
  type PhotoFacts,
} from "../reports/dossier/photo-evidence.js";

const site = { lat: 34.8512, lng: 113.6123 };
const photo = (over: Partial<PhotoFacts> = {}): PhotoFacts => ({
  receivedAt: "2017-03-20T09:10:00.000Z",
  takenAt: null,
  gps: null,
  reusedOn: [],
  ...over,
});

describe("photo evidence", () => {
  test.each([
    [site, site, 0, 0.001],
    [site, { lat: 34.8612, lng: 113.6123 }, 1112, 2], // 0.01° of latitude ≈ 1.11 km
    [{ lat: 34.7466, lng: 113.6253 }, { lat: 39.9042, lng: 116.4074 }, 622_000, 3000], // 郑州 → 北京
  ])("haversine %o → %o ≈ %d m", (a, b, meters, tolerance) => {
    expect(Math.abs(haversineMeters(a, b) - meters)).toBeLessThanOrEqual(tolerance);
  });

  test.each([
    ["2017-03-20T06:05:00Z", "2017年3月20日 14:05"],
    ["2017-03-20T23:30:00+08:00", "2017年3月20日 23:30"],
    ["2017-03-20T16:30:00Z", "2017年3月21日 00:30"],
    ["2017:03:20 17:05:09", "2017年3月20日 17:05"], // EXIF's own form, camera local time
    ["2017-03-20T17:05:00", "2017年3月20日 17:05"],
  ])("time %s reads %s", (time, shown) => {
    expect(formatTime(time)).toBe(shown);
  });

  test("EXIF time and place in Chinese, unknown when stripped", () => {
    expect(formatExifTime(null)).toBe("拍摄时间：未知（照片无EXIF时间）");
    expect(formatPlace(null)).toBe("拍摄地点：未知（照片无GPS信息）");
    expect(formatPlace({ lat: 34.85123, lng: 113.61234 })).toBe("拍摄地点：北纬34.8512°，东经113.6123°");
    expect(formatPlace({ lat: -1, lng: -2 })).toBe("拍摄地点：南纬1.0000°，西经2.0000°");
    expect(formatDistance(118)).toBe("约120米");
    expect(formatDistance(2234)).toBe("约2.2公里");
  });

  test("a photo taken on or after the report date counts as proof", () => {
    const v = judgePhoto(photo({ takenAt: "2017-02-10T08:00:00", gps: site }), {
      reportedOn: "2017-02-10",
      site,
    });
    expect(v).toMatchObject({ countsAsProof: true, takenBeforeReport: false, notes: [] });
    expect(v.distanceMeters).toBeCloseTo(0, 3);
  });

  test("a photo taken before the report date does not count, even if received later", () => {
    const v = judgePhoto(photo({ takenAt: "2017-02-09T23:00:00" }), { reportedOn: "2017-02-10", site });
    expect(v.countsAsProof).toBe(false);
    expect(v.notes).toEqual(["拍摄于上报之前（2017年2月9日），不作为整治完成的证明"]);
  });

  test("without EXIF time the received time is what is known", () => {
    // received 2017-02-09 20:00 Beijing time, the day before the report
    const v = judgePhoto(photo({ receivedAt: "2017-02-09T12:00:00Z" }), {
      reportedOn: "2017-02-10",
      site: null,
    });
    expect(v.takenBeforeReport).toBe(true);
  });

  test("a photo reused on another enterprise does not count; a far one is flagged but counts", () => {
    const reused = judgePhoto(photo({ reusedOn: ["GX-0007", "GX-0009"] }), {
      reportedOn: "2017-02-10",
      site,
    });
    expect(reused.countsAsProof).toBe(false);
    expect(reused.notes).toEqual(["同一照片也用于其他企业（GX-0007、GX-0009），不作为证明，需核实"]);
    const far = judgePhoto(photo({ gps: { lat: 34.8712, lng: 113.6123 } }), {
      reportedOn: "2017-02-10",
      site,
    });
    expect(far.countsAsProof).toBe(true);
    expect(far.notes).toEqual(["拍摄地点距厂址约2.2公里，需核实"]);
  });
});
